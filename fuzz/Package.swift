// swift-tools-version:6.0
// Flock's libFuzzer targets: one executable per untrusted input. Not part of the root package, so
// the normal build never needs the sanitizers; `scripts/fuzz.sh` (`make fuzz`, `make fuzz-short`)
// builds this package with coverage instrumentation and AddressSanitizer and runs each target.
// docs/fuzzing.md explains how to add a target and reproduce a crash.
import PackageDescription

let swift5: [SwiftSetting] = [.swiftLanguageMode(.v5)]

func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: "Flock") },
                      swiftSettings: swift5)
}

let package = Package(
    name: "FlockFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Flock", path: "..")],
    targets: [
        // libFuzzer's LLVMFuzzerRunDriver, linked from libclang_rt.fuzzer_no_main by scripts/fuzz.sh.
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], swiftSettings: swift5),
        fuzzTarget("fuzz-proto", ["FlockProto", "FlockRPC"]),
        fuzzTarget("fuzz-grpc-framing", ["FlockRPC"]),
        fuzzTarget("fuzz-http2", ["FlockRPC", "FlockTLS", "FlockProto"]),
        fuzzTarget("fuzz-project-yml", ["FlockProvision"]),
        fuzzTarget("fuzz-kit-zip", ["FlockProvision", "FlockCore"]),
        fuzzTarget("fuzz-upload-paths", ["FlockCore"]),
        fuzzTarget("fuzz-safetensors", ["FlockCore"]),
        fuzzTarget("fuzz-datalist", ["FlockTrain"]),
        fuzzTarget("fuzz-json-config", ["FlockCore", "FlockTrain"]),
    ]
)
