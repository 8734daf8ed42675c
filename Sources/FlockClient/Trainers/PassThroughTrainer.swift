import FlockCore
import Foundation

/// A trainer that does no training: it returns the global model plus a little noise. It measures
/// what federation itself costs (transfer, aggregation, storage) in `make bench-fl`, with models
/// of any size. Enabled by `client.benchmark_model_mb` in config_fed_client.json.
public final class PassThroughTrainer: LocalTrainer, @unchecked Sendable {
    /// Model size for a first round without a global model.
    public let modelBytes: UInt64
    public let tensorCount: Int

    public init(modelMegabytes: Double, tensorCount: Int = 8) {
        let floats = max(UInt64(modelMegabytes * 1_048_576 / 4), UInt64(tensorCount))
        self.modelBytes = floats * 4
        self.tensorCount = tensorCount
    }

    public var description: String { "pass-through (\(modelBytes >> 20) MiB model, no training)" }

    public func train(globalModel: String?, output: String, round: Int, numRounds: Int, epochs: Int, validateGlobal: Bool,
                      progress: @escaping @Sendable (UInt64) -> Void) async throws -> LocalTrainingResult {
        let entries: [SafeTensors.Entry]
        let source: SafeTensorsFile?
        if let globalModel {
            source = try SafeTensorsFile(path: globalModel)
            entries = source!.entries
        } else {
            source = nil
            let per = Int(modelBytes / 4) / tensorCount
            entries = SafeTensors.layout((0..<tensorCount).map { ("layer\($0).weight", [per + (($0 == tensorCount - 1) ? Int(modelBytes / 4) % tensorCount : 0)]) })
        }
        let total = entries.last?.end ?? 0
        let header = SafeTensors.headerBytes(entries, metadata: ["round": "\(round)"])
        var rng = SystemRandomNumberGenerator()
        // The output is re-made by training again after a crash: a scratch file, not synced,
        // written over the previous round's pages.
        try AtomicFile.writeScratch(to: output, size: UInt64(header.count) + total) { out in
            try out.write(header, at: 0)
            var offset: UInt64 = 0
            let step: UInt64 = 4 << 20
            // One buffer for the whole file (fresh pages are slow to touch on some VMs).
            var buffer = [Float](repeating: 0, count: Int(min(step, total) / 4))
            while offset < total {
                let n = Int(min(step, total - offset))
                try buffer.withUnsafeMutableBufferPointer { all in
                    let v = UnsafeMutableBufferPointer(rebasing: all[0..<(n / 4)])
                    if let source {
                        try source.readData(into: UnsafeMutableRawBufferPointer(v), at: offset)
                    } else {
                        v.update(repeating: 0)
                    }
                    let noise = Float(Double(rng.next() % 1000) * 1e-6)
                    if let p = v.baseAddress {
                        var i = 0
                        while i < v.count { p[i] += noise; i &+= 1 }
                    }
                    try out.write(UnsafeRawBufferPointer(v), at: UInt64(header.count) + offset)
                }
                offset += UInt64(n)
            }
        }
        progress(1)
        return LocalTrainingResult(samples: 1, metrics: ["loss": 0])
    }

    public func validate(model: String) async throws -> [String: Double] {
        _ = try SafeTensorsFile(path: model)
        return ["mean_dice": 0]
    }
}
