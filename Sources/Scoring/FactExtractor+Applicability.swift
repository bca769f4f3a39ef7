import DossierXML
import RuleLanguage

/// What a dossier says beyond its values, as the catalogue declares it: sections and elements
/// that do not apply (`notApplicable at ... path ...`), and sections whose lists hold at least
/// their items (`open lists under ... when ...`). Both cost nothing to a dossier that uses
/// neither: one list reading that is absent, and one comparison per `open lists` declaration.
extension FactExtractor {
    /// The items that say what does not apply, read as a list of (path, reason) records, and the
    /// facts each path they may name covers: the facts at that path or under it, element by
    /// element (a list fact by its items' path), and a fact read from an attribute by its own
    /// full path too.
    struct Applicability: Sendable {
        let slot: Int
        let list: XMLQuery.List
        let covered: [String: [Int]]

        init(_ declaration: NotApplicableItems, facts: [CompiledFact], slot: Int) {
            self.slot = slot
            list = XMLQuery.List(
                slot: slot, path: Array(declaration.items.elements.dropLast()), item: declaration.items.elements.last!,
                fields: [(declaration.path.elements, FactExtractor.read(.text, declaration.path)), ([], .text)])
            var covered: [String: [Int]] = [:]
            for (slot, fact) in facts.enumerated() {
                var keys: [String] = []
                var prefix = ""
                for element in fact.path.elements {
                    prefix += prefix.isEmpty ? element : "/" + element
                    keys.append(prefix)
                }
                if fact.path.attribute != nil { keys.append(fact.path.description) }
                for key in keys { covered[key, default: []].append(slot) }
            }
            self.covered = covered
        }

        /// Gives every fact an item covers, and the dossier does not give, the value "not
        /// applicable" with the item's text as its reason and the item's line, basis and sources
        /// as its evidence. (The format refuses an item naming an element the dossier gives.)
        func apply(_ items: XMLListReading, in result: XMLQueryResult, to values: inout [Value?], _ evidence: inout [FactEvidence?]) {
            for item in 0..<items.count {
                guard let pathReading = result.field(0, ofItem: item, in: items), let pathText = pathReading.text else { continue }
                let path = FactExtractor.collapsed(pathText, in: result)
                guard let slots = covered[path] else { continue }
                let reasonReading = result.field(1, ofItem: item, in: items)
                let reason = reasonReading?.text.map { FactExtractor.collapsed($0, in: result) } ?? ""
                let provenance = reasonReading ?? pathReading
                let proof = FactEvidence(
                    line: provenance.line, basis: provenance.basis.flatMap { result.value($0, is: "reported") ? nil : result.string($0) },
                    sources: provenance.source.map { FactExtractor.sources($0, in: result) } ?? [])
                for slot in slots where values[slot] == nil {
                    values[slot] = .notApplicable(reason)
                    evidence[slot] = proof
                }
            }
        }
    }

    /// Opens the lists of every section whose condition holds: a list with items becomes an
    /// open list of them; one without items, unknown.
    func open(_ values: inout [Value?], _ evidence: inout [FactEvidence?]) {
        for section in openLists {
            guard let value = values[section.conditionSlot] else { continue }
            let equal = section.values.contains { ValueOperations.compare(.equal, value, $0, rates: .none) == true }
            guard equal != section.negated else { continue }
            for slot in section.slots {
                guard case .list(let items)? = values[slot] else { continue }
                if items.isEmpty {
                    values[slot] = nil
                    evidence[slot] = nil
                } else {
                    values[slot] = .openList(items)
                }
            }
        }
    }
}
