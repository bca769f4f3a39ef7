import DossierXML
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics
import ToolSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a line to standard error (descriptor 2, unbuffered, so order with stdout is kept
/// per stream).
func printError(_ text: String) {
    var line = text
    line.append("\n")
    _ = line.withCString { pointer in write(2, pointer, strlen(pointer)) }
}
