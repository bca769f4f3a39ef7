import ArgumentParser
import DossierXML
import Foundation
import PortfolioRunner
import Reports
import RuleLanguage
import SafeOutput
import Scoring
import SilkDiagnostics
import ToolSupport

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silkrisk-bench",
        abstract: "Benchmark SilkRisk on seeded synthetic portfolios and rule sets, against xmllint --noout.",
        subcommands: [Run.self, Measure.self, WorkbenchFigures.self, ReportSizes.self],
        defaultSubcommand: Run.self)

    static func main() {
        // Each measurement runs as `silkrisk score` does, allocator tuning included.
        if CommandLine.arguments.dropFirst().first == "measure" {
            AllocatorTuning.reexecuteTuned(arguments: CommandLine.arguments)
        }
        main(nil)
    }
}

/// Runs once per portfolio size in a child process, so that peak memory is that run's alone.
struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Score one portfolio and print figures (used by run).")

    @Option var portfolio: String
    @Option var rules: String
    @Option(help: "Write the JSON report here; omit to score without writing a report.") var report: String?
    @Flag(
        help:
            "Only read each dossier as scoring does (pre-scan, parse, validate, the catalogue's query), on every core: no facts, no scoring, no report."
    )
    var readOnly = false
    @Flag(help: "Read every dossier by libxml2's tree and validation, as before the streaming reader (to compare the two).")
    var treeRoute = false
    @Flag(
        help:
            "With --report: leave the points at stake out (the report's collectFirst lists are empty), to show what working them out costs."
    )
    var noStakes = false

    func run() throws {
        let loaded = RuleSetLoader.load(directory: rules)
        guard let ruleSet = loaded.ruleSet else { throw ValidationError("rules do not compile") }
        let files = DossierPaths.expand([portfolio]).files
        var assessor = Assessor(ruleSet: ruleSet)
        // As `silkrisk score` does: points at stake only where a report shows them.
        assessor.stakes = report == nil || noStakes ? .none : JSONReport.Detail.compact.stakes
        assessor.rendersMessages = JSONReport.Detail.compact.showsMessages
        assessor.hashesDossiers = JSONReport.Detail.compact.showsDossierHash
        var treeLoader = DossierLoader()
        treeLoader.route = .tree
        let loader = treeRoute ? treeLoader : DossierLoader()
        let scorer = BatchScorer(assessor: assessor, loader: loader)
        let clock = ContinuousClock()
        let cpuBefore = Resources.cpuSeconds()
        var scored = 0
        let elapsed = try clock.measure {
            if readOnly {
                let query = assessor.extractor.query
                OrderedBatch.run(files: files) { file in
                    if case .success = loader.read(path: file, query: query) { true } else { false }
                } consume: { _, read in
                    if read { scored += 1 }
                }
            } else if let report {
                // Written as `silkrisk score --output` writes it: a temporary file, flushed and renamed.
                let file = try OutputFile(path: report)
                // The report `silkrisk score --format json` writes: compact (`reports` measures every form).
                let summary = try StreamingJSONReport.write(files: files, scorer: scorer, detail: .compact, to: file.descriptor)
                try file.commit()
                scored = summary.scored
            } else {
                var bands: [String: Int] = [:]
                scorer.run(files: files, prepare: { $0.band.id }) { _, item in
                    if case .scored(let band) = item {
                        bands[band, default: 0] += 1
                        scored += 1
                    }
                }
            }
        }
        let cpu = Resources.cpuSeconds() - cpuBefore
        print(
            "dossiers=\(scored) rules=\(ruleSet.rules.count) seconds=\(elapsed.seconds) cpu=\(cpu) peakKiB=\(Resources.peakKiB()) allocator=\(AllocatorTuning.current)"
        )
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate, measure and print every figure.")

    @Option(help: "Portfolio sizes.") var sizes: String = "1000,10000,100000"
    @Option(help: "Synthetic rule-set sizes.") var ruleCounts: String = "50,200,1000"
    @Option(help: "Portfolios: synthetic (seeded synthetic dossiers), inputs (copies of --inputs, ids made unique).")
    var portfolios: String = "synthetic,inputs"
    @Option(help: "The hand-written dossiers the inputs portfolio copies.") var inputs: String = "Inputs"
    @Option(help: "Seed for the generators.") var seed: UInt64 = 2026
    @Option(help: "Work folder (generated files are kept for re-runs).") var work: String = ".build-bench"
    @Option(help: "The shipped rules, whose catalogue the synthetic rules use.") var rules: String = "Rules"
    @Option(
        help:
            "Rounds of silkrisk (with report) and xmllint --noout, run one after the other, so that both meet the machine alike; figures are the median round's."
    )
    var rounds: Int = 3

    func run() throws {
        let sizes = self.sizes.split(separator: ",").compactMap { Int($0) }
        let ruleCounts = self.ruleCounts.split(separator: ",").compactMap { Int($0) }
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        print("silkrisk-bench: seed \(seed), \(ProcessInfo.processInfo.activeProcessorCount) cores, libxml2 via silkrisk \(RiskEngineVersion.string)")
        let shippedSet = try ruleSetFigures(ruleCounts: ruleCounts)
        print("\n== Portfolios (end to end: read, parse, validate, extract, evaluate, aggregate) ==")
        let hasXmllint = FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint")
        let kinds = try self.portfolios.split(separator: ",").map { name in
            guard let kind = PortfolioKind(rawValue: String(name)) else { throw ValidationError("unknown portfolio '\(name)'") }
            return kind
        }
        for kind in kinds {
            for size in sizes {
                try portfolioFigures(kind, size: size, shippedSet: shippedSet, hasXmllint: hasXmllint)
            }
        }
        // The largest synthetic rule set over the largest portfolio of at most 10,000 dossiers;
        // nothing when every size asked for is larger.
        if let count = ruleCounts.max(), let size = sizes.filter({ $0 <= 10_000 }).max() {
            print("\nlarge synthetic rule set over \(size) dossiers:")
            let figures = try measure(portfolio: try portfolio(size: size), rules: "\(work)/rules-\(count)", report: nil)
            let rate = Double(size) / figures.seconds
            print(
                "  \(count) rules, \(size) dossiers: \(Self.seconds(figures.seconds)), \(Int(rate)) dossiers/s, \(Int(rate * Double(count))) rule evaluations/s, peak \(figures.peakKiB / 1024) MiB"
            )
        }
    }

    /// Rule sets: the shipped pack and synthetic ones of each size, loaded and checked; returns
    /// the shipped pack.
    private func ruleSetFigures(ruleCounts: [Int]) throws -> CompiledRuleSet {
        let manager = FileManager.default
        let shipped = RuleSetLoader.load(directory: rules)
        guard let shippedSet = shipped.ruleSet else { throw ValidationError("the rules in \(rules) do not compile") }
        print("\n== Rule-set load and check (median of 5) ==")
        print("shipped pack: \(shippedSet.rules.count) rules: \(Self.milliseconds(median { _ in _ = RuleSetLoader.load(directory: rules) }))")
        for count in ruleCounts {
            let folder = "\(work)/rules-\(count)"
            try? manager.removeItem(atPath: folder)
            try manager.createDirectory(atPath: folder + "/sources", withIntermediateDirectories: true)
            for name in try manager.contentsOfDirectory(atPath: rules) where name == "catalogue.rules" || name == "scoring.rules" {
                try OutputFile.write(String(contentsOfFile: "\(rules)/\(name)", encoding: .utf8), to: "\(folder)/\(name)")
            }
            for name in try manager.contentsOfDirectory(atPath: "\(rules)/sources") {
                try OutputFile.write(String(contentsOfFile: "\(rules)/sources/\(name)", encoding: .utf8), to: "\(folder)/sources/\(name)")
            }
            var random = SeededGenerator(seed: seed &+ UInt64(count))
            let text = SyntheticRules.text(ruleCount: count, facts: shippedSet.facts, random: &random)
            try OutputFile.write(text, to: "\(folder)/synthetic.rules")
            let output = RuleSetLoader.load(directory: folder)
            let errors = output.diagnostics.filter { $0.severity == .error }
            if !errors.isEmpty { throw ValidationError("synthetic rules do not compile: \(DiagnosticRenderer().render(errors[0]))") }
            print("\(count) synthetic rules: \(Self.milliseconds(median { _ in _ = RuleSetLoader.load(directory: folder) }))")
        }
        return shippedSet
    }

    /// One portfolio size: silkrisk with its report and xmllint round by round, then without
    /// the report and without the allocator tuning once each, and xmllint validating.
    private func portfolioFigures(_ kind: PortfolioKind, size: Int, shippedSet: CompiledRuleSet, hasXmllint: Bool) throws {
        let folder = try portfolio(kind, size: size)
        let bytes = try folderBytes(folder)
        let report = "\(work)/report-\(size).json"
        // Alternate silkrisk and xmllint, round by round: this machine's speed drifts by
        // 10-30 % over minutes, and a ratio of two runs minutes apart measures the drift.
        // The report without its points at stake runs in the same rounds: the ratio it gives is
        // what item 1 of issue 14 would be if the compact report named no facts to collect.
        var roundsRun: [(silkrisk: Figures, noStakes: Figures, xmllint: Double?)] = []
        for _ in 0..<max(1, rounds) {
            let figures = try measure(portfolio: folder, rules: rules, report: report)
            let noStakes = try measure(portfolio: folder, rules: rules, report: report, noStakes: true)
            roundsRun.append((figures, noStakes, hasXmllint ? try timeXmllint(folder, schema: nil) : nil))
        }
        let withReport = roundsRun.map(\.silkrisk).sorted { $0.seconds < $1.seconds }[roundsRun.count / 2]
        let withoutStakes = roundsRun.map(\.noStakes).sorted { $0.seconds < $1.seconds }[roundsRun.count / 2]
        let withoutReport = try measure(portfolio: folder, rules: rules, report: nil)
        let readOnly = try measure(portfolio: folder, rules: rules, report: nil, readOnly: true)
        let untuned = try measure(portfolio: folder, rules: rules, report: report, tuned: false)
        print("\n\(size) dossiers, \(kind) (\(bytes / size) bytes each on average), shipped pack of \(shippedSet.rules.count) rules:")
        for (label, figures) in [
            ("with JSON report (median round)", withReport), ("with JSON report, no points at stake (median round)", withoutStakes),
            ("without report", withoutReport),
            ("read only (parse, validate, query; no scoring)", readOnly), ("with JSON report, malloc untuned", untuned),
        ] {
            let rate = Double(size) / figures.seconds
            print(
                "  \(label): \(Self.seconds(figures.seconds)), \(Int(rate)) dossiers/s, \(Int(rate * Double(shippedSet.rules.count))) rule evaluations/s, peak \(figures.peakKiB / 1024) MiB, cores used \(String(format: "%.2f", figures.cpu / figures.seconds)) [\(figures.allocator)]"
            )
        }
        if hasXmllint {
            let ratios = roundsRun.compactMap { round in round.xmllint.map { round.silkrisk.seconds / $0 } }
            let lints = roundsRun.compactMap(\.xmllint).sorted()
            func list(_ values: [Double]) -> String { values.map { String(format: "%.2f", $0) }.joined(separator: ", ") }
            print(
                "  rounds, silkrisk with report: \(list(roundsRun.map(\.silkrisk.seconds))) s; xmllint --noout: \(list(roundsRun.compactMap(\.xmllint))) s"
            )
            print(
                "  xmllint --noout: \(Self.seconds(lints[lints.count / 2])) (median); silkrisk with report / xmllint, round by round: \(list(ratios)); median \(String(format: "%.2f", ratios.sorted()[ratios.count / 2]))"
            )
            let unstaked = roundsRun.compactMap { round in round.xmllint.map { round.noStakes.seconds / $0 } }
            print(
                "  with report, no points at stake: \(list(roundsRun.map(\.noStakes.seconds))) s; / xmllint, round by round: \(list(unstaked)); median \(String(format: "%.2f", unstaked.sorted()[unstaked.count / 2]))"
            )
            let schema = "\(work)/dossier-v1.xsd"
            try OutputFile.write(String(decoding: DossierLoader.schemaText, as: UTF8.self), to: schema)
            let validating = try timeXmllint(folder, schema: schema)
            print(
                "  xmllint --noout --schema (parses and validates, as silkrisk does): \(Self.seconds(validating)); silkrisk with report / that = \(String(format: "%.2f", withReport.seconds / validating))"
            )
        } else {
            print("  xmllint not installed (apt-get install libxml2-utils): no comparison")
        }
    }

    struct Figures {
        var seconds: Double
        var cpu: Double
        var peakKiB: Int
        var allocator: String
    }

    /// Runs `measure` in a child process; `tuned: false` switches off the allocator tuning that
    /// `silkrisk score` applies (see AllocatorTuning), to show what it is worth.
    func measure(portfolio: String, rules: String, report: String?, tuned: Bool = true, readOnly: Bool = false, noStakes: Bool = false) throws
        -> Figures
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            process.executableURL = URL(fileURLWithPath: path)
        }
        process.arguments =
            ["measure", "--portfolio", portfolio, "--rules", rules] + (report.map { ["--report", $0] } ?? []) + (readOnly ? ["--read-only"] : [])
            + (noStakes ? ["--no-stakes"] : [])
        warm(portfolio)
        // A report left by the previous run is removed first: truncating a file the kernel is
        // still writing back can stall the next run for seconds, which is the disk, not silkrisk.
        if let report { try? FileManager.default.removeItem(atPath: report) }
        if !tuned { process.environment = ProcessInfo.processInfo.environment.merging(["SILKRISK_MALLOC_TUNING": "off"]) { $1 } }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self)
        var values: [String: String] = [:]
        for pair in line.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        guard process.terminationStatus == 0, let seconds = values["seconds"].flatMap(Double.init) else {
            throw ValidationError("measure failed: \(line)")
        }
        let allocator = line.range(of: "allocator=").map { String(line[$0.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "?"
        return Figures(
            seconds: seconds, cpu: values["cpu"].flatMap(Double.init) ?? 0, peakKiB: values["peakKiB"].flatMap(Int.init) ?? 0, allocator: allocator)
    }

    func folderBytes(_ folder: String) throws -> Int {
        var total = 0
        for file in DossierPaths.expand([folder]).files {
            total += (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        }
        return total
    }

    /// Reads every file of the portfolio once, so that each timed run starts with the files in
    /// the page cache, silkrisk's and xmllint's alike. (This VM's kernel reclaims idle page cache;
    /// without this, whichever program ran first paid for the disk.)
    func warm(_ folder: String) {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        for file in DossierPaths.expand([folder]).files {
            let descriptor = open(file, O_RDONLY)
            guard descriptor >= 0 else { continue }
            while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
            close(descriptor)
        }
    }

    func timeXmllint(_ folder: String, schema: String?) throws -> Double {
        warm(folder)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let validation = schema.map { " --schema '\($0)'" } ?? ""
        process.arguments = ["-c", "find '\(folder)' -name '*.xml' -print0 | xargs -0 -n 2000 xmllint --noout\(validation) 2>/dev/null"]
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try process.run()
            process.waitUntilExit()
        }
        return elapsed.seconds
    }

    func median(_ body: (Int) -> Void) -> Double {
        let clock = ContinuousClock()
        var times: [Double] = []
        for index in 0..<5 { times.append(clock.measure { body(index) }.seconds) }
        return times.sorted()[2]
    }

    static func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", seconds * 1000) }
    static func seconds(_ seconds: Double) -> String { String(format: "%.2f s", seconds) }
}

enum Resources {
    /// Peak resident memory of this process, from /proc/self/status (VmHWM), in KiB.
    static func peakKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    /// User plus system CPU seconds of this process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec)
            / 1e6
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
