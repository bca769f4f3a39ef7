import Foundation
import Testing

@Suite("silkrisk whatif, run as a user would")
struct WhatIfCommandTests {
    @Test("the smallest set of changes, each from → to, the rules it turns off, the new score and band")
    func text() throws {
        let result = try CLI.run(["whatif", "Inputs/proposed-northern-corridor-rail-iot-tracking.xml"])
        #expect(result.status == 0, "\(result.stderr)")
        for expected in [
            "Now:     30 Moderate", "Goal:    Low or lower (one band down)", "every set of up to 3 changes", "Smallest set: 2 changes → 16 Low",
            "agreement.disputeResolution.neutralVenue: no → yes", "turns off: ", "ip-core-unprotected (+12)", "best case 16, worst case 37",
        ] {
            #expect(result.stdout.contains(expected), "missing: \(expected)\n\(result.stdout)")
        }
        #expect(try CLI.run(["whatif", "Inputs/proposed-northern-corridor-rail-iot-tracking.xml"]).stdout == result.stdout)
    }

    @Test("with one change at most none is found, and the report says what holds it")
    func bound() throws {
        let result = try CLI.run(["whatif", "--max-changes", "1", "Inputs/proposed-northern-corridor-rail-iot-tracking.xml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("No set of up to 1 change to changeable facts reaches the goal."))
        #expect(result.stdout.contains("Fired rules no changeable fact decides:"))
    }

    @Test("JSON and Markdown; --to a band")
    func formats() throws {
        let json = try CLI.run(["whatif", "--format", "json", "--to", "low", "Inputs/cr929-widebody.xml"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["schema"] as? String == "silkrisk-whatif/1")
        #expect(object?["goal"] as? String == "low")
        let markdown = try CLI.run(["whatif", "--format", "markdown", "Inputs/proposed-northern-corridor-rail-iot-tracking.xml"])
        #expect(markdown.status == 0 && markdown.stdout.contains("## Smallest set: 2 changes"))
    }

    @Test("usage errors exit 64; a dossier that cannot be read exits 1")
    func statuses() throws {
        #expect(try CLI.run(["whatif", "--max-changes", "0", "Inputs/cr929-widebody.xml"]).status == 64)
        #expect(try CLI.run(["whatif", "--to", "purple", "Inputs/cr929-widebody.xml"]).status == 64)
        #expect(try CLI.run(["whatif", "--format", "html", "Inputs/cr929-widebody.xml"]).status == 64)
        let missing = try CLI.run(["whatif", "Inputs/no-such-dossier.xml"])
        #expect(missing.status == 1 && missing.stderr.contains("no-such-dossier.xml"))
    }
}
