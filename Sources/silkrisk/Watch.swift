import ArgumentParser
import DossierXML
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics
import Synchronization
import Workbench

#if canImport(Glibc)
    import Glibc
#endif

/// `score --watch`: options, and what they may be combined with.
struct WatchOptions: ParsableArguments {
    @Flag(name: .long, help: "Score again whenever a rule file or a dossier changes, until Ctrl-C (text on the terminal only).")
    var watch = false

    @Option(name: .customLong("watch-interval"), help: "Seconds between looks at the files, with --watch.")
    var interval: Double = 0.5

    static let summary =
        "text only, to standard output; an edit is taken once the files have stayed as they are for one --watch-interval; "
        + "rules with errors print their diagnostics and the last good rules stay in force; Ctrl-C ends it with status 0. "
        + "--watch with --format other than text, or with --output, is a usage error"

    /// `--watch` writes the text table to the terminal, nothing else: another format or a file
    /// would be rewritten on every edit with nobody reading it, so both are refused.
    func validate(format: ReportFormat?, output: String?) throws {
        guard watch else {
            if interval != 0.5 { throw ValidationError("--watch-interval is for --watch") }
            return
        }
        if let format, format != .text {
            throw ValidationError("--watch writes the text table to the terminal; --format \(format.rawValue) cannot be watched")
        }
        if output != nil { throw ValidationError("--watch writes to the terminal; leave out --output (score once to write a report file)") }
        guard interval >= 0.05, interval <= 60 else { throw ValidationError("--watch-interval must be from 0.05 to 60 seconds, not \(interval)") }
    }
}

/// Set by SIGINT; the watch loop looks at it between naps.
private let stopRequested = Atomic<Bool>(false)

extension Score {
    /// Scores, then watches the rules folder and the dossiers: after an edit has settled, the
    /// rules are loaded again if they changed (with errors: their diagnostics, and the last good
    /// rules stay in force), and the dossiers scored again. Each run prints the table, what moved
    /// since the last run, and what is being watched.
    func watchAndRescore() throws {
        signal(SIGINT) { _ in stopRequested.store(true, ordering: .relaxed) }
        let folder = options.ruleOptions.rules
        let dossierPaths = paths.isEmpty ? ["Inputs"] : paths
        // The last good rules, with the loader of the record format they declare (if any).
        var rules: (ruleSet: CompiledRuleSet, records: RecordLoader?)? = nil
        var previous: [String: (score: Double, verdict: String)]? = nil
        var snapshots = (rules: FileSnapshot.folder(folder), dossiers: FileSnapshot.dossiers(dossierPaths))
        var change = Change(reason: "first run", rules: true, dossiers: true)
        while true {
            var reloaded = false
            if change.rules {
                var output = RuleSetLoader.load(directory: folder)
                // A record format's schema is compiled now: one that cannot be used is an error of the rules.
                var records: RecordLoader? = nil
                if let format = output.ruleSet?.format {
                    switch format.recordLoader(maxBytes: options.dossierOptions.maxBytes) {
                    case .success(let loader): records = loader
                    case .failure(let problems):
                        output.diagnostics += problems.diagnostics
                        output.ruleSet = nil
                    }
                }
                if let ruleSet = output.ruleSet {
                    if rules != nil { say("rules reloaded: \(ruleSet.name) \(ruleSet.version), sha256:\(ruleSet.contentHash.prefix(12))…") }
                    rules = (ruleSet, records)
                    reloaded = true
                } else {
                    printDiagnostics(output.diagnostics.filter { $0.severity == .error })
                    let kept = rules.map { rules in
                        let ruleSet = rules.ruleSet
                        return "keeping the last good rules (\(ruleSet.name) \(ruleSet.version), sha256:\(ruleSet.contentHash.prefix(12))…)"
                    }
                    printError(
                        "silkrisk: the rules in '\(folder)' have \(Wording.count(output.diagnostics.errorCount, "error")); "
                            + (kept ?? "no good rules to score with yet; waiting for a fix"))
                }
            }
            if let rules, reloaded || change.dossiers {
                previous = score(rules: rules.ruleSet, records: rules.records, paths: dossierPaths, reason: change.reason, previous: previous)
            }
            say("watching '\(folder)' and \(dossierPaths.joined(separator: ", ")) every \(Format.number(watchOptions.interval)) s; Ctrl-C to stop")
            guard let next = waitForChange(folder: folder, paths: dossierPaths, snapshots: &snapshots) else {
                say("stopped")
                return
            }
            change = next
        }
    }

