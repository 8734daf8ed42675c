import Foundation
import Testing
import FlockCore
@testable import FlockServer

@Suite("Streaming weighted FedAvg")
struct StreamingAggregatorTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "flock-agg-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()
    let shapes: [(name: String, shape: [Int])] = [("a.weight", [3, 5]), ("a.bias", [5]), ("b", [7])]

    func model(_ f: (Int) -> Float) -> [NamedTensor] {
        var i = 0
        return shapes.map { s in
            let n = s.shape.reduce(1, *)
            defer { i += n }
            return NamedTensor(name: s.name, shape: s.shape, values: (0..<n).map { f(i + $0) })
        }
    }

    func bytes(_ m: [NamedTensor]) -> [UInt8] {
        m.flatMap { t in t.values.withUnsafeBytes { Array($0) } }
    }

    /// Feeds `data` to a contribution in chunks of `chunk` bytes (not float-aligned on purpose).
    func feed(_ c: StreamingAggregator.Contribution, _ data: [UInt8], chunk: Int, upTo limit: Int? = nil) throws {
        var o = 0
        let end = limit ?? data.count
        while o < end {
            let n = min(chunk, end - o)
            try c.add(Array(data[o..<(o + n)]), at: UInt64(o))
            o += n
        }
    }

    /// Memory limits that put the sum in a file (0) and in memory (1 MiB > the 108-byte model).
    static let limits: [UInt64] = [0, 1 << 20]

    @Test("averages updates weighted by sample count, whatever the chunk boundaries", arguments: limits)
    func weightedMean(memoryLimit: UInt64) throws {
        let agg = try StreamingAggregator(directory: dir, layout: SafeTensors.layout(shapes), memoryLimit: memoryLimit)
        #expect(agg.sumInMemory == (memoryLimit > 0))
        let m1 = model { Float($0) }, m2 = model { Float(-2 * $0) + 1 }, m3 = model { _ in 10 }
        for (name, m, w, chunk) in [("c1", m1, 1.0, 7), ("c2", m2, 3.0, 13), ("c3", m3, 4.0, 4096)] {
            let c = try agg.begin(client: name, weight: w)
            try feed(c, bytes(m), chunk: chunk)
            try c.finish()
        }
        let out = dir + "/global.safetensors"
        try agg.finalize(to: out, metadata: ["round": "0"])
        let g = try SafeTensors.read(out)
        let expected = model { i in (1 * Float(i) + 3 * (Float(-2 * i) + 1) + 4 * 10) / 8 }
        #expect(g.map(\.name) == expected.map(\.name))
        for (a, b) in zip(g.flatMap(\.values), expected.flatMap(\.values)) { #expect(abs(a - b) < 1e-4) }
        #expect(Set(agg.completedContributors) == ["c1", "c2", "c3"])
    }

    @Test("a client dropped mid-stream leaves no trace in the average", arguments: limits)
    func abandoned(memoryLimit: UInt64) throws {
        let agg = try StreamingAggregator(directory: dir, layout: SafeTensors.layout(shapes), memoryLimit: memoryLimit)
        let good = try agg.begin(client: "good", weight: 2)
        let dying = try agg.begin(client: "dying", weight: 5)
        try feed(dying, bytes(model { _ in 1000 }), chunk: 9, upTo: 61)
        try feed(good, bytes(model { Float($0) }), chunk: 16)
        try good.finish()
        #expect(throws: FlockError.self) { try agg.finalize(to: dir + "/x.safetensors") }
        dying.abandon()
        try agg.finalize(to: dir + "/g.safetensors")
        let g = try SafeTensors.read(dir + "/g.safetensors").flatMap(\.values)
        for (i, v) in g.enumerated() { #expect(abs(v - Float(i)) < 1e-4) }
        #expect(agg.completedContributors == ["good"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("turns deltas into weights and keeps excluded tensors from the global model", arguments: limits)
    func deltasAndExcluded(memoryLimit: UInt64) throws {
        let basePath = dir + "/base.safetensors"
        try SafeTensors.write(model { Float($0) }, to: basePath)
        let base = try SafeTensorsFile(path: basePath)
        let agg = try StreamingAggregator(directory: dir, layout: base.entries, base: base, excluding: ["b"], memoryLimit: memoryLimit)
        let d = try agg.begin(client: "delta", weight: 1, isDelta: true)
        try feed(d, bytes(model { _ in 2 }), chunk: 10)
        try d.finish()
        let w = try agg.begin(client: "weights", weight: 1)
        try feed(w, bytes(model { _ in 0 }), chunk: 10)
        try w.finish()
        try agg.finalize(to: dir + "/g.safetensors")
        let g = try SafeTensors.read(dir + "/g.safetensors")
        // (x + 2 + 0) / 2 for averaged tensors; x for the excluded one.
        #expect(g[0].values.enumerated().allSatisfy { abs($1 - (Float($0) + 2) / 2) < 1e-5 })
        #expect(g[2].values == (20..<27).map { Float($0) })
    }

    @Test("refuses out-of-order chunks, oversize and incomplete updates, and a second update per client")
    func refusals() throws {
        let agg = try StreamingAggregator(directory: dir, layout: SafeTensors.layout(shapes))
        let c = try agg.begin(client: "c", weight: 1)
        #expect(throws: FlockError.self) { try c.add([0, 0, 0, 0], at: 8) }
        #expect(throws: FlockError.self) { try agg.begin(client: "c", weight: 1) }
        #expect(throws: FlockError.self) { try c.add([UInt8](repeating: 0, count: 1000), at: 0) }
        try c.add([0, 0, 0, 0], at: 0)
        #expect { try c.finish() } throws: { "\($0)".contains("ended after 4 of 108 bytes") }
        #expect(throws: FlockError.self) { try agg.begin(client: "z", weight: 0) }
    }

    @Test("keeps the sum in memory only for models within the limit, and in an unlinked file otherwise")
    func memoryLimit() throws {
        let layout = SafeTensors.layout(shapes) // 108 bytes
        #expect(try StreamingAggregator(directory: dir, layout: layout, memoryLimit: 108).sumInMemory)
        let onFile = try StreamingAggregator(directory: dir, layout: layout, memoryLimit: 104)
        #expect(!onFile.sumInMemory)
        // The accumulator file is unlinked as soon as it is opened: nothing is left in the folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".aggregate") }.isEmpty)
    }

    @Test("spool files and the sum buffer are reused from one aggregation to the next, old bytes never read, and released at removeAll")
    func spoolReuse() throws {
        let spools = SpoolFiles(directory: dir)
        let layout = SafeTensors.layout(shapes)
        for round in 0..<3 {
            #expect(spools.keepsSum == (round > 0), "the previous round's sum buffer waits for this one")
            let agg = try StreamingAggregator(directory: dir, layout: layout, memoryLimit: 1 << 20, spools: spools)
            #expect(!spools.keepsSum, "taken (and zeroed: the values below would carry the last round's sum otherwise)")
            do {
                // One client completes; another drops mid-stream and is subtracted from its spool,
                // which holds the previous round's bytes beyond what it received this time.
                let good = try agg.begin(client: "good", weight: 1)
                try feed(good, bytes(model { Float($0 + round) }), chunk: 16)
                try good.finish()
                let dying = try agg.begin(client: "dying", weight: 3)
                try feed(dying, bytes(model { _ in Float(100 * (round + 1)) }), chunk: 12, upTo: round == 2 ? 40 : 108)
                if round == 2 { dying.abandon() } else { try dying.finish() }
            }
            try agg.finalize(to: dir + "/g\(round).safetensors")
            let g = try SafeTensors.read(dir + "/g\(round).safetensors").flatMap(\.values)
            for (i, v) in g.enumerated() {
                let expected = round == 2 ? Float(i + round) : (Float(i + round) + 3 * Float(100 * (round + 1))) / 4
                #expect(abs(v - expected) < 1e-3, "round \(round) value \(i)")
            }
            #expect(spools.idleCount == 2, "both spools came back for the next round")
        }
        spools.removeAll()
        #expect(spools.idleCount == 0 && !spools.keepsSum)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".spool") }.isEmpty)
    }
}
