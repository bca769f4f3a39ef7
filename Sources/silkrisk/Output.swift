import ArgumentParser
import DossierXML
import FoundationEssentials
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

/// Writes diagnostics to standard error the one way every command does: compiler-style, with the
/// source line and a caret where there is one (rule files and dossiers alike).
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    let renderer = DiagnosticRenderer()
    for diagnostic in diagnostics { printError(renderer.render(diagnostic)) }
}
