// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Doppel",
    products: [
        .library(name: "Doppel", targets: ["Doppel"]),
        .executable(name: "doppel", targets: ["doppel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        .executableTarget(
            name: "doppel",
            dependencies: [
                "Doppel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DoppelTests",
            dependencies: ["Doppel", "CZlib"]
        ),
    ]
)
