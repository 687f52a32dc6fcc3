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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // ncurses with its wide-character API: ncursesw on Linux, the system's ncurses on macOS (no Homebrew).
        // What else differs is listed at the top of Sources/CNCurses/include/cncurses.h.
        .target(
            name: "CNCurses",
            cSettings: [.define("_XOPEN_SOURCE_EXTENDED", to: "1", .when(platforms: [.macOS]))],
            linkerSettings: [
                .linkedLibrary("ncursesw", .when(platforms: [.linux])),
                .linkedLibrary("ncurses", .when(platforms: [.macOS])),
            ]
        ),
        .target(name: "ConvModel"),
        .target(name: "ScenarioFormat", dependencies: ["ConvModel"]),
        // The frame writer's byte copy, eight cells at a time (see its header).
        .target(name: "CFrameBytes"),
        .target(name: "Animator", dependencies: ["ConvModel", "ScenarioFormat", "CFrameBytes"]),
        .executableTarget(
            name: "convlens",
            dependencies: [
                "ConvModel", "ScenarioFormat", "Animator", "CNCurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What more than one test target uses (the randomised tests' generator, over ScenarioFormat's SplitMix64).
        .target(name: "TestSupport", dependencies: ["ScenarioFormat"], path: "Tests/TestSupport"),
        .testTarget(
            name: "ConvModelTests", dependencies: ["ConvModel", "ScenarioFormat", "TestSupport"], exclude: ["Golden"]),
        .testTarget(
            name: "ScenarioFormatTests", dependencies: ["ScenarioFormat", "ConvModel"],
            exclude: ["CatalogExpected.json"]),
        .testTarget(
            name: "AnimatorTests", dependencies: ["Animator", "ScenarioFormat", "ConvModel", "TestSupport"],
            exclude: ["Snapshots"]),
        .testTarget(name: "CLITests", dependencies: ["ScenarioFormat", "ConvModel"], exclude: ["Corpus"]),
    ],
    swiftLanguageModes: [.v6]
)
