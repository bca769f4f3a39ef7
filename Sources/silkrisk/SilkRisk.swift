import ArgumentParser
import DossierXML
import Foundation
import PortfolioRunner
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics
import ToolSupport

@main
struct SilkRisk: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silkrisk",
        abstract: "Score cross-border technology-cooperation projects against known obstacles, and explain why.",
        discussion: """
            Exit status, the same for every command: 0 when all went well; 1 when problems were found in the \
            input (a dossier that could not be read, scored or validated, a path that gives no dossier, two \
            dossiers with one id, rule files with errors found by 'check', a rule test that failed) or the \
            report could not be written; 2 when the rules cannot be used ('score', 'explain' and 'validate' \
            read no dossier then; for 'test', also when a test file has errors or there is no test to run); \
            64 when the command line is wrong.
            """,
        version: RiskEngineVersion.string,
        subcommands: [
            Score.self, Explain.self, Check.self, TestCommand.self, Validate.self, Schema.self, New.self, Import.self, Diff.self, WhatIfCommand.self,
            Stats.self, Serve.self,
        ]
    )

    static func main() async {
        // Portfolios are scored with glibc's malloc tuned for the allocation bursts of scoring
        // (see AllocatorTuning); the other commands are short and run as they are.
        if CommandLine.arguments.dropFirst().first == "score" {
            AllocatorTuning.reexecuteTuned(arguments: CommandLine.arguments)
        }
        // After the re-execution, so that it is said once. swift-argument-parser takes time
        // that grows with the square of the number of arguments (10,000 paths: about 5 s):
        // said at once, with the way around it.
        let count = CommandLine.arguments.count - 1
        if count >= 5_000 {
            FileHandle.standardError.write(
                Data(
                    "silkrisk: \(count) command-line arguments take the argument parser a while to read; give their folder, or list them in a file for --paths-from\n"
                        .utf8))
        }
        await main(nil)
    }
}
