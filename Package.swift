// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "SilkRisk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "silkrisk", targets: ["silkrisk"]),
        .library(name: "RiskEngine", targets: ["RiskEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The only place that sees libxml2's C headers.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // Safe XML loading: the only importer of CLibXML2.
        .target(
            name: "DossierXML",
            dependencies: ["CLibXML2"],
            resources: [.embedInCode("Schema/dossier-v1.xsd")],
            swiftSettings: strictSettings
        ),
        // Pure Swift: rule language, compilation, evaluation, reporting.
        .target(
            name: "RiskEngine",
            dependencies: [
                "DossierXML",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "silkrisk",
            dependencies: [
                "RiskEngine",
                "DossierXML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "silkrisk-bench",
            dependencies: [
                "RiskEngine",
                "DossierXML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DossierXMLTests",
            dependencies: ["DossierXML"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RiskEngineTests",
            dependencies: ["RiskEngine", "DossierXML"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SilkRiskCLITests",
            dependencies: ["RiskEngine", "silkrisk", "silkrisk-bench"],
            swiftSettings: strictSettings
        ),
    ]
)
