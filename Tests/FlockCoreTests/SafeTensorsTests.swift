import Foundation
import Testing
@testable import FlockCore

@Suite("safetensors files")
struct SafeTensorsTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "flock-st-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    @Test("writes tensors and reads back the same names, shapes, values and metadata")
    func roundTrip() throws {
        let tensors = [
            NamedTensor(name: "enc0.conv1.weight", shape: [2, 1, 3, 3], values: (0..<18).map { Float($0) * 0.5 - 3 }),
            NamedTensor(name: "head.bias", shape: [1], values: [-1.25]),
            NamedTensor(name: "ünïcode \"name\"", shape: [], values: [42]),
        ]
        let path = dir + "/m.safetensors"
        try SafeTensors.write(tensors, metadata: ["round": "3", "format": "pt"], to: path)
        let file = try SafeTensorsFile(path: path)
        #expect(file.metadata == ["round": "3", "format": "pt"])
        #expect(file.entries.map(\.name) == tensors.map(\.name))
        #expect(file.dataSize == UInt64((18 + 1 + 1) * 4))
        #expect(file.dataStart % 8 == 0)
        #expect(try SafeTensors.read(path) == tensors)
    }

    @Test("reads a header whose keys are in any order, as other writers produce")
    func foreignOrder() throws {
        let json = #"{"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}"#
        var bytes = [UInt8]()
        var n = UInt64(json.utf8.count).littleEndian
        withUnsafeBytes(of: &n) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json.utf8)
        for f: Float in [1, 2, 3] { withUnsafeBytes(of: f) { bytes.append(contentsOf: $0) } }
        let path = dir + "/foreign.safetensors"
        try AtomicFile.write(bytes, to: path)
        let t = try SafeTensors.read(path)
        #expect(t.map(\.name) == ["a", "b"])
        #expect(t[1].values == [2, 3])
    }

    @Test("refuses a truncated file, naming it")
    func truncated() throws {
        let path = dir + "/t.safetensors"
        try SafeTensors.write([NamedTensor(name: "w", shape: [4], values: [1, 2, 3, 4])], to: path)
        let full = try FileDescriptor(path: path, flags: O_RDWR)
        try full.truncate(to: try full.size() - 3)
        #expect { try SafeTensorsFile(path: path) } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("data section")
        }
    }

    /// A safetensors file with `json` as its header and `data` as its data section.
    private func rawFile(_ name: String, header json: String, data: [UInt8]) throws -> String {
        var bytes = [UInt8]()
        var n = UInt64(json.utf8.count).littleEndian
        withUnsafeBytes(of: &n) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json.utf8)
        bytes.append(contentsOf: data)
        let path = dir + "/" + name
        try AtomicFile.write(bytes, to: path)
        return path
    }

    // Found by fuzz-safetensors: data_offsets near UInt64.max overflowed the size check (a trap).
    @Test("refuses data_offsets past any file size instead of overflowing")
    func hugeOffsets() throws {
        let path = try rawFile("offsets.safetensors", header: #"{"a": {"dtype": "X", "shape": [1], "data_offsets": [0, 18446744073709551615]}}"#,
                               data: [0, 0, 0, 0])
        #expect { try SafeTensorsFile(path: path) } throws: { error in
            (error as? FlockError)?.code == .invalidArgument && "\(error)".contains("the data section holds 4 bytes")
        }
    }

    // Found by fuzz-safetensors: a shape whose element count overflows Int (a trap).
    @Test("refuses a shape too large to count instead of overflowing")
    func hugeShape() throws {
        let path = try rawFile("shape.safetensors", header: #"{"a": {"dtype": "F32", "shape": [4611686018427387904, 4], "data_offsets": [0, 16]}}"#,
                               data: [UInt8](repeating: 0, count: 16))
        #expect { try SafeTensorsFile(path: path) } throws: { error in
            (error as? FlockError)?.code == .invalidArgument && "\(error)".contains("too large")
        }
        let valid = dir + "/valid.safetensors"
        try SafeTensors.write([NamedTensor(name: "w", shape: [2], values: [1, 2])], to: valid)
        let file = try SafeTensorsFile(path: valid)
        #expect(throws: FlockError.self) { _ = try file.readData(count: 8, at: UInt64.max - 2) }
    }

    @Test("an atomic write that fails leaves the old file intact and no temporary behind")
    func atomicFailure() throws {
        let path = dir + "/keep.txt"
        try AtomicFile.write("old", to: path)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try AtomicFile.write(to: path) { file in
                try file.write(Array("new".utf8), at: 0)
                throw Boom()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["keep.txt"])
    }

    @Test("temporaries left by another (killed) process are removed; this process's and other files stay")
    func staleTemporaries() throws {
        let other = getpid() == 1 ? 2 : getpid() - 1
        let names = [".global.safetensors.\(other).12345.tmp", ".global.safetensors.\(getpid()).7.tmp",
                     "global.safetensors", ".hidden.tmp", ".a.b.tmp"]
        for n in names { try AtomicFile.write("x", to: dir + "/" + n, durable: false) }
        #expect(AtomicFile.removeStaleTemporaries(in: dir) == [".global.safetensors.\(other).12345.tmp"])
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir)) == Set(names.dropFirst()))
    }

    func inode(_ path: String) -> UInt64 {
        var st = stat()
        return lstat(path, &st) == 0 ? UInt64(st.st_ino) : 0
    }

    @Test("scratch writes swap the new content in and reuse the previous version's file; the spares go with removeSpares")
    func scratchReuse() throws {
        let path = dir + "/local.safetensors"
        let spare = AtomicFile.sparePath(for: path)
        #expect(spare == dir + "/.local.safetensors.spare")
        var inodes: [UInt64] = []
        for (i, text) in ["first version", "second, longer version", "third"].enumerated() {
            try AtomicFile.writeScratch(to: path, size: UInt64(text.utf8.count)) { try $0.write(Array(text.utf8), at: 0) }
            #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "exactly the new content, whatever the old size")
            inodes.append(inode(path))
            #expect(FileManager.default.fileExists(atPath: spare) == (i > 0), "a spare exists once there was a previous version")
        }
        #expect(try String(contentsOfFile: spare, encoding: .utf8) == "second, longer version")
        #expect(inodes[2] == inodes[0], "the third version was written over the first one's file")
        #expect(AtomicFile.removeSpares(in: dir) == [".local.safetensors.spare"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["local.safetensors"])
    }

    @Test("a failed scratch write keeps the old content and leaves no temporary; a spare with another name is never overwritten")
    func scratchSafety() throws {
        let path = dir + "/global.safetensors"
        let spare = AtomicFile.sparePath(for: path)
        try AtomicFile.writeScratch(to: path, size: 3) { try $0.write(Array("one".utf8), at: 0) }
        try AtomicFile.writeScratch(to: path, size: 3) { try $0.write(Array("two".utf8), at: 0) }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try AtomicFile.writeScratch(to: path, size: 5) { file in
                try file.write(Array("th".utf8), at: 0)
                throw Boom()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["global.safetensors"], "no temporary, and the spare it overwrote is gone")

        // A spare that is also somebody's file (hard link) keeps its content.
        try AtomicFile.writeScratch(to: path, size: 5) { try $0.write(Array("three".utf8), at: 0) }
        #expect(try String(contentsOfFile: spare, encoding: .utf8) == "two")
        #expect(link(spare, dir + "/kept") == 0)
        try AtomicFile.writeScratch(to: path, size: 4) { try $0.write(Array("four".utf8), at: 0) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "four")
        #expect(try String(contentsOfFile: dir + "/kept", encoding: .utf8) == "two")
        #expect(try String(contentsOfFile: spare, encoding: .utf8) == "three")
    }
}
