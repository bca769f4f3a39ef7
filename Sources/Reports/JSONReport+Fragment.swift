public import RuleLanguage
public import Scoring
import SilkDiagnostics

extension JSONReport {
    /// Writes dossier fragments. Its top-level fields stand one to a line, each value on its line,
    /// so a portfolio of thousands stays compact and still reads line by line; keys in sorted
    /// order. What repeats from dossier to dossier — a finding's keys, its rule's category,
    /// points and id, a fact's name, a category's id — is escaped once per rule set into ready
    /// bytes, so writing a dossier copies those and escapes only its own text.
    public final class FragmentWriter: Sendable {
        /// Per rule: `{"assumed": false, "category": "…", "evidence": [` and the same with true.
        private let findingOpen: [[UInt8]]
        private let findingOpenAssumed: [[UInt8]]
        /// Per rule and status: `, "points": …, "rule": "…", "status": "…"}`.
        private let findingCloseFired: [[UInt8]]
        private let findingCloseUndecided: [[UInt8]]
        /// Per fact slot: `"fact": "…"`.
        private let factMember: [[UInt8]]
        /// Per category: `, "id": "…", "net": `.
        private let categoryMiddle: [[UInt8]]
        /// The rule set the bytes above were made for: an assessment made with another rule set
        /// (another content hash) is written the long way.
        private let ruleSetHash: String

        public init(ruleSet: CompiledRuleSet) {
            let bytes = JSONBytes.made(by:)
            ruleSetHash = ruleSet.contentHash
            findingOpen = ruleSet.rules.map { rule in bytes { Self.findingOpen($0, category: rule.category, assumed: false) } }
            findingOpenAssumed = ruleSet.rules.map { rule in bytes { Self.findingOpen($0, category: rule.category, assumed: true) } }
            findingCloseFired = ruleSet.rules.map { rule in bytes { Self.findingClose($0, points: rule.points, rule: rule.id, status: .fired) } }
            findingCloseUndecided = ruleSet.rules.map { rule in
                bytes { Self.findingClose($0, points: rule.points, rule: rule.id, status: .undecided) }
            }
            factMember = ruleSet.facts.map { fact in bytes { Self.factMember($0, name: fact.name) } }
            categoryMiddle = ruleSet.categories.map { category in bytes { Self.categoryMiddle($0, id: category.id) } }
        }

        // The pieces that repeat, written the long way: once per rule set into ready bytes, or
        // for an assessment from another rule set.

        private static func findingOpen(_ w: JSONBytes, category: String, assumed: Bool) {
            w.raw(assumed ? "{\"assumed\": true, \"category\": " : "{\"assumed\": false, \"category\": ")
            w.string(category)
            w.raw(", \"evidence\": [")
        }

        private static func findingClose(_ w: JSONBytes, points: Double, rule: String, status: RuleStatus) {
            w.raw(", \"points\": ")
            w.number(points)
            w.raw(", \"rule\": ")
            w.string(rule)
            w.raw(", \"status\": ")
            w.string(status.rawValue)
            w.raw("}")
        }

        private static func factMember(_ w: JSONBytes, name: String) {
            w.raw("\"fact\": ")
            w.string(name)
        }

        private static func categoryMiddle(_ w: JSONBytes, id: String) {
            w.raw(", \"id\": ")
            w.string(id)
            w.raw(", \"net\": ")
        }

        public func fragment(_ a: Assessment) -> [UInt8] {
            sink(a).bytes
        }

