// swift-tools-version: 6.1
// hybridsim: a packet-level discrete-event simulator for a hybrid IBM Cloud network.
// Layers and their allowed imports: see docs/architecture.md.
import PackageDescription

let package = Package(
    name: "hybridsim",
    products: [
        .executable(name: "hybridsim", targets: ["hybridsim"]),
        .library(name: "SimKernel", targets: ["SimKernel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        // GSL (GNU Scientific Library) through pkg-config; Debian package libgsl-dev.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),
        // Time, event scheduling, random streams, distributions, statistics, queueing stations.
        .target(
            name: "SimKernel",
            dependencies: [
                "CGSL",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // Packets, headers, links, devices, routing, NAT, firewall, traffic sources, flow statistics.
        .target(name: "NetModel", dependencies: ["SimKernel"]),
        // The reference hybrid IBM Cloud architecture: IKS, VCS, ICP, IBM Cloud network, enterprise.
        .target(name: "HybridCloud", dependencies: ["NetModel", "SimKernel", "Reports"]),
        // Atomic exchange of two folders (Linux renameat2), for publishing a result set at once.
        .target(name: "CFileExchange"),
        // Output writing: CSV, JSON, atomic files and output folders (no simulation).
        .target(name: "Reports", dependencies: ["CFileExchange"]),
        // Scenario files, overrides, sweeps, replications, outputs.
        .target(name: "Experiments", dependencies: ["HybridCloud", "NetModel", "SimKernel", "Reports",
                                                    .product(name: "Yams", package: "Yams")]),
        // Analytic validation suite (queueing theory, TCP closed forms) behind `hybridsim verify`.
        .target(name: "Validation", dependencies: ["SimKernel", "NetModel", "Reports"]),
        .executableTarget(
            name: "hybridsim",
            dependencies: [
                "SimKernel", "Validation", "NetModel", "HybridCloud", "Experiments", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks (release only, run by `make bench`); not part of `swift test`.
        .executableTarget(name: "hybridsim-bench", dependencies: ["SimKernel", "NetModel"], path: "bench/swift"),
        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel"]),
        .testTarget(name: "NetModelTests", dependencies: ["NetModel", "SimKernel"]),
        .testTarget(name: "HybridCloudTests", dependencies: ["HybridCloud", "NetModel", "SimKernel", "Reports"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "HybridCloud", "NetModel", "Reports", "SimKernel"]),
        .testTarget(name: "ValidationTests", dependencies: ["Validation", "SimKernel", "Reports"]),
    ]
)
