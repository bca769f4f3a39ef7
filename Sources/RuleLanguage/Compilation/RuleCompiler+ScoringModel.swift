import SilkDiagnostics

/// The scoring model around the rules: score bands, categories and their caps, and exchange
/// rates between currencies.
extension RuleCompiler {
    /// Bands start at 0, each at its own score, all between 0 and 100.
    mutating func checkBands() {
        let sorted = bands.sorted { $0.from.value < $1.from.value }
        guard let first = sorted.first else {
            if !ruleSyntax.isEmpty, let span = ruleSyntax.first?.id.span {
                diagnostics.append(
                    Diagnostic(
                        .error, .missingBands, "no score bands are declared", at: SourceSpan(file: span.file, start: 0, end: 0),
                        suggestions: ["declare bands such as: band low \"Low\" from 0"]))
            }
            return
        }
        if first.from.value != 0 {
            diagnostics.append(
                Diagnostic(.error, .invalidBand, "the lowest band must start from 0, not \(Format.number(first.from.value))", at: first.from.span))
        }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.from.value == b.from.value {
            diagnostics.append(
                Diagnostic(
                    .error, .invalidBand, "bands '\(a.id.value)' and '\(b.id.value)' start at the same score", at: b.from.span,
                    notes: [Diagnostic.Note("the other starts here", at: a.from.span)]))
        }
        for band in sorted where band.from.value > 100 || band.from.value < 0 {
            diagnostics.append(Diagnostic(.error, .invalidBand, "a band must start between 0 and 100", at: band.from.span))
        }
    }

    /// Every category has a title, a positive cap if any, and at least one rule.
    mutating func checkCategories() {
        let used = Set(ruleSyntax.compactMap { $0.category?.value })
        for category in categories.values.sorted(by: { $0.id.value < $1.id.value }) {
            if category.title == nil {
                diagnostics.append(Diagnostic(.warning, .missingClause, "category '\(category.id.value)' has no title", at: category.id.span))
            }
            if let cap = category.cap, cap.value <= 0 {
                diagnostics.append(Diagnostic(.error, .invalidCap, "a category's cap must be more than 0", at: cap.span))
            }
            if !used.contains(category.id.value) {
                diagnostics.append(Diagnostic(.warning, .unusedCategory, "no rule is in category '\(category.id.value)'", at: category.id.span))
            }
        }
    }

    /// The rates between two different currencies, each pair declared once (either way round).
    mutating func checkRates(_ rates: [RateSyntax]) -> [ExchangeRate] {
        var seen: [String: SourceSpan] = [:]
        var result: [ExchangeRate] = []
        for rate in rates {
            let key = [rate.from.value, rate.to.value].sorted().joined(separator: "/")
            if rate.from.value == rate.to.value {
                diagnostics.append(Diagnostic(.error, .invalidRate, "a rate needs two different currencies", at: rate.span))
                continue
            }
            if let first = seen[key] {
                diagnostics.append(
                    Diagnostic(
                        .error, .duplicateId, "the rate between \(key) is declared more than once", at: rate.span,
                        notes: [Diagnostic.Note("first declared here", at: first)]))
                continue
            }
            seen[key] = rate.span
            result.append(ExchangeRate(from: rate.from.value, to: rate.to.value, factor: rate.factor))
        }
        return result
    }
}
