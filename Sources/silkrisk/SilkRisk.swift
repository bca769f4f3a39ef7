import ArgumentParser
import DossierXML
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
        await main(nil)
    }
}
