import SilkDiagnostics

/// The verdicts of the scoring model around the bands: `undetermined "Label" when CONDITION`,
/// when a dossier's evidence is too thin to band it, and `decisive floor BAND`, the band a
/// decisive obstacle reaches on its own; and a mitigation's `offsets` clause.
extension Parser {
    mutating func parseUndetermined(keyword: SourceSpan) -> Declaration? {
        guard let label = text("the verdict's label in quotes, such as \"Undetermined\"") else { return nil }
        guard consumeWord("when") else {
            expected("'when' and the condition, such as: when bandReach >= 2 or decidedShare < 30%")
            return nil
        }
        let start = current.start
        let condition = expression()
        return .undetermined(UndeterminedSyntax(keyword: keyword, label: label, condition: condition, conditionSpan: span(from: start)))
    }

    mutating func parseDecisiveFloor(keyword: SourceSpan) -> Declaration? {
        guard consumeWord("floor") else {
            expected("'floor' and the band a decisive obstacle reaches on its own, such as: decisive floor moderate")
            return nil
        }
        guard let band = identifier("a band id such as 'moderate'") else { return nil }
        return .decisiveFloor(DecisiveFloorSyntax(keyword: keyword, band: band))
    }

    /// The categories after `offsets`: one or more ids separated by commas.
    mutating func offsetCategories() -> [Located<String>] {
        var categories: [Located<String>] = []
        repeat {
            guard let category = identifier("a category id, such as investment-climate") else { break }
            categories.append(category)
        } while consumeSymbol(.comma)
        return categories
    }
}
