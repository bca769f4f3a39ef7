import RuleLanguage

extension FactCandidates {
    /// How one fact, field or list item is tried, from what the conditions do with it.
    struct Scalar: Sendable {
        /// 1, 2 and 5 in each decade.
        static let steps: [Double] = [1, 2, 5]
        static let numberDecades = -2...9
        static let moneyDecades = 3...12
        /// Years either side of `asOf` the date grid tries.
        static let gridYears: [Double] = [1, 2, 5, 10, 20]

        /// The constants, their neighbours and the plain values, which depend on no dossier.
        var constants: [Value] = []
        /// The grid of numbers or money, tried when the fact is derived.
        var grid: [Value] = []
        /// Numbers of years before `asOf` (`age(x)` compared with them).
        var ages: [Double] = []
        /// Whether the date grid around `asOf` is tried (when the date is derived).
        var dateGrid = false
        /// See `FactUses.Uses.partners`.
        var partners: [Int] = []
        var derived: Bool { !partners.isEmpty }
        var needsAsOf: Bool { !ages.isEmpty || dateGrid }

        init(_ type: ValueType, uses: FactUses.Uses, gridCurrency: String?) {
            partners = uses.partners
            switch type {
            case .enumeration(let values):
                constants = values.map(Value.text)
            case .boolean:
                constants = [.boolean(true), .boolean(false)]
            case .number:
                constants = Self.neighbours(uses.numbers).map { .number(Interval($0)) }
                if uses.derived {
                    let known = Set(constants)
                    grid = Self.grid(Self.numberDecades).map { Value.number(Interval($0)) }.filter { !known.contains($0) }
                }
            case .money:
                var seen: Set<Value> = []
                for (amount, currency) in uses.money {
                    for value in Self.neighbours([amount]) where seen.insert(.money(Interval(value), currency: currency)).inserted {
                        constants.append(.money(Interval(value), currency: currency))
                    }
                }
                if uses.derived, let currency = uses.money.first?.currency ?? gridCurrency {
                    grid = Self.grid(Self.moneyDecades).map { Value.money(Interval($0), currency: currency) }.filter { !seen.contains($0) }
                }
            case .date:
                let days = Set(uses.dates.flatMap { [$0.daysSinceEpoch - 1, $0.daysSinceEpoch, $0.daysSinceEpoch + 1] }).sorted()
                constants = days.map { .date(Day(daysSinceEpoch: $0)) }
                ages = Set(uses.ages).sorted()
                dateGrid = uses.derived
            case .text:
                constants = Self.texts(uses).map(Value.text)
            default:
                break
            }
        }

        /// The values for a dossier whose `asOf` is given, with or without the grid.
        func values(asOf: Day?, grid withGrid: Bool) -> [Value] {
            var result = withGrid ? constants + grid : constants
            guard needsAsOf, let asOf else { return result }
            var days: [Int] = []
            for years in ages {
                let back = asOf.daysSinceEpoch - Int((years * 365.2425).rounded())
                days += [back - 1, back, back + 1]
            }
            if dateGrid && withGrid {
                days += [asOf.daysSinceEpoch - 1, asOf.daysSinceEpoch, asOf.daysSinceEpoch + 1]
                for years in Self.gridYears {
                    let offset = Int((years * 365.2425).rounded())
                    days += [asOf.daysSinceEpoch - offset, asOf.daysSinceEpoch + offset]
                }
            }
            for day in Set(days).sorted() where !constants.contains(.date(Day(daysSinceEpoch: day))) {
                result.append(.date(Day(daysSinceEpoch: day)))
            }
            return result
        }

        static func neighbours(_ values: [Double]) -> [Double] {
            Set(values.flatMap { [$0.nextDown, $0, $0.nextUp] }).sorted()
        }

        /// 0, and 1, 2 and 5 times each power of ten in `decades`.
        static func grid(_ decades: ClosedRange<Int>) -> [Double] {
            var values = [0.0]
            for exponent in decades {
                var scale = 1.0
                for _ in 0..<Swift.abs(exponent) { scale *= 10 }
                for step in steps { values.append(exponent < 0 ? step / scale : step * scale) }
            }
            return values
        }

        /// The text constants, the plain alternatives of the patterns, and one text equal to none
        /// of them (that contains no constant and matches no pattern).
        static func texts(_ uses: FactUses.Uses) -> [String] {
            var texts: [String] = []
            for text in uses.texts where !texts.contains(text) { texts.append(text) }
            for pattern in uses.patterns {
                for alternative in plainAlternatives(pattern.source) where !texts.contains(alternative) && pattern.matches(alternative) {
                    texts.append(alternative)
                }
            }
            let other = ["(other)", "~", "~~~"].first { candidate in
                !texts.contains(candidate) && !uses.texts.contains { candidate.lowercased().contains($0.lowercased()) }
                    && !uses.patterns.contains { $0.matches(candidate) }
            }
            return texts + (other.map { [$0] } ?? [])
        }

        /// The alternatives of a pattern such as `(?i)blockchain|metaverse|smart city` that are
        /// plain text: letters, digits, spaces and hyphens.
        static func plainAlternatives(_ pattern: String) -> [String] {
            let body = pattern.hasPrefix("(?i)") ? String(pattern.dropFirst(4)) : pattern
            return body.split(separator: "|", omittingEmptySubsequences: true).map(String.init).filter { alternative in
                alternative.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == " " || $0 == "-" }
            }
        }
    }
}
