import Foundation
import Testing
@testable import FlockCore

@Suite("Folder transfer (upload, deploy, download)")
struct FolderTransferTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "flock-ft-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func makeApp(_ root: String) throws {
        let fm = FileManager.default
        for d in ["config", "resources/sub", "models"] { try fm.createDirectory(atPath: "\(root)/\(d)", withIntermediateDirectories: true) }
        try Data("{\"a\": 1}".utf8).write(to: URL(fileURLWithPath: "\(root)/config/config_train.json"))
        try Data().write(to: URL(fileURLWithPath: "\(root)/resources/empty.txt"))
        try Data((0..<2_500_000).map { UInt8($0 % 251) }).write(to: URL(fileURLWithPath: "\(root)/resources/sub/big.bin"))
        try Data(repeating: 7, count: 1000).write(to: URL(fileURLWithPath: "\(root)/models/model.pt"))
    }

    func transfer(_ src: String, _ dst: String, keepOnly: Set<String>? = nil, max: UInt64 = 1 << 30, chunk: Int = 1 << 20) async throws -> FolderWriter {
        let w = try FolderWriter(destination: dst, maxBytes: max, keepOnly: keepOnly)
        try await FolderReader(root: src, chunkSize: chunk).forEachChunk { try w.write($0) }
        try w.commit()
        return w
    }

    @Test("copies nested folders, empty and multi-chunk files byte for byte, keeping only config and resources")
    func roundTrip() async throws {
        try makeApp(dir + "/src")
        let w = try await transfer(dir + "/src", dir + "/out/app", keepOnly: ["config", "resources"], chunk: 300_000)
        let fm = FileManager.default
        #expect(fm.contents(atPath: dir + "/out/app/resources/sub/big.bin") == fm.contents(atPath: dir + "/src/resources/sub/big.bin"))
        #expect(fm.contents(atPath: dir + "/out/app/resources/empty.txt") == Data())
        #expect(!fm.fileExists(atPath: dir + "/out/app/models"))
        #expect(w.skipped == ["models"])
        #expect(try fm.contentsOfDirectory(atPath: dir + "/out") == ["app"])
    }

    @Test("refuses .., absolute paths and symbolic links")
    func unsafePaths() throws {
        let w = try FolderWriter(destination: dir + "/d", maxBytes: 100)
        for bad in ["../x", "a/../../x", "/etc/passwd", "a//b", "./a"] {
            #expect(throws: FlockError.self) { try w.write(FolderChunk(path: bad, data: [1], lastChunk: true, fileSize: 1)) }
        }
        try FileManager.default.createDirectory(atPath: dir + "/s", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/s/link", withDestinationPath: "/etc/passwd")
        #expect { try FolderReader(root: dir + "/s").entries() } throws: { "\($0)".contains("symbolic link") }
    }

    // Found with fuzz-upload-paths (its planted-link mode): a link inside the receiving folder
    // was followed out of it.
    @Test("never writes through a symbolic link in the receiving folder")
    func plantedLink() throws {
        try FileManager.default.createDirectory(atPath: dir + "/outside", withIntermediateDirectories: true)
        let w = try FolderWriter(destination: dir + "/d", maxBytes: 100)
        try FileManager.default.createSymbolicLink(atPath: w.staging + "/link", withDestinationPath: dir + "/outside")
        #expect { try w.write(FolderChunk(path: "link/x", data: [1], lastChunk: true, fileSize: 1)) } throws: {
            ($0 as? FlockError)?.code == .permissionDenied && "\($0)".contains("symbolic link")
        }
        #expect { try w.write(FolderChunk(path: "link/sub", isDirectory: true)) } throws: { ($0 as? FlockError)?.code == .permissionDenied }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/outside").isEmpty)
        w.abandon()
    }

    @Test("an oversize or broken transfer leaves the existing folder untouched")
    func failureKeepsOld() async throws {
        try makeApp(dir + "/src")
        _ = try await transfer(dir + "/src", dir + "/app")
        await #expect { _ = try await transfer(dir + "/src", dir + "/app", max: 1_000_000) } throws: { "\($0)".contains("limit of 1000000 bytes") }
        let w = try FolderWriter(destination: dir + "/app", maxBytes: 1 << 20)
        try w.write(FolderChunk(path: "config/x.json", data: [1, 2], lastChunk: false, fileSize: 4))
        #expect { try w.commit() } throws: { "\($0)".contains("ended before its last chunk") }
        #expect(FileManager.default.contents(atPath: dir + "/app/resources/sub/big.bin")?.count == 2_500_000)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["app", "src"])
    }
}
