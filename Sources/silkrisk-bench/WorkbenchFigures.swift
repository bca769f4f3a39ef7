import ArgumentParser
import DossierXML
import Foundation
import PortfolioRunner
import RuleLanguage
import SafeOutput
import Scoring
import Workbench

#if canImport(Glibc)
    import Glibc
#endif

/// The rule author's tools, measured: `whatif` on every dossier of `Inputs/` with the shipped
/// pack (in this process, the search's own time), and `diff` and `stats` on the synthetic
/// portfolios (the `silkrisk` binary beside this one, run as a user runs it, with its peak
/// resident memory).
struct WorkbenchFigures: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench", abstract: "Time whatif on Inputs/, and diff and stats (with peak memory) on synthetic portfolios.")

    @Option(help: "Portfolio sizes for diff and stats.") var sizes: String = "10000,100000"
    @Option(help: "Seed for the generators (the same portfolios as 'run').") var seed: UInt64 = 2026
    @Option(help: "Work folder (generated files are kept for re-runs).") var work: String = ".build-bench"
    @Option(help: "The shipped rules.") var rules: String = "Rules"
    @Option(help: "The dossiers whatif is timed on.") var inputs: String = "Inputs"
    @Option(help: "Rounds of whatif per dossier; the median is given.") var rounds: Int = 3

    func run() throws {
        guard let ruleSet = RuleSetLoader.load(directory: rules).ruleSet else { throw ValidationError("the rules in \(rules) do not compile") }
        print("silkrisk-bench workbench: seed \(seed), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        try whatIfFigures(ruleSet)
        let edited = try editedRules()
        for size in sizes.split(separator: ",").compactMap({ Int($0) }) {
            var portfolioRun = try Run.parse(["--seed", String(seed), "--work", work, "--rules", rules])
            portfolioRun.rounds = 1
            let folder = try portfolioRun.portfolio(size: size)
            print("\n\(size) dossiers:")
            for (label, arguments) in [
                ("score --format json", ["score", "--rules", rules, "--output", "\(work)/score-\(size).json", folder]),
                ("diff --format json", ["diff", "--base-rules", rules, "--rules", edited, "--output", "\(work)/diff-\(size).json", folder]),
                ("diff (text)", ["diff", "--base-rules", rules, "--rules", edited, "--output", "\(work)/diff-\(size).txt", folder]),
                ("stats", ["stats", "--rules", rules, "--output", "\(work)/stats-\(size).txt", folder]),
            ] {
                let figures = try Self.child(arguments)
                print(
                    "  silkrisk \(label): \(String(format: "%.2f s", figures.seconds)), peak \(figures.peakKiB / 1024) MiB, exit \(figures.status)"
                        + (figures.line.isEmpty ? "" : " — \(figures.line)"))
            }
        }
    }

    /// whatif on every dossier, the search timed in this process (reading and assessing the
    /// dossier included): the median of `rounds`.
    private func whatIfFigures(_ ruleSet: CompiledRuleSet) throws {
        var assessor = Assessor(ruleSet: ruleSet)
        assessor.stakes = .none
        let files = DossierPaths.expand([inputs]).files
        print("\n== whatif, shipped pack (\(ruleSet.rules.count) rules), up to 3 changes, median of \(rounds) ==")
        var slowest = 0.0
        let clock = ContinuousClock()
        for file in files {
            var times: [Double] = []
            var last: WhatIf? = nil
            for _ in 0..<max(1, rounds) {
                times.append(
                    clock.measure {
                        last = try? WhatIf.run(file: file, assessor: assessor, loader: DossierLoader(), maxChanges: 3).get()
                    }.seconds)
            }
            let median = times.sorted()[times.count / 2]
            slowest = max(slowest, median)
            guard let w = last else { continue }
            let found =
                w.goal == nil
                ? "nothing to lower"
                : w.result.solutions.first.map { "\($0.changes.count) changes" }
                    ?? (w.anyBand?.solutions.first.map { "none; bands it (higher) in \($0.changes.count)" } ?? "none")
            print(
                "  \(String(format: "%7.1f ms", median * 1000))  \(w.assessment.id): \(w.result.tried) sets tried, \(w.result.pruned) cut, \(found)"
            )
        }
        print("  slowest: \(String(format: "%.1f ms", slowest * 1000))")
    }

    /// The shipped rules with an edit an author might make: a rule's points raised, a cap
    /// lowered, a mitigation's points changed.
    private func editedRules() throws -> String {
        let folder = "\(work)/rules-edited"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.copyItem(atPath: rules, toPath: folder)
        func edit(_ name: String, _ from: String, _ to: String, after anchor: String) throws {
            let path = "\(folder)/\(name)"
            var text = try String(contentsOfFile: path, encoding: .utf8)
            guard let start = text.range(of: anchor), let old = text.range(of: from, range: start.upperBound..<text.endIndex) else {
                throw ValidationError("cannot edit \(name): '\(from)' after '\(anchor)' not found")
            }
            text.replaceSubrange(old, with: to)
            try OutputFile.write(text, to: path)
        }
        try edit("agreements-and-delivery.rules", "points 4", "points 9", after: "rule no-project-office")
        try edit("ip-and-technology.rules", "cap 25", "cap 20", after: "category ip-leakage")
        try edit("mitigations.rules", "points -4", "points -6", after: "rule project-office")
        return folder
    }

    struct ChildFigures {
        var seconds: Double
        var peakKiB: Int
        var status: Int32
        var line: String
    }

    /// Runs the `silkrisk` binary beside this one and waits for it, with its peak resident
    /// memory (`wait4`'s maximum resident set size).
    static func child(_ arguments: [String]) throws -> ChildFigures {
        let binary = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("silkrisk").path
        let output = "/tmp/silkrisk-bench-child-\(getpid()).out"
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let clock = ContinuousClock()
        let start = clock.now
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { throw ValidationError("cannot run \(binary)") }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        let seconds = (clock.now - start).seconds
        let line = (try? String(contentsOfFile: output, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? ""
        try? FileManager.default.removeItem(atPath: output)
        return ChildFigures(seconds: seconds, peakKiB: Int(usage.ru_maxrss), status: (status >> 8) & 0xFF, line: line)
    }
}
