import FlockCore
import Foundation
import Testing

/// Shared helpers: temporary folders and running real commands (openssl, unzip, 7z, fl-provision).
enum TestSupport {
    /// A fresh empty folder under the system temp directory; removed by the caller with `remove`.
    static func makeTempDirectory(_ label: String = "tmp") throws -> String {
        let path = NSTemporaryDirectory() + "flockprov-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    struct ProcessResult {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    /// Runs `executable` (a path, or a name looked up in PATH) with `arguments` and waits for it
    /// (not for processes it leaves running in the background), through `ChildProcess` (clean
    /// signal mask, no inherited descriptors). `directory` is entered through /bin/sh.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil,
                    environment: [String: String]? = nil, stdin: String? = nil) throws -> ProcessResult {
        var argv = [executable] + arguments
        if let directory { argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + argv }
        let r = try ChildProcess.run(argv[0], Array(argv.dropFirst()), environment: environment ?? [:],
                                     stdin: stdin ?? "", separateStderr: true)
        return ProcessResult(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Permission bits of a file (e.g. 0o600).
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int) ?? -1
    }

    /// Every file (not folder) under `root`, as paths relative to it, sorted.
    static func listFiles(_ root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var result: [String] = []
        while let item = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + item, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append(item)
            }
        }
        return result.sorted()
    }

    /// The built `fl-provision` executable: beside the test bundle in `.build/<config>/`.
    static var flProvision: String {
        var url = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = url.appendingPathComponent("fl-provision").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            url = url.deletingLastPathComponent()
        }
        // Fallback: the package's debug build folder, relative to this source file.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/fl-provision").path
    }
}
