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
//   Reports           text, Markdown, JSON and HTML reports of assessments
//   PortfolioRunner   file listing, the parallel batch pipeline, ordering, the streamed report
//   ToolSupport       what the executables share (process start-up)
//   SafeOutput        every file a command writes: atomically replaced, every error reported
//   silkrisk, silkrisk-bench
let package = Package(
    name: "SilkRisk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "silkrisk", targets: ["silkrisk"]),
        .library(name: "SilkRiskEngine", targets: ["RuleLanguage", "Scoring", "Reports", "PortfolioRunner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
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
            name: "Reports",
            dependencies: ["SilkDiagnostics", "RuleLanguage", "Scoring"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PortfolioRunner",
            dependencies: ["SilkDiagnostics", "DossierXML", "RuleLanguage", "Scoring", "Reports"],
            swiftSettings: strictSettings
        ),
        .target(name: "ToolSupport", swiftSettings: strictSettings),
        .target(name: "SafeOutput", swiftSettings: strictSettings),
        .executableTarget(
            name: "silkrisk",
            dependencies: [
                "SilkDiagnostics", "DossierXML", "RuleLanguage", "Scoring", "Reports", "PortfolioRunner", "ToolSupport", "SafeOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "silkrisk-bench",
            dependencies: [
                "SilkDiagnostics", "DossierXML", "RuleLanguage", "Scoring", "Reports", "PortfolioRunner", "ToolSupport", "SafeOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
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
            dependencies: ["RuleLanguage", "SilkDiagnostics"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ScoringTests",
            dependencies: ["Scoring", "RuleLanguage", "SilkDiagnostics", "DossierXML"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PortfolioRunnerTests",
            dependencies: ["PortfolioRunner", "Reports", "Scoring", "RuleLanguage", "SilkDiagnostics", "DossierXML"],
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
            swiftSettings: strictSettings
        ),
    ]
)
