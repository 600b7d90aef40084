// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Doppel",
    products: [
        .library(name: "Doppel", targets: ["Doppel"]),
        .library(name: "DoppelSQLite", targets: ["DoppelSQLite"]),
        .executable(name: "doppel", targets: ["doppel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(name: "CPrefetch"),
        .target(
            name: "Doppel",
            dependencies: ["CZlib", "CPrefetch"]
        ),
        .target(
            name: "DoppelSQLite",
            dependencies: ["Doppel", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "doppel",
            dependencies: [
                "Doppel",
                "DoppelSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DoppelTests",
            dependencies: ["Doppel", "DoppelSQLite", "CZlib", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
