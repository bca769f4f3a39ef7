// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

// The targets follow the pipeline, each depending only on those before it:
//
//   SilkDiagnostics   source files, locations, diagnostics and their rendering
//   CLibXML2          libxml2's C headers (system library)
//   DossierXML        safe XML reading and validation: the only importer of CLibXML2
//   RuleLanguage      values, lexer, parser, checker and compiler of the rule language
//   Scoring           fact extraction, evaluation, assessment (the per-dossier hot loop)
//   RuleTesting       rule tests (`*.tests` beside the rules): checked, run, coverage
//   Reports           text, Markdown, JSON and HTML reports of assessments
//   PortfolioRunner   file listing, the parallel batch pipeline, ordering, the streamed report
//   DataImport        importers of other data into dossiers (AidData's CSV dataset)
//   Workbench         the rule author's tools: new-dossier skeletons, diff, what-if, statistics
//   ToolSupport       what the executables and tests share (process start-up, a seeded generator)
//   ScoringService    the HTTP service: API, browser view, hot-reloaded rules, limits, metrics
//   SafeOutput        every file a command writes: atomically replaced, every error reported
//   silkrisk, silkrisk-bench
let package = Package(
    name: "SilkRisk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "silkrisk", targets: ["silkrisk"]),
        .library(name: "SilkRiskEngine", targets: ["RuleLanguage", "Scoring", "RuleTesting", "Reports", "PortfolioRunner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // CSV: reference tables in rule packs and AidData's dataset. Reads a stream row by row,
        // with quoted fields holding commas, quotes and line breaks.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // The service: Hummingbird 2 without its optional traits (swift-configuration and full
        // Foundation are not needed), kept libraries for lifecycle, logs, metrics and forms.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        // Tests only: a real HTTP client to talk to the service.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(name: "SilkDiagnostics", swiftSettings: strictSettings),
        // The only place that sees libxml2's C headers.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Safe XML loading: the only importer of CLibXML2.
        .target(
            name: "DossierXML",
            dependencies: ["CLibXML2", "SilkDiagnostics"],
            resources: [.embedInCode("Schema/dossier-v1.xsd")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RuleLanguage",
            dependencies: [
                "SilkDiagnostics",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Scoring",
            dependencies: [
                "SilkDiagnostics", "DossierXML", "RuleLanguage",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RuleTesting",
            dependencies: ["SilkDiagnostics", "DossierXML", "RuleLanguage", "Scoring"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Reports",
            dependencies: ["SilkDiagnostics", "RuleLanguage", "Scoring"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PortfolioRunner",
            dependencies: ["SilkDiagnostics", "DossierXML", "RuleLanguage", "Scoring", "Reports"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Workbench",
            dependencies: ["SilkDiagnostics", "DossierXML", "RuleLanguage", "Scoring", "Reports", "PortfolioRunner"],
            swiftSettings: strictSettings
        ),
        // Importers of other data into dossiers: AidData's CSV dataset.
        .target(
            name: "DataImport",
            dependencies: ["SilkDiagnostics", .product(name: "CSV", package: "CSV.swift")],
            swiftSettings: strictSettings
        ),
        .target(name: "ToolSupport", swiftSettings: strictSettings),
        .target(name: "SafeOutput", swiftSettings: strictSettings),
        .target(
            name: "ScoringService",
            dependencies: [
                "SilkDiagnostics", "DossierXML", "RuleLanguage", "Scoring", "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "silkrisk",
            dependencies: [
                "SilkDiagnostics", "DossierXML", "RuleLanguage", "Scoring", "RuleTesting", "Reports", "PortfolioRunner", "ToolSupport",
                "ScoringService", "Workbench", "SafeOutput", "DataImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "silkrisk-bench",
            dependencies: [
                "SilkDiagnostics", "DossierXML", "RuleLanguage", "Scoring", "Reports", "PortfolioRunner", "ToolSupport", "SafeOutput",
                "Workbench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DataImportTests",
            dependencies: ["DataImport", "DossierXML", "SilkDiagnostics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WorkbenchTests",
            dependencies: ["Workbench", "Scoring", "PortfolioRunner", "Reports", "RuleLanguage", "DossierXML", "SilkDiagnostics", "ToolSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SilkDiagnosticsTests",
            dependencies: ["SilkDiagnostics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DossierXMLTests",
            dependencies: ["DossierXML", "SilkDiagnostics"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RuleLanguageTests",
            dependencies: ["RuleLanguage", "SilkDiagnostics", "ToolSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ScoringTests",
            dependencies: ["Scoring", "RuleLanguage", "SilkDiagnostics", "DossierXML", "ToolSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RuleTestingTests",
            dependencies: ["RuleTesting", "Scoring", "RuleLanguage", "SilkDiagnostics", "DossierXML"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PortfolioRunnerTests",
            dependencies: ["PortfolioRunner", "Reports", "Scoring", "RuleLanguage", "SilkDiagnostics", "DossierXML", "ToolSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SafeOutputTests",
            dependencies: ["SafeOutput"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SilkRiskCLITests",
            dependencies: ["silkrisk", "silkrisk-bench", "ToolSupport"],
            // Read from the source tree by GoldenReportTests, not bundled.
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ScoringServiceTests",
            dependencies: [
                "ScoringService", "Scoring", "Reports", "RuleLanguage", "SilkDiagnostics", "DossierXML", "silkrisk",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
