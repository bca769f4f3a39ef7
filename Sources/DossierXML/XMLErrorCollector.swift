internal import CLibXML2
import SilkDiagnostics

/// Collects what libxml2 reports while one document is parsed and validated, on one thread:
/// the errors its contexts hand to their structured-error callbacks, whether a DOCTYPE was met,
/// and the lines libxml2 cannot store.
final class XMLErrorCollector {
    var problems: [XMLProblem] = []
    var sawDoctype = false
    /// The start-tag lines of elements at line 65535 or beyond, by node: libxml2 stores a node's
    /// line in 16 bits, and `xmlGetLineNo` then guesses from the node's first text descendant or
    /// its siblings, which is wrong for elements holding only elements, or empty ones.
    var bigLines: [UnsafeMutableRawPointer: Int] = [:]
    /// What libxml2's errors are reported as: parse errors until the document is parsed, then
    /// schema errors.
    var id: DiagnosticID = .notWellFormed

    func record(_ error: UnsafePointer<xmlError>) {
        let error = error.pointee
        guard error.level != XML_ERR_WARNING else { return }
        // A stop requested by our own DOCTYPE handler is already recorded.
        if sawDoctype, error.code == Int32(XML_ERR_USER_STOP.rawValue) { return }
        var message = error.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        while message.last?.isNewline == true || message.last == " " { message.removeLast() }
        var line = max(Int(error.line), 1)
        let column = Int(error.int2)
        var place = XMLProblem.Place.lineAndColumn(line: line, column: max(column, 1))
        // Schema errors name the element they blame, with its line and no column: the column
        // is found in the source, from the element's name.
        if let node = error.node?.assumingMemoryBound(to: xmlNode.self), node.pointee.type == XML_ELEMENT_NODE {
            line = bigLines[UnsafeMutableRawPointer(node)] ?? line
            place = column > 0 ? .lineAndColumn(line: line, column: column) : .element(Self.qualifiedName(of: node), line: line)
        }
        problems.append(XMLProblem(id, message, at: place))
    }

    /// The 1-based line of an element's start tag, beyond 65535 too.
    func line(of node: xmlNodePtr) -> Int {
        let stored = node.pointee.line
        // An element's start-tag line, as parsed, when it fits in libxml2's 16 bits.
        if stored != 0 && stored != UInt16.max && node.pointee.type == XML_ELEMENT_NODE { return Int(stored) }
        if stored == UInt16.max, let line = bigLines[UnsafeMutableRawPointer(node)] { return line }
        return Int(xmlGetLineNo(node))
    }

    /// An element's name as the source writes it: `prefix:local`, or `local` without a prefix.
    static func qualifiedName(of node: xmlNodePtr) -> String {
        let local = node.pointee.name.map { String(cString: $0) } ?? ""
        guard let prefix = node.pointee.ns?.pointee.prefix else { return local }
        return String(cString: prefix) + ":" + local
    }

    /// The structured-error callback of a schema context: `userData` is the collector.
    static let forward: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        Unmanaged<XMLErrorCollector>.fromOpaque(userData).takeUnretainedValue().record(error)
    }
}
