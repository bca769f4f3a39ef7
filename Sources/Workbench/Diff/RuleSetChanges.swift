package import RuleLanguage

/// What differs between two rule sets, rule by rule and declaration by declaration: what
/// `silkrisk diff` shows before the dossiers that moved. Rules, categories, bands and facts are
/// matched by id or name.
package struct RuleSetChanges: Sendable {
    /// One property that differs: its name, and how each rule set writes it.
    package struct Change: Sendable, Hashable {
        package var property: String
        package var before: String
        package var after: String
    }

    /// A rule, category or fact that is in both rule sets but differs.
    package struct Changed: Sendable, Hashable {
        package var id: String
        package var changes: [Change]
    }

    package var rulesAdded: [String] = []
    package var rulesRemoved: [String] = []
    package var rulesChanged: [Changed] = []
    package var categoriesAdded: [String] = []
    package var categoriesRemoved: [String] = []
    package var categoriesChanged: [Changed] = []
    /// Bands, the decisive floor and the undetermined verdict.
    package var scoring: [Change] = []
    package var factsAdded: [String] = []
    package var factsRemoved: [String] = []
    /// Facts whose type or place in the dossier differs (their `changeable` mark too).
    package var factsChanged: [Changed] = []
    /// Whether the two catalogues read every dossier alike, fact for fact, so that one reading
    /// serves both rule sets.
    package var catalogueShared: Bool
    /// Whether both rule sets read files of a record format: each file is then read with each
    /// rule set's loader, once per rule set, whatever the catalogues.
    package var readsRecords = false

    package var isEmpty: Bool {
        rulesAdded.isEmpty && rulesRemoved.isEmpty && rulesChanged.isEmpty && categoriesAdded.isEmpty && categoriesRemoved.isEmpty
            && categoriesChanged.isEmpty && scoring.isEmpty && factsAdded.isEmpty && factsRemoved.isEmpty && factsChanged.isEmpty
    }

    package init(base: CompiledRuleSet, new: CompiledRuleSet) {
        catalogueShared = base.facts.count == new.facts.count && zip(base.facts, new.facts).allSatisfy { $0.readsAlike($1) }
        (rulesAdded, rulesRemoved, rulesChanged) = Self.compare(
            base.rules.indices.map { (base.rules[$0].id, $0) }, new.rules.indices.map { (new.rules[$0].id, $0) }
        ) { a, b in Self.ruleChanges(base, a, new, b) }
        (categoriesAdded, categoriesRemoved, categoriesChanged) = Self.compare(
            base.categories.map { ($0.id, $0) }, new.categories.map { ($0.id, $0) }
        ) { a, b in
            var changes: [Change] = []
            Self.note("title", a.title, b.title, &changes)
            Self.note("cap", a.cap.map { Format.number($0) } ?? "none", b.cap.map { Format.number($0) } ?? "none", &changes)
            Self.note("description", a.description, b.description, &changes)
            return changes
        }
        (factsAdded, factsRemoved, factsChanged) = Self.compare(base.facts.map { ($0.name, $0) }, new.facts.map { ($0.name, $0) }) { a, b in
            var changes: [Change] = []
            Self.note("type", a.type.shortDescription, b.type.shortDescription, &changes)
            Self.note("path", a.path.description, b.path.description, &changes)
            Self.note("fields", Self.fields(a), Self.fields(b), &changes)
            Self.note("changeable", Self.changeable(a), Self.changeable(b), &changes)
            return changes
        }
        Self.note("bands", Self.bands(base), Self.bands(new), &scoring)
        Self.note("decisive floor", base.decisiveFloor ?? "none", new.decisiveFloor ?? "none", &scoring)
        Self.note(
            "undetermined", base.undetermined.map { "\($0.label) when \($0.text)" } ?? "none",
            new.undetermined.map { "\($0.label) when \($0.text)" } ?? "none", &scoring)
    }

    /// Matches two lists by key: the keys only in `after` (added), only in `before` (removed),
    /// and those in both whose `changes` are not empty, each list sorted by key.
    private static func compare<Item>(
        _ before: [(String, Item)], _ after: [(String, Item)], changes: (Item, Item) -> [Change]
    ) -> ([String], [String], [Changed]) {
        let old = Dictionary(before, uniquingKeysWith: { a, _ in a })
        let new = Dictionary(after, uniquingKeysWith: { a, _ in a })
        let added = new.keys.filter { old[$0] == nil }.sorted()
        let removed = old.keys.filter { new[$0] == nil }.sorted()
        let changed = old.keys.sorted().compactMap { key -> Changed? in
            guard let a = old[key], let b = new[key] else { return nil }
            let found = changes(a, b)
            return found.isEmpty ? nil : Changed(id: key, changes: found)
        }
        return (added, removed, changed)
    }

    private static func note(_ property: String, _ before: String, _ after: String, _ changes: inout [Change]) {
        if before != after { changes.append(Change(property: property, before: before, after: after)) }
    }

    private static func ruleChanges(_ base: CompiledRuleSet, _ a: Int, _ new: CompiledRuleSet, _ b: Int) -> [Change] {
        let (x, y) = (base.rules[a], new.rules[b])
        var changes: [Change] = []
        note("points", Format.number(x.points), Format.number(y.points), &changes)
        note("category", x.category, y.category, &changes)
        let (before, after) = (ConditionText(ruleSet: base).text(ofRule: a), ConditionText(ruleSet: new).text(ofRule: b))
        if before != after { changes.append(Change(property: "condition", before: "", after: "")) }
        note(
            "unknown", x.whenUnknown.map { $0 ? "fire" : "skip" } ?? "undecided", y.whenUnknown.map { $0 ? "fire" : "skip" } ?? "undecided", &changes)
        note("floor", x.floor ?? "none", y.floor ?? "none", &changes)
        note("decisive", x.decisive ? "yes" : "no", y.decisive ? "yes" : "no", &changes)
        note("offsets", x.offsets.joined(separator: ", "), y.offsets.joined(separator: ", "), &changes)
        note("title", x.title, y.title, &changes)
        if messageText(x, ConditionText(ruleSet: base)) != messageText(y, ConditionText(ruleSet: new)) {
            changes.append(Change(property: "message", before: "", after: ""))
        }
        note("advice", x.advice, y.advice, &changes)
        note(
            "citations", x.citations.map { "\($0.source): \($0.quote)" }.joined(separator: "; "),
            y.citations.map { "\($0.source): \($0.quote)" }.joined(separator: "; "), &changes)
        return changes
    }

    private static func messageText(_ rule: CompiledRule, _ writer: ConditionText) -> String {
        rule.message.map { part in
            switch part {
            case .literal(let text): text
            case .value(let node, _): "{" + writer.text(of: node) + "}"
            }
        }.joined()
    }

    private static func fields(_ fact: CompiledFact) -> String {
        fact.fields.map { "\($0.name): \($0.type.shortDescription) at \($0.path)" }.joined(separator: "; ")
    }

    private static func changeable(_ fact: CompiledFact) -> String {
        if fact.changeable { return "yes" }
        let fields = fact.fields.filter(\.changeable).map(\.name)
        return fields.isEmpty ? "no" : "fields " + fields.joined(separator: ", ")
    }

    private static func bands(_ ruleSet: CompiledRuleSet) -> String {
        ruleSet.bands.map { "\($0.label) from \(Format.number($0.from))" }.joined(separator: ", ")
    }
}
