import ArgumentParser

@main
struct SilkRisk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silkrisk",
        abstract: "Score cross-border technology-cooperation projects against known obstacles.",
        subcommands: [Validate.self, Check.self]
    )
}
