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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .target(
            name: "AtalayaDomain",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaBundledData",
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CZlibInflate",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "AtalayaIngest",
            dependencies: [
                "AtalayaDomain",
                "CZlibInflate",
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
            name: "CSQLiteSettings",
            cSettings: Context.environment["ATALAYA_WARNINGS_AS_ERRORS"] == "1"
                ? [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])] : [],
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),
        .target(
            name: "AtalayaSQLite",
            dependencies: [
                "AtalayaDomain",
                "AtalayaStore",
                "CSQLiteSettings",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaPostgres",
            dependencies: [
                "AtalayaDomain",
                "AtalayaStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaImport",
            dependencies: ["AtalayaDomain", "AtalayaIngest", "AtalayaStore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaCosign",
            dependencies: [
                "AtalayaDomain", "AtalayaIngest", "AtalayaStore", .product(name: "Crypto", package: "swift-crypto"),
            ],
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
        .target(
            name: "AtalayaWeb",
            dependencies: [
                "AtalayaDomain", "AtalayaStore", "AtalayaReports", "AtalayaInsights",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")],
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
                "AtalayaCosign",
                "AtalayaBundledData",
                "AtalayaWeb",
                "AtalayaPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AtalayaTestSupport",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/AtalayaTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AtalayaDomainTests",
            dependencies: ["AtalayaDomain", "AtalayaBundledData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AtalayaIngestTests",
            dependencies: ["AtalayaIngest", "AtalayaDomain", "AtalayaBundledData", "AtalayaTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AtalayaSQLiteTests",
            dependencies: [
                "AtalayaSQLite", "AtalayaPostgres", "AtalayaStore", "AtalayaIngest", "AtalayaDomain", "AtalayaReports",
                "AtalayaBundledData", "AtalayaImport", "AtalayaInsights", "AtalayaTestSupport", "AtalayaCosign",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AtalayaWebTests",
            dependencies: [
                "AtalayaWeb", "AtalayaSQLite", "AtalayaPostgres", "AtalayaStore", "AtalayaDomain", "AtalayaImport",
                "AtalayaIngest", "AtalayaInsights",
                "AtalayaBundledData", "AtalayaReports", "AtalayaTestSupport", "AtalayaCosign",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
