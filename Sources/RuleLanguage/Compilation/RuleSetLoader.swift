import FoundationEssentials
public import SilkDiagnostics

/// Loads every `*.rules` file under a folder (sorted by path, so runs are reproducible),
/// parses and compiles them into one rule set. A sub-folder that holds a `catalogue.rules` of
/// its own is a separate rule pack and is left out.
public enum RuleSetLoader {
    public struct Output: Sendable {
        public var ruleSet: CompiledRuleSet?
        public var diagnostics: [Diagnostic]
        public var files: [String]
    }

    public static func load(directory: String) -> Output {
        let manager = FileManager.default
        guard (try? manager.contentsOfDirectory(atPath: directory)) != nil else {
            return Output(
                ruleSet: nil,
                diagnostics: [Diagnostic(.error, .rulesNotFound, "no rules folder at '\(directory)'", path: directory, line: 1, column: 1)],
                files: [])
        }
        var paths: [String] = []
        let root = directory.hasSuffix("/") ? directory : directory + "/"
        if let enumerator = manager.enumerator(atPath: directory) {
            // A sub-folder with a catalogue of its own is another rule pack (Rules/iati,
            // Rules/aiddata), chosen with --rules: its files are not part of this one.
            var packs: [String] = []
            for case let relative as String in enumerator where relative.hasSuffix(".rules") {
                if packs.contains(where: { relative.hasPrefix($0) }) { continue }
                if relative.hasSuffix("/catalogue.rules") {
                    packs.append(String(relative.dropLast("catalogue.rules".count)))
                    paths.removeAll { $0.hasPrefix(root + packs.last!) }
                    continue
                }
                paths.append(root + relative)
            }
        }
        paths.sort()
        var sources: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            guard let data = manager.contents(atPath: path) else {
                diagnostics.append(Diagnostic(.error, .unreadableFile, "cannot read the rule file", path: path, line: 1, column: 1))
                continue
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                diagnostics.append(Diagnostic(.error, .invalidEncoding, "the rule file is not valid UTF-8", path: path, line: 1, column: 1))
                continue
            }
            sources.append(SourceFile(path: path, text: text))
        }
        if paths.isEmpty {
            diagnostics.append(Diagnostic(.error, .rulesNotFound, "no .rules files in '\(directory)'", path: directory, line: 1, column: 1))
        }
        let output = compile(sources)
        return Output(ruleSet: diagnostics.hasErrors ? nil : output.ruleSet, diagnostics: diagnostics + output.diagnostics, files: paths)
    }

    /// Compiles rule files already in memory; source files they name are read from disk, once:
    /// the rule set keeps what was read, so that `CompiledRuleSet.replica()` compiles the same
    /// texts again without reading anything.
    public static func compile(_ files: [SourceFile]) -> RuleCompiler.Output {
        var read: [String: String?] = [:]
        var compiler = RuleCompiler(readFile: { path in
            let text = FileManager.default.contents(atPath: path).flatMap { String(validating: $0, as: UTF8.self) }
            read[path] = text
            return text
        })
        var output = compiler.compile(files.map(Parser.parse))
        output.ruleSet?.origin = RuleSetOrigin(files: files, read: read)
        return output
    }
}
