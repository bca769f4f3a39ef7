import ToolSupport

/// Seeded mutations of a dossier's text, for the differential tests of the two read routes: each
/// mutation breaks (or, now and then, keeps) the document in one way a hand-edited dossier can be
/// wrong — an element deleted, duplicated or moved, a value outside its type, an attribute added
/// or dropped, a reference to nothing — or changes how it is written without changing what it
/// says (comments, character references, blank runs), which the streaming reader must read as
/// the tree does or hand on.
struct DossierMutator {
    /// The same seed gives the same mutants on every machine.
    typealias Random = SeededGenerator

    /// An element of the text: where its start tag, content and end tag lie (byte offsets).
    struct Element {
        var name: String
        var start: Int
        /// Just past the start tag's `>`.
        var contentStart: Int
        /// Where the end tag begins (`contentStart` for an empty-element tag).
        var contentEnd: Int
        /// Just past the end tag.
        var end: Int
        var parent: Int?
    }

    let bytes: [UInt8]
    let elements: [Element]

    init(_ text: String) {
        bytes = Array(text.utf8)
        elements = Self.elements(in: bytes)
    }

    /// The elements of a document without CDATA (as every dossier in Inputs/ is), in document order.
    static func elements(in bytes: [UInt8]) -> [Element] {
        var elements: [Element] = []
        var open: [Int] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if next == UInt8(ascii: "/") {
                if let last = open.popLast() {
                    elements[last].contentEnd = index
                    elements[last].end = close + 1
                }
            } else if next != UInt8(ascii: "?") && next != UInt8(ascii: "!") {
                let nameEnd = bytes[(index + 1)...].firstIndex {
                    $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "/") || $0 == 10
                }
                let name = String(decoding: bytes[(index + 1)..<(nameEnd ?? close)], as: UTF8.self)
                let empty = bytes[close - 1] == UInt8(ascii: "/")
                elements.append(Element(name: name, start: index, contentStart: close + 1, contentEnd: close + 1, end: close + 1, parent: open.last))
                if !empty { open.append(elements.count - 1) }
            }
            index = close + 1
        }
        return elements
    }

    /// The kinds of mutation, each one way a dossier goes wrong (or is written differently).
    enum Kind: CaseIterable {
        case deleteElement, duplicateElement, swapWithNextSibling, moveIntoParent
        case badEnumeration, badDate, badMoney, emptyText, longText
        case addAttribute, dropAttribute, namespacedAttribute
        case brokenReference, duplicateID
        case commentInText, characterReference, blankAroundText, carriageReturn, cdataText
        case latin1Declaration, doctype, truncate
    }

    /// One mutant made by `kind`, or nil when the document offers it nothing to work on.
    func mutant(_ kind: Kind, random: inout Random) -> [UInt8]? {
        let all = Array(elements.indices.dropFirst())
        guard !all.isEmpty else { return nil }
        let leaves = all.filter { isLeafWithText($0) }
        func replace(_ range: Range<Int>, with new: [UInt8]) -> [UInt8] {
            var copy = bytes
            copy.replaceSubrange(range, with: new)
            return copy
        }
        func text(_ element: Element) -> Range<Int> { element.contentStart..<element.contentEnd }
        switch kind {
        case .deleteElement:
            let element = elements[random.pick(all)]
            return replace(element.start..<element.end, with: [])
        case .duplicateElement:
            let element = elements[random.pick(all)]
            return replace(element.end..<element.end, with: Array(bytes[element.start..<element.end]))
        case .swapWithNextSibling:
            let pairs = all.compactMap { first -> (Int, Int)? in
                guard let second = all.first(where: { elements[$0].start >= elements[first].end && elements[$0].parent == elements[first].parent })
                else { return nil }
                return (first, second)
            }
            guard !pairs.isEmpty else { return nil }
            let (a, b) = random.pick(pairs)
            let first = elements[a]
            let second = elements[b]
            let swapped =
                Array(bytes[second.start..<second.end]) + Array(bytes[first.end..<second.start]) + Array(bytes[first.start..<first.end])
            return replace(first.start..<second.end, with: swapped)
        case .moveIntoParent:
            // An element moved up one level: just after its parent's start tag's siblings' end.
            let nested = all.filter { elements[$0].parent.map { $0 > 0 } ?? false }
            guard !nested.isEmpty else { return nil }
            let element = elements[random.pick(nested)]
            let parent = elements[element.parent!]
            var copy = bytes
            copy.insert(contentsOf: bytes[element.start..<element.end], at: parent.end)
            copy.removeSubrange(element.start..<element.end)
            return copy
        case .badEnumeration:
            guard !leaves.isEmpty else { return nil }
            return replace(text(elements[random.pick(leaves)]), with: Array(random.pick(["bogus", "Poor", "other ", "1e3", "-"]).utf8))
        case .badDate:
            return replaceAttributeOrText(
                matching: { $0.count == 10 && $0.dropFirst(4).first == UInt8(ascii: "-") && $0.dropFirst(7).first == UInt8(ascii: "-") },
                with: random.pick(["2021-02-30", "2021-13-01", "21-01-01", "2021-1-1", "2021-01-01T00:00:00", ""]), random: &random)
        case .badMoney:
            return replaceAttribute(
                named: random.pick(["amount", "min", "max", "currency", "year"]),
                with: random.pick(["12,5", "-1", "abc", "1e9", "", " 5", "EURO", "20.5.1"]), random: &random)
        case .emptyText:
            guard !leaves.isEmpty else { return nil }
            return replace(text(elements[random.pick(leaves)]), with: [])
        case .longText:
            guard !leaves.isEmpty else { return nil }
            return replace(text(elements[random.pick(leaves)]), with: Array(String(repeating: "x", count: 5000).utf8))
        case .addAttribute:
            let element = elements[random.pick(all)]
            let attribute = random.pick([" bogus=\"1\"", " basis=\"estimate\"", " source=\"essay\"", " basis=\"guess\"", " id=\"dup\""])
            return replace(element.start + 1 + element.name.utf8.count..<element.start + 1 + element.name.utf8.count, with: Array(attribute.utf8))
        case .dropAttribute:
            return replaceAttribute(named: random.pick(["id", "currency", "format", "asOf", "kind", "source", "basis"]), with: nil, random: &random)
        case .namespacedAttribute:
            let element = elements[random.pick(all)]
            let at = element.start + 1 + element.name.utf8.count
            return replace(at..<at, with: Array(random.pick([" xml:lang=\"en\"", " xmlns:a=\"urn:a\" a:x=\"1\"", " xml:id=\"q\""]).utf8))
        case .brokenReference:
            return replaceAttribute(named: "source", with: random.pick(["nowhere", "essay nowhere", "", " "]), random: &random)
        case .duplicateID:
            guard let parties = elements.firstIndex(where: { $0.name == "parties" }),
                let party = elements.firstIndex(where: { $0.name == "party" && $0.parent == parties })
            else { return nil }
            let copy = elements[party]
            return replace(copy.end..<copy.end, with: Array(bytes[copy.start..<copy.end]))
        case .commentInText:
            guard !leaves.isEmpty else { return nil }
            let element = elements[random.pick(leaves)]
            return replace(element.contentEnd..<element.contentEnd, with: Array("<!-- note -->".utf8))
        case .characterReference:
            guard !leaves.isEmpty else { return nil }
            let element = elements[random.pick(leaves)]
            return replace(element.contentStart..<element.contentStart, with: Array(random.pick(["&#x41;", "&amp;", "&lt;", "&#32;"]).utf8))
        case .blankAroundText:
            guard !leaves.isEmpty else { return nil }
            let element = elements[random.pick(leaves)]
            var copy = bytes
            copy.insert(contentsOf: Array(random.pick([" ", "\n  ", "\t"]).utf8), at: element.contentEnd)
            copy.insert(contentsOf: Array(random.pick([" ", "\n    ", "\t"]).utf8), at: element.contentStart)
            return copy
        case .carriageReturn:
            let element = elements[random.pick(all)]
            return replace(element.start..<element.start, with: [13, 10])
        case .cdataText:
            guard !leaves.isEmpty else { return nil }
            let element = elements[random.pick(leaves)]
            return replace(text(element), with: Array("<![CDATA[".utf8) + bytes[text(element)] + Array("]]>".utf8))
        case .latin1Declaration:
            guard bytes.starts(with: Array("<?xml".utf8)), let end = bytes.firstIndex(of: UInt8(ascii: ">")) else { return nil }
            return replace(
                0..<end + 1,
                with: Array(random.pick(["<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "<?xml version=\"1.0\" encoding=\"utf8\"?>"]).utf8))
        case .doctype:
            let root = elements[0]
            return replace(root.start..<root.start, with: Array("<!DOCTYPE dossier [<!ENTITY e \"x\">]>\n".utf8))
        case .truncate:
            return Array(bytes[0..<random.below(bytes.count)])
        }
    }

    private func isLeafWithText(_ index: Int) -> Bool {
        let element = elements[index]
        guard element.contentEnd > element.contentStart else { return false }
        return !bytes[element.contentStart..<element.contentEnd].contains(UInt8(ascii: "<"))
    }

    /// Replaces the value of one attribute `name="…"` (nil: removes the attribute).
    private func replaceAttribute(named name: String, with value: String?, random: inout Random) -> [UInt8]? {
        let needle = Array(" \(name)=\"".utf8)
        var starts: [Int] = []
        var index = 0
        while index + needle.count <= bytes.count {
            if bytes[index..<index + needle.count].elementsEqual(needle) { starts.append(index) }
            index += 1
        }
        guard !starts.isEmpty else { return nil }
        let start = random.pick(starts)
        guard let close = bytes[(start + needle.count)...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
        var copy = bytes
        if let value {
            copy.replaceSubrange(start + needle.count..<close, with: Array(value.utf8))
        } else {
            copy.removeSubrange(start..<close + 1)
        }
        return copy
    }

    /// Replaces one attribute value or element text that `matches`.
    private func replaceAttributeOrText(matching matches: (ArraySlice<UInt8>) -> Bool, with value: String, random: inout Random) -> [UInt8]? {
        var ranges: [Range<Int>] = []
        var start: Int?
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "<") {
                if let open = start, matches(bytes[open..<index]) { ranges.append(open..<index) }
                start = byte == UInt8(ascii: "<") ? nil : index + 1
            }
        }
        guard !ranges.isEmpty else { return nil }
        var copy = bytes
        copy.replaceSubrange(random.pick(ranges), with: Array(value.utf8))
        return copy
    }
}
