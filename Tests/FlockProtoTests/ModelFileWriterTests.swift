import FlockCore
import FlockProto
import Foundation
import Testing

@Suite("ModelFileWriter: a model arriving in chunks, to a new file or over the previous one")
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
    func transfer(_ source: String, to destination: String, inPlace: Bool, upTo limit: Int = .max) async throws {
        var writer: ModelFileWriter?
        var chunks = 0
        try await ModelStreaming.send(file: source, chunkSize: 4096) { chunk in
            guard chunks < limit else { return }
            chunks += 1
            if let m = chunk.manifest { writer = try ModelFileWriter(path: destination, manifest: m, inPlace: inPlace) }
            try writer!.write(chunk)
        }
        if chunks < limit { try writer!.finish(durable: false) }
    }

    @Test("in place: each model overwrites the previous one exactly, larger or smaller", arguments: [false, true])
    func overwrites(inPlace: Bool) async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/global.safetensors"
        for (round, floats) in [(0, 10_000), (1, 3_000), (2, 6_001)] {
            let source = try model("src\(round).safetensors", floats: floats, value: Float(round + 1), round: round)
            try await transfer(source, to: out, inPlace: inPlace)
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: source)),
                    "round \(round): byte-identical to what was sent")
            #expect(try SafeTensorsFile(path: out).metadata["round"] == "\(round)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }.isEmpty, "no temporaries left")
    }

    @Test("an interrupted transfer leaves the previous model untouched when not in place, and is fetched again over it in place")
    func interrupted() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/global.safetensors"
        let first = try model("a.safetensors", floats: 8_000, value: 1, round: 0)
        let second = try model("b.safetensors", floats: 8_000, value: 2, round: 1)
        try await transfer(first, to: out, inPlace: false)
        try await transfer(second, to: out, inPlace: false, upTo: 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: first)))
        try await transfer(second, to: out, inPlace: true, upTo: 3)
        try await transfer(second, to: out, inPlace: true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }
}
