internal import CLibXML2

/// One-time, process-wide set-up of libxml2: initialise the library before any thread uses it,
/// and install the external-entity loader that refuses every URL, local files included
/// (`XML_PARSE_NONET` alone blocks only http and ftp), but for the files a schema being compiled
/// includes, which we read ourselves (`SchemaResources`).
enum XMLLibrary {
    private static let initialised: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader(SchemaResources.loader)
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }

    /// The version of libxml2 this build was compiled against, e.g. "2.9.14".
    static let version: String = LIBXML_DOTTED_VERSION
}
