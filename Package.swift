// swift-tools-version:6.0
// Flock: federated learning in Swift. See README.md and docs/ for the module map.
//
// Layout: C system libraries (C*) are wrapped by Swift modules that own them and never
// re-export them. Executables are thin; the logic lives in the Flock* libraries.
import PackageDescription

let swift5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

let package = Package(
    name: "Flock",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fl-provision", targets: ["fl-provision"]),
        .executable(name: "fl-codegen", targets: ["fl-codegen"]),
        .executable(name: "flock-interop", targets: ["flock-interop"]),
        .executable(name: "fl-admin", targets: ["fl-admin"]),
        // Libraries for the fuzz targets (fuzz/Package.swift depends on this package by path).
        .library(name: "FlockCore", targets: ["FlockCore"]),
        .library(name: "FlockTLS", targets: ["FlockTLS"]),
        .library(name: "FlockRPC", targets: ["FlockRPC"]),
        .library(name: "FlockProto", targets: ["FlockProto"]),
        .library(name: "FlockProvision", targets: ["FlockProvision"]),
        .library(name: "FlockTrain", targets: ["FlockTrain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // MARK: C system libraries (pkg-config names and Debian providers)
        .systemLibrary(name: "CProtobufC", pkgConfig: "libprotobuf-c", providers: [.apt(["libprotobuf-c-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZip", pkgConfig: "libzip", providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CNGHTTP2", pkgConfig: "libnghttp2", providers: [.apt(["libnghttp2-dev"])]),
        // epoll/eventfd headers for FlockRPC's event loops (Linux; no library to link).
        .systemLibrary(name: "CLinuxIO"),

        // MARK: Core
        .target(name: "FlockCore", dependencies: [
            "CLinuxIO",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: swift5),

        // MARK: TLS (certificates, keys, CA issuance, TLS contexts)
        .target(name: "FlockTLS", dependencies: ["COpenSSL", "FlockCore"], swiftSettings: swift5),

        // MARK: RPC (gRPC over HTTP/2; transport-agnostic core + nghttp2/OpenSSL transport)
        .target(name: "FlockRPC", dependencies: [
            "FlockTLS", "FlockCore", "CNGHTTP2", "COpenSSL", "CLinuxIO",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: swift5),

        // MARK: Generated protocol code (`make proto`; DO NOT EDIT the generated files)
        // protoc-c output for proto/.
        .target(name: "CFlockProto", dependencies: ["CProtobufC"]),
        // The runtime the generated Swift converts to and from protobuf-c structs with (arena, decode
        // helpers); generated files import it `internal`ly, so C types never reach FlockProto's users.
        .target(name: "FlockProtoRuntime", dependencies: ["FlockRPC", "CProtobufC"], swiftSettings: swift5),
        // Swift message wrappers and service protocols emitted by fl-codegen.
        .target(name: "FlockProto", dependencies: ["FlockRPC", "FlockCore", "FlockProtoRuntime", "CFlockProto", "CProtobufC"], swiftSettings: swift5),

        // MARK: Code generator (codegen/)
        // protoc-c output for codegen/proto/google/protobuf/descriptor.proto: fl-codegen decodes the
        // FileDescriptorSet from protoc with protobuf-c, like the product decodes its messages.
        .target(name: "CFlockDescriptor", dependencies: ["CProtobufC"], path: "codegen/Sources/CFlockDescriptor"),
        .target(name: "FlockCodegen", dependencies: ["CFlockDescriptor", "CProtobufC"],
                path: "codegen/Sources/FlockCodegen", swiftSettings: swift5),
        .executableTarget(name: "fl-codegen", dependencies: [
            "FlockCodegen",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], path: "codegen/Sources/fl-codegen", swiftSettings: swift5),

        // Test-only: fl-codegen's sample protos (codegen/Tests/FlockCodegenTests/Protos) generated like
        // proto/ is (`make proto`), so every shape the renderers emit is compiled and round-tripped.
        .target(name: "CFlockCodegenSamples", dependencies: ["CProtobufC"], path: "codegen/Tests/Samples/CFlockCodegenSamples"),
        .target(name: "FlockCodegenSamples", dependencies: ["FlockProtoRuntime", "FlockRPC", "CFlockCodegenSamples", "CProtobufC"],
                path: "codegen/Tests/Samples/FlockCodegenSamples", swiftSettings: swift5),

        // MARK: Provisioning
        .target(name: "FlockProvision", dependencies: [
            "FlockCore", "FlockTLS", "CZip",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: swift5),
        .executableTarget(name: "fl-provision", dependencies: [
            "FlockProvision", "FlockCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: swift5),

        // MARK: FL server and client runtime
        .target(name: "FlockServer", dependencies: [
            "FlockCore", "FlockRPC", "FlockProto", "FlockTLS",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: swift5),

        .target(name: "FlockClient", dependencies: [
            "FlockCore", "FlockRPC", "FlockProto", "FlockTLS", "FlockTrain",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: swift5),
        .executableTarget(name: "fl-client", dependencies: [
            "FlockClient", "FlockCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: swift5),
        .executableTarget(name: "fl-server", dependencies: [
            "FlockServer", "FlockCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: swift5),

        // MARK: Admin shell (command registry, formatting, line editing) and fl-admin
        .target(name: "FlockAdmin", dependencies: [
            "FlockCore", "FlockRPC", "FlockProto", "FlockTLS",
        ], swiftSettings: swift5),
        .executableTarget(name: "fl-admin", dependencies: [
            "FlockAdmin", "FlockCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: swift5),

        // MARK: Training engine (C, CPU always; CUDA library built by `make cuda` where nvcc exists)
        // CFlockTrain: CPU backend over OpenBLAS, NIfTI through niftilib (Debian libnifti2-dev,
        // libniftiio-dev headers); cuda/ holds the .cu sources `make cuda` compiles (never SwiftPM).
        // Optimised even in debug builds: the tests train real networks.
        .target(name: "CFlockTrain", exclude: ["cuda"], cSettings: [
            .unsafeFlags(["-O2", "-I/usr/include/nifti", "-I/usr/include/x86_64-linux-gnu/openblas-pthread"]),
        ], linkerSettings: [
            .linkedLibrary("openblas"), .linkedLibrary("nifti2"), .linkedLibrary("znz"),
            .linkedLibrary("z"), .linkedLibrary("m"), .linkedLibrary("dl"), .linkedLibrary("pthread"),
        ]),
        .target(name: "FlockTrain", dependencies: [
            "CFlockTrain", "FlockCore",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: swift5),

        // MARK: RPC interop and benchmark tool (serves/calls fl.testing.v1.Interop; test use only)
        .executableTarget(name: "flock-interop", dependencies: [
            "FlockRPC", "FlockProto", "FlockTLS", "FlockCore",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: swift5),

        // MARK: FL benchmark driver (`make bench-fl`: one configuration per call, real binaries, mTLS)
        .executableTarget(name: "flock-bench-fl", dependencies: [
            "FlockProto", "FlockRPC", "FlockTLS", "FlockCore",
        ], swiftSettings: swift5),

        // MARK: Load generator (`make bench-load`: N simulated clients, own mTLS connection each, one fl-server)
        .executableTarget(name: "flock-load", dependencies: [
            "FlockProto", "FlockRPC", "FlockTLS", "FlockCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: swift5),

        // MARK: Tests
        .testTarget(name: "FlockCoreTests", dependencies: ["FlockCore"], swiftSettings: swift5),
        .testTarget(name: "FlockRPCTests", dependencies: ["FlockRPC", "FlockTLS", "FlockCore", "CNGHTTP2"], swiftSettings: swift5),
        .testTarget(name: "FlockProtoTests", dependencies: ["FlockProto", "FlockRPC", "CFlockProto"], swiftSettings: swift5),
        .testTarget(name: "FlockCodegenTests", dependencies: ["FlockCodegen", "FlockCodegenSamples", "FlockRPC"], path: "codegen/Tests/FlockCodegenTests",
                    exclude: ["Snapshots", "Protos"], swiftSettings: swift5),
        .testTarget(name: "FlockServerTests", dependencies: ["FlockServer", "FlockCore", "FlockProto", "FlockRPC"], swiftSettings: swift5),
        .testTarget(name: "EndToEndTests", dependencies: ["FlockProto", "FlockRPC", "FlockTLS", "FlockCore", "FlockServer", "FlockClient"], swiftSettings: swift5),
        .testTarget(name: "FlockAdminTests", dependencies: ["FlockAdmin", "FlockProto", "FlockRPC", "FlockCore"], swiftSettings: swift5),
        .testTarget(name: "FlockProvisionTests", dependencies: ["FlockProvision", "FlockTLS", "FlockCore"], swiftSettings: swift5),
        .testTarget(name: "FlockTrainTests", dependencies: ["FlockTrain", "CFlockTrain", "FlockCore"],
                    resources: [.copy("Resources")], swiftSettings: swift5),
    ]
)