    /// What changed, once the files have settled.
    struct Change {
        var reason: String
        var rules: Bool
        var dossiers: Bool
    }

    /// Naps until the files differ from `snapshots`, then until they stay as they are for one
    /// interval; nil when Ctrl-C was pressed.
    private func waitForChange(
        folder: String, paths: [String], snapshots: inout (rules: FileSnapshot, dossiers: FileSnapshot)
    ) -> Change? {
        var latest = snapshots
        // Look until something differs, then until two looks in a row agree.
        var changed = false
        while true {
            guard nap() else { return nil }
            let now = (rules: FileSnapshot.folder(folder), dossiers: FileSnapshot.dossiers(paths))
            let moving = now.rules != latest.rules || now.dossiers != latest.dossiers
            latest = now
            if moving {
                changed = true
                continue
            }
            if changed { break }
        }
        let edited = latest.rules.changes(since: snapshots.rules) + latest.dossiers.changes(since: snapshots.dossiers)
        let change = Change(
            reason: edited.count == 1
                ? "\(edited[0]) changed"
                : "\(edited.count) files changed: " + edited.prefix(5).joined(separator: ", ")
                    + (edited.count > 5 ? ", …" : ""),
            rules: latest.rules != snapshots.rules, dossiers: latest.dossiers != snapshots.dossiers)
        snapshots = latest
        // An edit undone before it settled changes nothing: keep watching.
        return edited.isEmpty ? waitForChange(folder: folder, paths: paths, snapshots: &snapshots) : change
    }

    /// Sleeps one interval in short steps; false when Ctrl-C was pressed.
    private func nap() -> Bool {
        var left = watchOptions.interval
        while left > 0 {
            if stopRequested.load(ordering: .relaxed) { return false }
            let step = min(left, 0.05)
            usleep(useconds_t(step * 1_000_000))
            left -= step
        }
        return !stopRequested.load(ordering: .relaxed)
    }

    /// Scores the dossiers (the records of the files, with `records`) with `rules`, prints the
    /// table and what moved since `previous`, and returns each dossier's score and verdict by
    /// file (a record's by file and id).
    private func score(
        rules: CompiledRuleSet, records: RecordLoader?, paths: [String], reason: String, previous: [String: (score: Double, verdict: String)]?
    ) -> [String: (score: Double, verdict: String)] {
        var assessor = Assessor(ruleSet: rules)
        assessor.stakes = .none
        let (files, missing) = pathOptions.expand(paths)
        var portfolio = assessor.assess(files: files, loader: options.loader, records: records, allowsEmptyRecordFiles: pathOptions.allowEmpty)
        portfolio.failures += missing
        say("")
        say("── \(reason) ──")
        print(TextReport(colour: Terminal.wantsColour).portfolio(portfolio), terminator: "")
        printDiagnostics(portfolio.failures.flatMap(\.diagnostics))
        var now: [String: (score: Double, verdict: String)] = [:]
        for a in portfolio.assessments { now[a.record == nil ? a.file : "\(a.file) (\(a.id))"] = (a.score, a.band.label) }
        if let previous {
            let moved =
                now.keys.sorted().compactMap { file -> String? in
                    let (after, before) = (now[file]!, previous[file])
                    guard let before else { return "  \(file): new, \(Format.number(after.score)) \(after.verdict)" }
                    guard before.score != after.score || before.verdict != after.verdict else { return nil }
                    return "  \(file): \(Format.number(before.score)) \(before.verdict) → \(Format.number(after.score)) \(after.verdict)"
                } + previous.keys.filter { now[$0] == nil }.sorted().map { "  \($0): no longer scored" }
            say(moved.isEmpty ? "nothing moved since the last run" : "moved since the last run:")
            for line in moved { say(line) }
        }
        return now
    }

    /// A line to standard output, flushed at once: a terminal, or a pipe someone reads as it comes.
    private func say(_ line: String) {
        print(line)
        fflush(nil)
    }
}
