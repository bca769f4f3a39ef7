import ArgumentParser
import RiskEngine

@main
struct SilkRisk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silkrisk",
        abstract: "Score cross-border technology-cooperation projects against known obstacles, and explain why.",
        version: RiskEngineVersion.string,
        subcommands: [Score.self, Explain.self, Check.self, Validate.self, Schema.self]
    )
}
