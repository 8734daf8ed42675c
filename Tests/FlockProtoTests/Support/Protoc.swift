import Foundation

/// Runs the stock `protoc` over proto/ to check the generated code's encoding against Google's.
struct Protoc {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let executable: URL
    let repositoryRoot: URL
    let protoFiles: [String]

    /// Finds protoc on PATH; throws, saying how to install it, when it is missing.
    init() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard let found = path.split(separator: ":")
            .map({ URL(fileURLWithPath: String($0)).appendingPathComponent("protoc") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw Failure(description: "protoc not found on PATH; run scripts/install-deps.sh (it installs protobuf-compiler)")
        }
        executable = found
        repositoryRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let protoRoot = repositoryRoot.appendingPathComponent("proto")
        let enumerator = FileManager.default.enumerator(atPath: protoRoot.path)
        protoFiles = (enumerator?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".proto") }.sorted()
    }

    /// `protoc --decode=<type>`: binary in, text format out.
    func decode(_ type: String, _ bytes: [UInt8]) throws -> String {
        String(decoding: try run(["--decode=\(type)"], input: bytes), as: UTF8.self)
    }

    /// `protoc --encode=<type>`: text format in, binary out.
    func encode(_ type: String, _ text: String) throws -> [UInt8] {
        try run(["--encode=\(type)"], input: Array(text.utf8))
    }

    private func run(_ arguments: [String], input: [UInt8]) throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flock-protoc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inURL = folder.appendingPathComponent("in"), outURL = folder.appendingPathComponent("out")
        let errURL = folder.appendingPathComponent("err")
        try Data(input).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-I", repositoryRoot.appendingPathComponent("proto").path] + arguments + protoFiles
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw Failure(description: "protoc \(arguments.joined(separator: " ")) failed: \(message)")
        }
        return try [UInt8](Data(contentsOf: outURL))
    }
}
