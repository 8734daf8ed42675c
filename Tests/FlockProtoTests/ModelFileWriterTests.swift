import FlockCore
import FlockProto
import Foundation
import Testing

@Suite("ModelFileWriter: a model arriving in chunks replaces the previous one atomically")
struct ModelFileWriterTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "flock-mfw-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    func model(_ name: String, floats: Int, value: Float, round: Int) throws -> String {
        let path = dir + "/" + name
        try SafeTensors.write([NamedTensor(name: "w", shape: [floats], values: [Float](repeating: value, count: floats))],
                              metadata: ["round": "\(round)"], to: path)
        return path
    }

    /// Streams `source` into `destination` through a ModelFileWriter; stops after `upTo` chunks.
    func transfer(_ source: String, to destination: String, upTo limit: Int = .max, scratch: Bool = false) async throws {
        var writer: ModelFileWriter?
        var chunks = 0
        try await ModelStreaming.send(file: source, chunkSize: 4096) { chunk in
            guard chunks < limit else { return }
            chunks += 1
            if let m = chunk.manifest { writer = try ModelFileWriter(path: destination, manifest: m, scratch: scratch) }
            try writer!.write(chunk)
        }
        if chunks < limit { try writer!.finish(durable: false) }
    }

    func temporaries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }
    }

    @Test("each model replaces the previous one exactly, larger or smaller, leaving no temporary file (scratch: over the previous one's spare)",
          arguments: [false, true])
    func replaces(scratch: Bool) async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/global.safetensors"
        var previous: String?
        for (round, floats) in [(0, 10_000), (1, 3_000), (2, 6_001), (3, 6_001)] {
            let source = try model("src\(round).safetensors", floats: floats, value: Float(round + 1), round: round)
            try await transfer(source, to: out, scratch: scratch)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: source)),
                    "round \(round): byte-identical to what was sent")
            #expect(try SafeTensorsFile(path: out).metadata["round"] == "\(round)")
            let spare = AtomicFile.sparePath(for: out)
            if scratch, let previous {
                #expect(try Data(contentsOf: URL(fileURLWithPath: spare)) == Data(contentsOf: URL(fileURLWithPath: previous)),
                        "round \(round): the spare holds the previous model, to be overwritten next")
            } else {
                #expect(!FileManager.default.fileExists(atPath: spare))
            }
            previous = source
        }
        #expect(try temporaries().isEmpty, "no temporaries left")
    }

    @Test("an interrupted scratch transfer keeps the previous model, removes its temporary file, and the next one completes")
    func interruptedScratch() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/global.safetensors"
        let sources = try (0..<3).map { try model("s\($0).safetensors", floats: 8_000, value: Float($0), round: $0) }
        try await transfer(sources[0], to: out, scratch: true)
        try await transfer(sources[1], to: out, scratch: true)
        try await transfer(sources[2], to: out, upTo: 3, scratch: true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: sources[1])))
        #expect(try temporaries().isEmpty, "the unfinished writer removed its temporary file (the spare it was overwriting)")
        try await transfer(sources[2], to: out, scratch: true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: sources[2])))
    }

    @Test("an interrupted transfer leaves the previous model untouched and its temporary file removed")
    func interrupted() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/global.safetensors"
        let first = try model("a.safetensors", floats: 8_000, value: 1, round: 0)
        let second = try model("b.safetensors", floats: 8_000, value: 2, round: 1)
        try await transfer(first, to: out)
        try await transfer(second, to: out, upTo: 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: first)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }.isEmpty, "the unfinished writer removed its temporary file")
        try await transfer(second, to: out)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }
}
