// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Doppel",
    products: [
        .library(name: "Doppel", targets: ["Doppel"]),
        .library(name: "DoppelSQLite", targets: ["DoppelSQLite"]),
        .library(name: "DoppelPostgres", targets: ["DoppelPostgres"]),
        .library(name: "DoppelSemantic", targets: ["DoppelSemantic"]),
        .library(name: "DoppelServer", targets: ["DoppelServer"]),
        .executable(name: "doppel", targets: ["doppel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(name: "CPrefetch"),
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "Doppel",
            dependencies: ["CZlib", "CPrefetch"]
        ),
        .target(
            name: "DoppelSQLite",
            dependencies: ["Doppel", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "DoppelPostgres",
            dependencies: ["Doppel", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .target(
            name: "DoppelSemantic",
            dependencies: ["Doppel", "COpenBLAS"]
        ),
        .target(
            name: "DoppelServer",
            dependencies: [
                "Doppel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "doppel",
            dependencies: [
                "Doppel",
                "DoppelServer",
                "DoppelSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                "DoppelPostgres",
                "DoppelSemantic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DoppelTests",
            dependencies: ["Doppel", "DoppelSQLite", "DoppelPostgres", "DoppelSemantic", "DoppelServer", "CZlib",
                           .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
    ]
)
