// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "convlens",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "convlens", targets: ["convlens"]),
        .library(name: "ConvModel", targets: ["ConvModel"]),
        .library(name: "ScenarioFormat", targets: ["ScenarioFormat"]),
        .library(name: "Animator", targets: ["Animator"]),
    ],
    dependencies: [
        // The only dependency: flag parsing with sysexits-compatible usage errors (exit 64).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "CNCurses",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        .target(name: "ConvModel"),
        .target(name: "ScenarioFormat", dependencies: ["ConvModel"]),
        .target(name: "Animator", dependencies: ["ConvModel", "ScenarioFormat"]),
        .executableTarget(
            name: "convlens",
            dependencies: [
                "ConvModel", "ScenarioFormat", "Animator", "CNCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ConvModelTests", dependencies: ["ConvModel"], exclude: ["Golden"]),
        .testTarget(name: "ScenarioFormatTests", dependencies: ["ScenarioFormat", "ConvModel"],
                    exclude: ["CatalogExpected.json"]),
        .testTarget(name: "AnimatorTests", dependencies: ["Animator", "ScenarioFormat", "ConvModel"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "CLITests", dependencies: ["ScenarioFormat", "ConvModel"], exclude: ["Corpus"]),
    ],
    swiftLanguageModes: [.v6]
)
