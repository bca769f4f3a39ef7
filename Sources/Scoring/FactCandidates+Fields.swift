public import RuleLanguage

extension FactCandidates {
    /// The values tried for one field of the items of a list of records (`field`), or for the
    /// items of a list of values (`field` nil), for a dossier whose `asOf` is given: what
    /// `whatif` tries when it changes one item of a list. Empty for a field no condition reads,
    /// or a fact that is not a list.
    public func values(forField field: Int?, ofList slot: Int, asOf: Day?) -> [Value] {
        switch (plans[slot], field) {
        case (.values(let item), nil):
            return item.values(asOf: asOf, grid: true)
        case (.records(let fields), let field?) where field < fields.count:
            return fields[field]?.values(asOf: asOf, grid: true) ?? []
        default:
            return []
        }
    }
}
