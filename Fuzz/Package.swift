// swift-tools-version: 6.1
import PackageDescription

// libFuzzer harnesses for SilkRisk. They live in a package of their own so that a plain
// `swift build` or `swift test` of SilkRisk never builds them: they link only with libFuzzer's
// runtime, which `-sanitize=fuzzer` brings in. Build and run them with `Fuzz/run` (see
// docs/robustness.md).
let package = Package(
    name: "SilkRiskFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "SilkRisk", path: "..")],
    targets: [
        // libFuzzer's driver entry, declared for Swift.
        .systemLibrary(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "SilkRiskEngine", package: "SilkRisk")]),
        // The rule-language front end: lexer, parser, checker, compiler, diagnostics rendering.
        .executableTarget(
            name: "fuzz-rules",
            dependencies: ["FuzzSupport", .product(name: "SilkRiskEngine", package: "SilkRisk")],
            path: "Sources/RuleFuzzer"
        ),
        // The dossier loader: size cap, pre-scan, parse, schema validation, query walk, fact
        // extraction, assessment with the shipped rules, reports of the assessment.
        .executableTarget(
            name: "fuzz-dossier",
            dependencies: ["FuzzSupport", .product(name: "SilkRiskEngine", package: "SilkRisk")],
            path: "Sources/DossierFuzzer"
        ),
        // A file of a record format declared in the rules (IATI activities, `Rules/iati`): the
        // format's cap, pre-scan, parse, the records one by one with their schema, the query walk
        // and extraction of each, their assessment, the reports, streamed and in memory.
        .executableTarget(
            name: "fuzz-records",
            dependencies: ["FuzzSupport", .product(name: "SilkRiskEngine", package: "SilkRisk")],
            path: "Sources/RecordFuzzer"
        ),
    ]
)
