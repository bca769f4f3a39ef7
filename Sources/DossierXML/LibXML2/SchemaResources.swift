internal import CLibXML2
import Synchronization

/// The process-wide external-entity loader, and the only files it ever serves: the documents a
/// schema being compiled includes or imports (`xs:include`, `xs:import`), read beforehand by us
/// from the schema's own folder and registered by name for the length of that compilation.
/// Outside a compilation nothing is registered and every URL is refused, local files included
/// (`XML_PARSE_NONET` alone blocks only http and ftp). Dossiers and records can never name a
/// registered file: a DOCTYPE is refused before it is read, XInclude is never processed and
/// `xsi:schemaLocation` is never followed.
enum SchemaResources {
    private static let registered = Mutex<[String: [UInt8]]>([:])
    /// One schema compiles at a time, so that one compilation's files are never another's.
    private static let compiling = Mutex(())

    /// The loader libxml2 calls for every external resource: a registered file by its last
    /// path component, or nothing.
    static let loader: xmlExternalEntityLoader = { url, _, context in
        guard let url else { return nil }
        let name = String(cString: url).split(separator: "/").last.map(String.init) ?? ""
        guard let bytes = registered.withLock({ $0[name] }), bytes.count < Int(Int32.max) else { return nil }
        return bytes.withUnsafeBytes { buffer in
            silk_new_memory_input(context, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count))
        }
    }

    /// Runs `body` (a schema compilation) with `files` served by name, and none after.
    static func serving<Result>(_ files: [String: [UInt8]], _ body: () -> Result) -> Result {
        compiling.withLock { _ in
            registered.withLock { $0 = files }
            defer { registered.withLock { $0 = [:] } }
            return body()
        }
    }
}
