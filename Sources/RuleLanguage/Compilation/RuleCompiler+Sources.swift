import SilkDiagnostics

/// Sources and the quotes rules cite from them: a source that names a text file is read once,
/// and every quote citing it must be found in it verbatim, as a reader sees it (an error
/// otherwise, with the closest passage of the source as the fix).
extension RuleCompiler {
    mutating func declareSource(_ syntax: SourceSyntax) {
        sources[syntax.id.value] = syntax
        guard let file = syntax.file else { return }
        let directory = Self.directory(of: file.span.file.path)
        let path = file.value.hasPrefix("/") ? file.value : directory + file.value
        if let text = readFile(path) {
            sourceTexts[syntax.id.value] = Array(Self.normalised(text).utf8)
        } else {
            diagnostics.append(
                Diagnostic(
                    .warning, .sourceFileUnreadable, "cannot read the source text '\(path)'; its quotes cannot be checked", at: file.span))
        }
    }

    /// Each citation names a declared source, and its quote is in the source's text when the
    /// text could be read.
    mutating func checkCitations(_ citations: [CitationSyntax]) {
        for citation in citations {
            guard sources[citation.source.value] != nil else {
                diagnostics.append(
                    Diagnostic(
                        .error, .unknownSource, "unknown source '\(citation.source.value)'", at: citation.source.span,
                        suggestions: Suggest.closest(to: citation.source.value, among: Array(sources.keys)).map { ["did you mean '\($0)'?"] } ?? []))
                continue
            }
            let quote = Array(Self.normalised(citation.quote.value).utf8)
            if let text = sourceTexts[citation.source.value], !Self.contains(text, quote) {
                // An error: a report presents the quote as the source's own words.
                let closest = ClosestPassage.find(quote, in: text)
                diagnostics.append(
                    Diagnostic(
                        .error, .quoteNotFound, "the quote is not found verbatim in source '\(citation.source.value)'",
                        at: citation.quote.span,
                        suggestions: closest.map { ["the closest passage of the source is \"\($0)\"; quote it exactly"] }
                            ?? ["copy the words exactly as the source gives them"]))
            }
        }
    }

    /// Whether `needle` occurs in `haystack`, byte for byte: a plain scan over bytes, far cheaper
    /// than a Unicode-aware string search on a whole essay.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                var index = 0
                let last = hay.count - pin.count
                while index <= last {
                    if hay[index] == first {
                        var offset = 1
                        while offset < pin.count && hay[index + offset] == pin[offset] { offset += 1 }
                        if offset == pin.count { return true }
                    }
                    index += 1
                }
                return false
            }
        }
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    /// Collapses runs of white space and unifies quote and dash variants, so that a quote is
    /// matched verbatim as a reader sees it, not as the file happens to wrap or type it.
    static func normalised(_ text: String) -> String {
        var result = ""
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            var character = Character(scalar)
            switch scalar {
            case "\u{2018}", "\u{2019}": character = "'"
            case "\u{201C}", "\u{201D}": character = "\""
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}": character = "-"
            default: break
            }
            if character.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        return result
    }
}
