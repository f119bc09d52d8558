// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gongkai",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "AnnualReports", targets: ["AnnualReports"]),
        .executable(name: "gongkai", targets: ["gongkai"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
    ],
    targets: [
        .target(name: "CSHA256"),
        .target(name: "AnnualReports", dependencies: ["CSHA256"]),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "CRenameExchange"),
        .target(name: "CChildProcess"),
        .target(
            name: "ReportSite",
            dependencies: [
                "AnnualReports", "CCmarkGFM", "CRenameExchange", "CChildProcess",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/gbt2260.tsv")]
        ),
        .target(
            name: "SitePreview",
            dependencies: [.product(name: "FlyingFox", package: "FlyingFox")]
        ),
        .executableTarget(
            name: "gongkai",
            dependencies: [
                "AnnualReports",
                "ReportSite",
                "SitePreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc (Debian's libmimalloc-dev) replaces the C library's malloc for the whole
            // process: a build makes and frees millions of small strings and arrays on both cores.
            linkerSettings: [.linkedLibrary("mimalloc")]
        ),
        .executableTarget(name: "gongkai-fuzz", dependencies: ["AnnualReports"]),
        .target(name: "ReportSynth", dependencies: ["AnnualReports"]),
        .executableTarget(name: "gongkai-bench", dependencies: ["ReportSynth"], linkerSettings: [.linkedLibrary("mimalloc")]),
        .testTarget(
            name: "AnnualReportsTests",
            dependencies: ["AnnualReports", "ReportSite", "ReportSynth"],
            exclude: ["Golden"]
        ),
        .testTarget(name: "ReportSiteTests", dependencies: ["ReportSite", "AnnualReports", "ReportSynth"], exclude: ["Golden"]),
        .testTarget(name: "SitePreviewTests", dependencies: ["SitePreview"]),
    ]
)
