// swift-tools-version:6.1
import PackageDescription

/// Compiler strictness shared by every target; CI sets ATALAYA_WARNINGS_AS_ERRORS=1.
let swiftSettings: [SwiftSetting] =
    [
        .swiftLanguageMode(.v6),
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("InternalImportsByDefault"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ] + (Context.environment["ATALAYA_WARNINGS_AS_ERRORS"] == "1" ? [.unsafeFlags(["-warnings-as-errors"])] : [])

let package = Package(
    name: "Atalaya",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "atalaya", targets: ["atalaya"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "AtalayaDomain",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaBundledData",
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaIngest",
            dependencies: [
                "AtalayaDomain",
                "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaStore",
            dependencies: ["AtalayaDomain"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaSQLite",
            dependencies: [
                "AtalayaDomain",
                "AtalayaStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaImport",
            dependencies: ["AtalayaDomain", "AtalayaIngest", "AtalayaStore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaInsights",
            dependencies: ["AtalayaDomain", "AtalayaStore", "AtalayaReports"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaReports",
            dependencies: ["AtalayaDomain", "AtalayaStore"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "atalaya",
            dependencies: [
                "AtalayaDomain",
                "AtalayaIngest",
                "AtalayaStore",
                "AtalayaSQLite",
                "AtalayaReports",
                "AtalayaImport",
                "AtalayaInsights",
                "AtalayaBundledData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AtalayaDomainTests",
            dependencies: ["AtalayaDomain", "AtalayaBundledData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AtalayaIngestTests",
            dependencies: ["AtalayaIngest", "AtalayaDomain", "AtalayaBundledData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AtalayaSQLiteTests",
            dependencies: [
                "AtalayaSQLite", "AtalayaStore", "AtalayaIngest", "AtalayaDomain", "AtalayaReports",
                "AtalayaBundledData", "AtalayaImport", "AtalayaInsights",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
