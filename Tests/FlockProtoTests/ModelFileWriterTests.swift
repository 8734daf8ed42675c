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
    func transfer(_ source: String, to destination: String, upTo limit: Int = .max) async throws {
        var writer: ModelFileWriter?
        var chunks = 0
        try await ModelStreaming.send(file: source, chunkSize: 4096) { chunk in
            guard chunks < limit else { return }
            chunks += 1
            if let m = chunk.manifest { writer = try ModelFileWriter(path: destination, manifest: m) }
            try writer!.write(chunk)
        }
        if chunks < limit { try writer!.finish(durable: false) }
    }

    @Test("each model replaces the previous one exactly, larger or smaller, leaving no temporary file")
    func replaces() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/global.safetensors"
        for (round, floats) in [(0, 10_000), (1, 3_000), (2, 6_001)] {
            let source = try model("src\(round).safetensors", floats: floats, value: Float(round + 1), round: round)
            try await transfer(source, to: out)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: source)),
                    "round \(round): byte-identical to what was sent")
            #expect(try SafeTensorsFile(path: out).metadata["round"] == "\(round)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }.isEmpty, "no temporaries left")
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
