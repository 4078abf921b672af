// swift-tools-version:6.2
// Mapping-speed benchmarks (ordo-one/benchmark). Run through `benchmarks/run`, or directly:
//   swift package --package-path benchmarks benchmark
import PackageDescription

let package = Package(
    name: "unified-crm-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "unified-crm", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "MappingBench",
            dependencies: [
                .product(name: "UnifiedCRMCore", package: "unified-crm"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/MappingBench",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
