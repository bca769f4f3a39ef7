import DossierXML
import Foundation
import SilkDiagnostics
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Shared helpers for the DossierXML tests: fixture locations, outcome accessors, source positions
// computed independently of the module's own position recovery, and small system probes.

enum Fixtures {
    /// Tests/DossierXMLTests/
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The package root (two levels above this target's folder).
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let hostileDirectory = testsDirectory.appendingPathComponent("Fixtures/hostile")
    static let inputsDirectory = packageRoot.appendingPathComponent("Inputs")
    /// Third-party hostile samples; read-only and absent on some machines.
    /// `shared/` stands beside the clone, for developers and CI alike.
    static let sharedCorpusDirectory = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/hostile")

    static func hostilePath(_ name: String) -> String {
        hostileDirectory.appendingPathComponent(name).path
    }

    static func hostileText(_ name: String) throws -> String {
        try String(contentsOfFile: hostilePath(name), encoding: .utf8)
    }

    static var cr929Path: String { inputsDirectory.appendingPathComponent("cr929-widebody.xml").path }

    static func cr929Text() throws -> String {
        try String(contentsOfFile: cr929Path, encoding: .utf8)
    }

    /// The names of the example dossiers under Inputs/.
    static func inputNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: inputsDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.sorted()
    }

    static var sharedCorpusExists: Bool {
        FileManager.default.fileExists(atPath: sharedCorpusDirectory.path)
    }

    /// Every *.xml below the shared hostile corpus, as paths relative to it.
    static func sharedCorpusSamples() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: sharedCorpusDirectory.path) else { return [] }
        var samples: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".xml") { samples.append(relative) }
        }
        return samples.sorted()
    }

    /// The smallest valid dossier, with lines known to the tests.
    static let minimalDossier = """
        <?xml version="1.0" encoding="UTF-8"?>
        <dossier format="1" id="minimal" asOf="2020-01-01">
          <identity>
            <title>Minimal</title>
          </identity>
        </dossier>

        """
}

/// A scratch directory removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dossierxml-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

extension DossierLoader.Outcome {
    /// The problems of a failure, or nil when the dossier loaded.
    var failureProblems: [Diagnostic]? {
        if case .failure(let problems) = self { return problems }
        return nil
    }

    var loadedDossier: DossierLoader.Loaded? {
        if case .loaded(let loaded) = self { return loaded }
        return nil
    }
}

extension SafeXMLParser.Outcome {
    var failureProblems: [Diagnostic]? {
        if case .failure(let problems) = self { return problems }
        return nil
    }

    var documentRoot: XMLElementNode? {
        if case .document(let root) = self { return root }
        return nil
    }
}

extension Diagnostic {
    /// The 1-based line and column the diagnostic is placed at (0 when it has none).
    var line: Int { lineAndColumn?.line ?? 0 }
    var column: Int { lineAndColumn?.column ?? 0 }
    /// `id line:column message`, to compare a diagnostic whole.
    var summary: String { "\(id) \(line):\(column) \(message)" }
}

extension XMLElementNode {
    /// This element and all its descendants, depth first.
    var allElements: [XMLElementNode] {
        [self] + children.flatMap(\.allElements)
    }

    /// Every name, attribute value and text in the tree, joined: to check what a tree could leak.
    var everything: String {
        allElements.map { element in
            ([element.name, element.text] + element.attributes.flatMap { [$0.name, $0.value] }).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Follows a path of first children by name.
    func descendant(_ path: String...) -> XMLElementNode? {
        var current: XMLElementNode? = self
        for name in path { current = current?.child(name) }
        return current
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
func lineNumber(of needle: String, in text: String) -> Int? {
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where line.contains(needle) {
        return index + 1
    }
    return nil
}

/// The 1-based byte column of the first `needle` on the first line containing it.
func byteColumn(of needle: String, in text: String) -> Int? {
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if let range = line.range(of: needle) {
            return line.utf8.distance(from: line.startIndex, to: range.lowerBound) + 1
        }
    }
    return nil
}

/// The 1-based byte column of the first `needle` on line `line` of `text`.
func byteColumn(of needle: String, onLine line: Int, in text: String) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1, line <= lines.count else { return nil }
    return byteColumn(of: needle, in: String(lines[line - 1]))
}

/// Runs `body` and measures it.
func timed<Value>(_ body: () throws -> Value) rethrows -> (Value, Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    return (value, clock.now - start)
}

/// The one timing bound the spec demands of hostile samples.
let refusalBound: Duration = .seconds(1)

/// The first line of /etc/passwd, to check nothing read it into an output.
func passwdFirstLine() -> String? {
    guard let text = try? String(contentsOfFile: "/etc/passwd", encoding: .utf8) else { return nil }
    return text.split(separator: "\n").first.map(String.init)
}

// MARK: - System probes

/// The access time of a file, in seconds.
func accessTime(of path: String) -> Int? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    #if canImport(Darwin)
        return Int(status.st_atimespec.tv_sec)
    #else
        return Int(status.st_atim.tv_sec)
    #endif
}

/// Sets a file's access and modification times to 2000-01-01, so that any later read moves the
/// access time even under `relatime`.
func ageFile(at path: String) -> Bool {
    let old = timeval(tv_sec: 946_684_800, tv_usec: 0)
    let times = [old, old]
    return times.withUnsafeBufferPointer { utimes(path, $0.baseAddress) } == 0
}

/// A TCP listener on 127.0.0.1 that never accepts on its own: after a parse, a pending
/// connection in its backlog means something tried to contact it.
final class LocalListener {
    let descriptor: Int32
    let port: UInt16

    init?() {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && listen(descriptor, 16) == 0
                    && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard ready, fcntl(descriptor, F_SETFL, O_NONBLOCK) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.port = UInt16(bigEndian: address.sin_port)
    }

    deinit {
        close(descriptor)
    }

    /// Whether a connection is waiting (and takes it).
    func takePendingConnection() -> Bool {
        let client = accept(descriptor, nil, nil)
        guard client >= 0 else { return false }
        close(client)
        return true
    }

    /// Connects to the listener, as a control that the probe can see connections.
    func connectAsControl() -> Bool {
        #if canImport(Glibc)
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let client = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard client >= 0 else { return false }
        defer { close(client) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
