public import RuleLanguage
package import Scoring
import SilkDiagnostics

extension JSONReport {
    /// How many of a dossier's missing facts the compact entry names (`collectFirst`).
    public static let collectFirstCount = 3

    /// Writes a dossier's compact entry on one line (docs/report-json.md, "A compact dossier"):
    /// what a person reads first — verdict, score and its range, decided shares, findings by rule
    /// id with points, offsets and evidence references, undecided rule ids, the facts to collect
    /// first. Rule texts, quotes and advice are the document's `rules`; messages and everything
    /// else are in the full entry. Keys in sorted order. The pieces that repeat from dossier to
    /// dossier (a finding's close with its points and id, a fact's name) are escaped once per
    /// rule set, as `FragmentWriter` does.
    public final class CompactWriter: Sendable {
        /// Per rule: `, "points": …, "rule": "…"}`.
        private let findingClose: [[UInt8]]
        /// Per rule: `"…"` (its id as a JSON string).
        private let ruleID: [[UInt8]]
        /// Per fact slot: `{"fact": "…", "line": `.
        private let factOpen: [[UInt8]]
        private let ruleSetHash: String

        public init(ruleSet: CompiledRuleSet) {
            let bytes = JSONBytes.made(by:)
            ruleSetHash = ruleSet.contentHash
            findingClose = ruleSet.rules.map { rule in bytes { Self.findingClose($0, points: rule.points, rule: rule.id) } }
            ruleID = ruleSet.rules.map { rule in bytes { $0.string(rule.id) } }
            factOpen = ruleSet.facts.map { fact in bytes { Self.factOpen($0, name: fact.name) } }
        }

        private static func findingClose(_ w: JSONBytes, points: Double, rule: String) {
            w.raw(", \"points\": ")
            w.number(points)
            w.raw(", \"rule\": ")
            w.string(rule)
            w.raw("}")
        }

        private static func factOpen(_ w: JSONBytes, name: String) {
            w.raw("{\"fact\": ")
            w.string(name)
            w.raw(", \"line\": ")
        }

        /// The entry, `{…}` on one line with no line break after it.
        package func sink(_ a: Assessment) -> ByteSink {
            let known = a.stamp.ruleSetHash == ruleSetHash
            let w = JSONBytes(capacity: 2048)
            w.object { o in
                o.member("band") { $0.string(a.band.id) }
                o.member("collectFirst") { w in
                    w.array(Array(a.missingFacts.prefix(JSONReport.collectFirstCount))) { w, m in
                        w.object { o in
                            o.member("fact") { $0.string(m.fact) }
                            o.member("pointsAtStake") { $0.number(m.pointsAtStake) }
                        }
                    }
                }
                o.member("completeness") { $0.number(a.completeness) }
                o.member("decidedShare") { $0.number(a.decidedShare) }
                o.member("file") { $0.string(a.file) }
                o.member("findings") { w in w.array(a.findings) { finding($0, $1, known: known) } }
                o.member("id") { $0.string(a.id) }
                o.member("score") { $0.number(a.score) }
                o.member("scoreRange") { w in
                    w.object { o in
                        o.member("high") { $0.number(a.scoreRange.upperBound) }
                        o.member("low") { $0.number(a.scoreRange.lowerBound) }
                    }
                }
                o.member("title") { $0.string(a.title) }
                o.member("undecided") { w in
                    w.array(a.undecided) { w, f in
                        if known { w.bytes(ruleID[f.ruleIndex]) } else { w.string(f.rule) }
                    }
                }
            }
            return w.out
        }

        /// `{["assumed": true, ]"evidence": […], ["offsets": […], ]"points": …, "rule": "…"}`:
        /// the evidence the dossier places (a fact it does not give has no line, and is left out).
        private func finding(_ w: JSONBytes, _ f: Finding, known: Bool) {
            w.raw(f.assumed ? "{\"assumed\": true, \"evidence\": [" : "{\"evidence\": [")
            let sheet = f.sheet
            var written = 0
            for slot in f.evidenceSlots {
                guard let line = sheet.provenance[slot]?.line else { continue }
                if written > 0 { w.raw(", ") }
                written += 1
                if known {
                    w.bytes(factOpen[slot])
                } else {
                    Self.factOpen(w, name: sheet.names[slot])
                }
                w.integer(line)
                w.raw(", \"value\": ")
                w.string(sheet.value(slot))
                w.raw("}")
            }
            w.raw("]")
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
                w.bytes(findingClose[f.ruleIndex])
            } else {
                Self.findingClose(w, points: f.points, rule: f.rule)
            }
        }
    }

    /// Writes a dossier's entry at the report's detail: as an item of the document's `dossiers`
    /// (indented; a full entry over several lines) or on one line of its own, for JSON Lines.
    public struct EntryWriter: Sendable {
        public let detail: Detail
        private let full: FragmentWriter?
        private let compact: CompactWriter?

        public init(ruleSet: CompiledRuleSet, detail: Detail) {
            self.detail = detail
            full = detail == .full ? FragmentWriter(ruleSet: ruleSet) : nil
            compact = detail == .compact ? CompactWriter(ruleSet: ruleSet) : nil
        }

        /// The entry as an item of `dossiers`: four spaces, then the entry.
        package func entry(_ a: Assessment) -> ByteSink {
            if let full { return full.sink(a) }
            let out = ByteSink(capacity: 2048)
            out.append("    ")
            compact!.sink(a).withBytes { out.append(UnsafeRawBufferPointer($0)) }
            return out
        }

        /// The entry on one line, without indentation or a line break: a full entry's layout
        /// (its line breaks and indentation: strings never hold a raw line break) is taken out.
        package func line(_ a: Assessment) -> ByteSink {
            if let compact { return compact.sink(a) }
            return JSONReport.oneLine(full!.sink(a))
        }
    }

    /// A full entry on one line: `{` directly followed by the first key, `, ` between members,
    /// `}` directly after the last value.
    static func oneLine(_ entry: ByteSink) -> ByteSink {
        let out = ByteSink(capacity: entry.byteCount)
        entry.withBytes { bytes in
            var index = 0
            var last: UInt8 = 0
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                guard byte == UInt8(ascii: "\n") else {
                    out.append(byte)
                    last = byte
                    continue
                }
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
                // After `{` and before `}` nothing; after a member's `,` one space.
                if last == UInt8(ascii: ","), index < bytes.count, bytes[index] != UInt8(ascii: "}") {
                    out.append(UInt8(ascii: " "))
                    last = UInt8(ascii: " ")
                }
            }
        }
        return out
    }
}
