import Reports
import RuleLanguage
import Scoring

/// The body of `POST /v1/assessments`, schema `silkrisk-assessment/1`: the dossier's entry
/// exactly as the JSON report writes it (`JSONReport.FragmentWriter`, so any change to the
/// report's entry shows here too), the rule set it was scored with and the engine's version.
/// Keys sorted, as in the report; the same dossier and rules give the same bytes.
enum AssessmentDocument {
    static let schema = "silkrisk-assessment/1"

    static func render(_ assessment: Assessment, snapshot: RuleSetSnapshot) -> [UInt8] {
        let out = ByteSink(capacity: 16384)
        out.append("{\n  \"dossier\": ")
        let fragment = snapshot.fragments.sink(assessment)
        fragment.withBytes { bytes in
            // The report indents an entry as an item of its `dossiers` list, one level deeper
            // than here: the opening brace's indent goes, and two spaces of every line's.
            var start = 0
            while start < bytes.count, bytes[start] == UInt8(ascii: " ") { start += 1 }
            var index = start
            while index < bytes.count {
                let byte = bytes[index]
                out.append(byte)
                index += 1
                if byte == UInt8(ascii: "\n") {
                    var skipped = 0
                    while skipped < 2, index < bytes.count, bytes[index] == UInt8(ascii: " ") {
                        index += 1
                        skipped += 1
                    }
                }
            }
        }
        out.append(",\n  \"engineVersion\": ")
        out.append(jsonString: Assessor.engineVersion)
        out.append(",\n  \"ruleSet\": ")
        ruleSet(snapshot.ruleSet, into: out)
        out.append(",\n  \"schema\": ")
        out.append(jsonString: schema)
        out.append("\n}\n")
        return out.bytes
    }

    /// `{"name": …, "rules": …, "sha256": …, "version": …}`: the same four fields as the
    /// report's `ruleSet`.
    static func ruleSet(_ ruleSet: CompiledRuleSet, into out: ByteSink) {
        out.append("{\"name\": ")
        out.append(jsonString: ruleSet.name)
        out.append(", \"rules\": ")
        out.append(integer: ruleSet.rules.count)
        out.append(", \"sha256\": ")
        out.append(jsonString: ruleSet.contentHash)
        out.append(", \"version\": ")
        out.append(jsonString: ruleSet.version)
        out.append("}")
    }
}
