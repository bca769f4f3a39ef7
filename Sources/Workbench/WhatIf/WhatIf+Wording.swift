import Reports
package import RuleLanguage
package import Scoring

/// What every format of the what-if report says the same way.
extension WhatIf {
    /// One change as a reader sees it: where, from what, to what.
    package struct ChangeText: Sendable {
        /// `agreement.stage`, `technology.ipProtection #2 (CN) level`, `technology.ipProtection`.
        package var place: String
        package var from: String
        package var to: String
        /// The kind of change: `set`, `add item`, `remove item`.
        package var kind: String
    }

    package func describe(_ change: (position: Int, value: Int)) -> ChangeText {
        let position = space.positions[change.position]
        let fact = ruleSet.facts[position.slot]
        let value = position.values[change.value]
        switch position.target {
        case .fact:
            return ChangeText(place: fact.name, from: Format.value(position.current), to: show(value, fact: fact), kind: "set")
        case .field(let item, let field):
            let place = "\(fact.name) #\(item + 1)\(label(of: item, in: position.slot))" + (field.map { " " + fact.fields[$0].name } ?? "")
            return ChangeText(place: place, from: Format.value(position.current), to: Format.value(value), kind: "set")
        case .addItem:
            return ChangeText(place: fact.name, from: "—", to: show(value, fact: fact), kind: "add item")
        case .removeItem(let item):
            return ChangeText(
                place: "\(fact.name) #\(item + 1)\(label(of: item, in: position.slot))", from: show(itemValue(item, in: position.slot), fact: fact),
                to: "—", kind: "remove item")
        }
    }

    /// " (CN)": an item shown by its first field, as messages show a list of records.
    private func label(of item: Int, in slot: Int) -> String {
        guard case .record(let fields)? = itemValue(item, in: slot), let first = fields.first, let known = first else { return "" }
        return " (\(Format.value(known)))"
    }

    private func itemValue(_ item: Int, in slot: Int) -> Value? {
        switch facts.values[slot] {
        case .list(let items)?, .openList(let items)?: return item < items.count ? items[item] : nil
        default: return nil
        }
    }

    /// A value, a record's fields by name: `{country: CN, level: registered}`.
    private func show(_ value: Value?, fact: CompiledFact) -> String {
        guard case .record(let fields)? = value else {
            if case .list(let items)? = value, items.count == 1, case .record? = items[0] { return "[" + show(items[0], fact: fact) + "]" }
            return Format.value(value)
        }
        let named = zip(fact.fields, fields).compactMap { field, value in value.map { "\(field.name): \(Format.value($0))" } }
        return "{" + named.joined(separator: ", ") + "}"
    }

    /// The rules whose outcome the solution changes: turned off (fired → not), turned on, and
    /// decided or left undecided, each with its points.
    package func ruleChanges(_ solution: WhatIfSolution) -> (off: [String], on: [String], other: [String]) {
        var off: [String] = []
        var on: [String] = []
        var other: [String] = []
        for (index, rule) in ruleSet.rules.enumerated() where startStatuses[index] != solution.statuses[index] {
            let text = "\(rule.id) (\(Wording.signed(rule.points)))"
            switch (startStatuses[index], solution.statuses[index]) {
            case (.fired, _): off.append(text.dropLast() + (solution.statuses[index] == .undecided ? ", now undecided)" : ")"))
            case (_, .fired): on.append(text.dropLast() + (startStatuses[index] == .undecided ? ", was undecided)" : ")"))
            case (let from, let to): other.append("\(rule.id): \(Self.label(from)) → \(Self.label(to))")
            }
        }
        return (off, on, other)
    }

    static func label(_ status: RuleStatus) -> String {
        switch status {
        case .fired: "fired"
        case .notFired: "not fired"
        case .undecided: "undecided"
        }
    }

    /// "High", "Undetermined (Moderate by points)".
    package func verdict(_ outcome: ProbeOutcome) -> String {
        let band = ruleSet.bands[outcome.scoredBand].label
        guard outcome.undetermined, let verdict = ruleSet.undetermined else { return band }
        return "\(verdict.label) (\(band) by points)"
    }

    /// The band of the verdict, for colour: the undetermined verdict's when undetermined.
    package func verdictBand(_ outcome: ProbeOutcome) -> Band {
        outcome.undetermined ? (ruleSet.undetermined?.band ?? ruleSet.bands[outcome.scoredBand]) : ruleSet.bands[outcome.scoredBand]
    }

    /// "range 57–100, High–Critical as the missing facts turn out".
    package func range(_ outcome: ProbeOutcome) -> String {
        let (low, high) = (ruleSet.bands[outcome.bandLow].label, ruleSet.bands[outcome.bandHigh].label)
        return "best case \(Format.number(outcome.range.lowerBound)), worst case \(Format.number(outcome.range.upperBound))"
            + " (\(low == high ? low : "\(low)–\(high)") as the missing facts turn out)"
    }

    /// What the goal is, in words.
    package var goalText: String {
        guard let goal else {
            return start.scoredBand == 0 && !start.undetermined
                ? "nothing to lower: the dossier is in the lowest band" : "nothing to do: the verdict is there already"
        }
        let band = ruleSet.bands[goal].label
        if start.undetermined {
            return "out of \(ruleSet.undetermined?.label ?? "undetermined") into a band, \(band) or lower"
                + (goal == start.scoredBand ? " (the band its points give now)" : "")
        }
        return goal == start.scoredBand - 1 ? "\(band) or lower (one band down)" : "\(band) or lower"
    }

    /// What was searched: the bound and the figures.
    /// Whether the solution's verdict stays within the goal in the worst case too.
    package func holdsInWorstCase(_ solution: WhatIfSolution) -> Bool {
        guard let goal else { return false }
        return solution.outcome.bandHigh <= goal
    }

    package var searched: String {
        let facts = Set(space.positions.map(\.slot)).count
        let values = space.positions.reduce(0) { $0 + $1.values.count }
        return "every set of up to \(Wording.count(maxChanges, "change")) to \(Wording.count(facts, "changeable fact")) "
            + "(\(Wording.count(space.positions.count, "place")), \(Wording.count(values, "value")) to try); "
            + "\(Wording.count(result.tried, "set")) tried, \(Wording.count(result.pruned, "branch", "branches")) proved unable to reach the goal"
    }

    /// The fired adverse rules no changeable fact can turn off (none of the facts their
    /// conditions read is changeable), with their points: what holds a dossier in its band when
    /// no set of changes lowers it.
    package var fixedObstacles: [String] {
        let changeable = Set(space.positions.map(\.slot))
        return ruleSet.rules.indices.filter { index in
            startStatuses[index] == .fired && ruleSet.rules[index].points > 0
                && !ruleSet.rules[index].conditionFacts.contains(where: changeable.contains)
        }.sorted { ruleSet.rules[$0].points != ruleSet.rules[$1].points ? ruleSet.rules[$0].points > ruleSet.rules[$1].points : $0 < $1 }
            .map { "\(ruleSet.rules[$0].id) (\(Wording.signed(ruleSet.rules[$0].points))\(ruleSet.rules[$0].decisive ? ", decisive" : ""))" }
    }

    /// For a dossier no set rescues: the missing facts most at stake, which a dossier has to
    /// give before it can be judged (for an undetermined one, what would band it).
    package var factsToCollect: [MissingFact] {
        Array(assessment.missingFacts.filter { $0.pointsAtStake > 0 }.prefix(8))
    }
}