        /// The fragment in the sink it was written into, for a writer that copies it on. One
        /// field after another in key order, so longer than most functions here.
        package func sink(_ a: Assessment) -> ByteSink {
            let known = a.stamp.ruleSetHash == ruleSetHash
            let w = JSONBytes(capacity: 16384)
            w.raw("    {")
            w.field("band") { $0.string(a.band.id) }
            w.field("bandByPoints") { $0.string(a.bandByPoints.id) }
            w.field("bandLabel") { $0.string(a.band.label) }
            w.field("bandRange") { w in
                w.array([a.bandRange.low.id, a.bandRange.high.id]) { $0.string($1) }
            }
            w.field("bandReach") { $0.integer(a.bandReach) }
            w.field("categories") { w in
                w.raw("[")
                for (index, c) in a.categories.enumerated() {
                    if index > 0 { w.raw(", ") }
                    w.raw("{\"counted\": ")
                    w.number(c.counted)
                    if known {
                        w.bytes(categoryMiddle[index])
                    } else {
                        Self.categoryMiddle(w, id: c.id)
                    }
                    w.number(c.net)
                    w.raw(", \"offset\": ")
                    w.number(c.offset)
                    w.raw(", \"raw\": ")
                    w.number(c.raw)
                    w.raw("}")
                }
                w.raw("]")
            }
            w.field("clampAdjustment") { $0.number(a.clampAdjustment) }
            w.field("completeness") { $0.number(a.completeness) }
            w.field("dataProblems") { w in
                w.array(a.dataProblems) { w, p in
                    w.object { o in
                        o.member("line") { $0.integer(p.lineAndColumn?.line ?? 1) }
                        o.member("message") { $0.string(p.message) }
                    }
                }
            }
            w.field("decidedShare") { $0.number(a.decidedShare) }
            w.field("dossierSha256") { $0.string(a.stamp.dossierHash) }
            w.field("file") { $0.string(a.file) }
            w.field("findings") { w in w.array(a.findings) { finding($0, $1, known: known) } }
            w.field("floorsApplied") { w in
                w.array(a.floors) { w, floor in
                    w.object { o in
                        o.member("band") { $0.string(floor.band.id) }
                        o.member("decisive") { $0.raw(floor.decisive ? "true" : "false") }
                        o.member("rule") { $0.string(floor.rule) }
                    }
                }
            }
            w.field("formatVersion") { w in
                if let version = a.formatVersion { w.string(version) } else { w.raw("null") }
            }
            w.field("id") { $0.string(a.id) }
            w.field("missingFacts") { w in
                w.array(a.missingFacts) { w, m in
                    w.object { o in
                        o.member("fact") { $0.string(m.fact) }
                        o.member("pointsAtStake") { $0.number(m.pointsAtStake) }
                        o.member("rules") { w in w.array(m.rules) { $0.string($1) } }
                        // Only where something is at stake: otherwise it is the score itself.
                        if m.pointsAtStake != 0 {
                            o.member("scoreIfKnown") { w in
                                w.object { o in
                                    o.member("high") { $0.number(m.scoreIfKnown.upperBound) }
                                    o.member("low") { $0.number(m.scoreIfKnown.lowerBound) }
                                }
                            }
                        }
                    }
                }
            }
            w.field("notes") { w in w.array(a.notes) { $0.string($1) } }
            w.field("score") { $0.number(a.score) }
            w.field("scoreRange") { w in
                w.object { o in
                    o.member("high") { $0.number(a.scoreRange.upperBound) }
                    o.member("low") { $0.number(a.scoreRange.lowerBound) }
                }
            }
            w.field("scoredBand") { $0.string(a.scoredBand.id) }
            w.field("status") { w in
                if let status = a.status { w.string(status) } else { w.raw("null") }
            }
            w.field("title") { $0.string(a.title) }
            w.field("total") { $0.number(a.total) }
            w.field("undecided") { w in w.array(a.undecided) { finding($0, $1, known: known) } }
            w.field("undetermined", last: true) { $0.raw(a.undetermined ? "true" : "false") }
            w.raw("\n    }")
            return w.out
        }

        /// A finding carries what varies by dossier; what belongs to the rule (title, quotes,
        /// advice, floor, the categories it offsets) is given once, under the document's `rules`.
        private func finding(_ w: JSONBytes, _ f: Finding, known: Bool) {
            let rule = f.ruleIndex
            if known {
                w.bytes(f.assumed ? findingOpenAssumed[rule] : findingOpen[rule])
            } else {
                Self.findingOpen(w, category: f.category, assumed: f.assumed)
            }
            // Straight from the evidence sheet, without building evidence items.
            let sheet = f.sheet
            for (index, slot) in f.evidenceSlots.enumerated() {
                if index > 0 { w.raw(", ") }
                let proof = sheet.provenance[slot]
                w.raw("{")
                if let basis = proof?.basis {
                    w.raw("\"basis\": ")
                    w.string(basis)
                    w.raw(", ")
                }
                if known {
                    w.bytes(factMember[slot])
                } else {
                    Self.factMember(w, name: sheet.names[slot])
                }
                if let list = f.compiled.listRead(slot), sheet.recordedItems(slot) != nil {
                    w.raw(", \"items\": ")
                    JSONReport.listItems(w, sheet, slot: slot, list)
                }
                if let line = proof?.line {
                    w.raw(", \"line\": ")
                    w.integer(line)
                }
                if let sources = proof?.sources, !sources.isEmpty {
                    w.raw(", \"sources\": ")
                    w.array(sources) { $0.string($1) }
                }
                w.raw(", \"value\": ")
                w.string(sheet.value(slot))
                w.raw("}")
            }
            w.raw("], \"message\": ")
            w.string(f.message)
            // What a fired mitigation took off each category; only fired mitigations have it.
            if f.points < 0, f.status == .fired {
                w.raw(", \"offsets\": ")
                w.array(f.offsetEffects) { w, effect in
                    w.object { o in
                        o.member("category") { $0.string(effect.category) }
                        o.member("points") { $0.number(effect.points) }
                    }
                }
            }
            if known {
                w.bytes(f.status == .fired ? findingCloseFired[rule] : findingCloseUndecided[rule])
            } else {
                Self.findingClose(w, points: f.points, rule: f.rule, status: f.status)
            }
        }
    }
}
