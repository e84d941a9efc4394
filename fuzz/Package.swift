// swift-tools-version:6.0
// Coverage-guided fuzzing (libFuzzer) of Atalaya's file readers: not part of the main build, nor of CI. The
// readers' sources are symlinks into ../Sources, so what is fuzzed is what ships. See README.md here.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "AtalayaFuzz",
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3")
    ],
    targets: [
        .systemLibrary(name: "CZlibInflate", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "AtalayaDomain", swiftSettings: swiftSettings),
        .target(
            name: "AtalayaIngest",
            dependencies: [
                "AtalayaDomain", "CZlibInflate",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "AtalayaStore", dependencies: ["AtalayaDomain"], swiftSettings: swiftSettings),
        .target(
            name: "AtalayaImport", dependencies: ["AtalayaDomain", "AtalayaIngest", "AtalayaStore"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "FuzzIATI", dependencies: ["AtalayaDomain", "AtalayaIngest", "AtalayaImport"],
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "FuzzTables", dependencies: ["AtalayaDomain", "AtalayaIngest"],
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]),
    ]
)
