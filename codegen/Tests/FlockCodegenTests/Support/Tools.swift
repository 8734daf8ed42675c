import Foundation

/// Runs protoc and protoc-c for the tests; a missing tool fails with how to install it.
enum Tools {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository root (this file is codegen/Tests/FlockCodegenTests/Support/Tools.swift).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    static func find(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let url = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw Failure(description: "\(name) not found on PATH; run scripts/install-deps.sh (protobuf-compiler, protobuf-c-compiler)")
    }

    /// Runs `tool` with `arguments` in `directory`; throws with its stderr when it fails.
    static func run(_ tool: String, _ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = try find(tool)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("flock-codegen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `protoc --descriptor_set_out --include_imports --include_source_info` over `protos` under `root`.
    static func descriptorSet(root: URL, protos: [String]) throws -> [UInt8] {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("set.pb")
        try run("protoc", ["-I", root.path, "--include_imports", "--include_source_info",
                           "--descriptor_set_out=\(out.path)"] + protos, in: root)
        return try [UInt8](Data(contentsOf: out))
    }

    /// The `.proto` files under `root`, relative, sorted.
    static func protoFiles(under root: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root.path)
        return (enumerator?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".proto") }.sorted()
    }

    /// Every file under `root` as (relative path, contents), sorted by path.
    static func files(under root: URL) throws -> [(path: String, contents: String)] {
        guard let enumerator = FileManager.default.enumerator(atPath: root.path) else { return [] }
        var result: [(String, String)] = []
        for case let path as String in enumerator {
            var isDirectory: ObjCBool = false
            let url = root.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append((path, try String(contentsOf: url, encoding: .utf8)))
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }
}
