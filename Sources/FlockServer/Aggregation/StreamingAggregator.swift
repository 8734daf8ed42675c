import FlockCore
import Foundation

/// Weighted federated averaging computed while updates stream in, with memory independent of the
/// number of clients.
///
/// The running weighted sum Σ wᵢ·xᵢ is one float32 array the size of the model. Up to
/// `memoryLimit` bytes it lives in memory (one copy of the model, added to in place); above, in
/// an unlinked accumulator *file* (read-modify-write one chunk at a time through the page cache),
/// so the server's resident memory stays a few chunks even for multi-GiB models. fl-server takes
/// the limit from fed_server.json `aggregation_memory_mb`. Each contribution is also spooled to a
/// scratch file so that a client that dies mid-stream can be subtracted back out: the round then
/// completes without it. `finalize` writes Σ wᵢ·xᵢ / Σ wᵢ as a safetensors file atomically.
public final class StreamingAggregator: @unchecked Sendable {
    /// The model's tensors (float32, contiguous, in transfer order).
    public let layout: [SafeTensors.Entry]
    public let totalBytes: UInt64
    private let directory: String
    /// Where Σ wᵢ·xᵢ lives: exactly one of the two.
    private let accumulator: FileDescriptor?
    private let sum: UnsafeMutableBufferPointer<Float>
    /// Whether the sum is held in memory (the model fits `memoryLimit`).
    public var sumInMemory: Bool { accumulator == nil }
    private let lock = NSLock()
    private var totalWeight: Double = 0
    private var contributors: [String] = []
    private var inFlight: Set<String> = []
    /// The global model the round started from: needed to turn deltas into weights and to keep
    /// excluded tensors. nil in a first round that starts without a model.
    private let base: SafeTensorsFile?
    /// Byte ranges (of the data section) that are not averaged but kept from `base`.
    private let excludedRanges: [Range<UInt64>]
    /// Where contributions are spooled (shared across rounds by the run's controller).
    fileprivate let spools: SpoolFiles

    /// Creates an empty aggregation in `directory` (scratch files live there until `close`).
    /// - Parameters:
    ///   - layout: the tensors every contribution must carry, in order.
    ///   - base: the round's global model, if any (same layout).
    ///   - excluding: names of tensors kept from `base` instead of averaged (exclude_vars).
    ///   - memoryLimit: largest model (bytes) whose sum is kept in memory; larger ones are summed
    ///     in a file. 0: always a file.
    ///   - spools: scratch files to spool contributions to, reused across rounds (nil: new files
    ///     in `directory` for this aggregation only).
    public init(directory: String, layout: [SafeTensors.Entry], base: SafeTensorsFile? = nil,
                excluding excluded: Set<String> = [], memoryLimit: UInt64 = 0, spools: SpoolFiles? = nil) throws {
        for e in layout where e.dtype != "F32" {
            throw FlockError(.invalidArgument, "tensor \(e.name) is \(e.dtype); the aggregator averages F32 tensors")
        }
        if let base, base.entries.map(\.name) != layout.map(\.name) || base.entries.map(\.shape) != layout.map(\.shape) {
            throw FlockError(.invalidArgument, "the global model \(base.path) does not have the layout of this round's updates")
        }
        self.layout = layout
        self.totalBytes = layout.last?.end ?? 0
        self.directory = directory
        self.spools = spools ?? SpoolFiles(directory: directory, maxKept: 0)
        self.base = base
        self.excludedRanges = base == nil ? [] : layout.filter { excluded.contains($0.name) }.map { $0.begin..<$0.end }
        if totalBytes <= memoryLimit {
            accumulator = nil
            sum = self.spools.takeSum(count: Int(totalBytes / 4))
        } else {
            let file = try SpoolFiles.unlinkedFile(in: directory, prefix: ".aggregate", suffix: ".f32")
            try file.truncate(to: totalBytes)
            accumulator = file
            sum = UnsafeMutableBufferPointer(start: nil, count: 0)
        }
    }

    /// The clients whose complete updates are in the sum.
    public var completedContributors: [String] { lock.withLock { contributors } }
    public var sumOfWeights: Double { lock.withLock { totalWeight } }

    /// Starts one client's contribution with aggregation weight `weight` (> 0).
    public func begin(client: String, weight: Double, isDelta: Bool = false) throws -> Contribution {
        guard weight > 0, weight.isFinite else {
            throw FlockError(.invalidArgument, "update from \(client) has aggregation weight \(weight); it must be positive")
        }
        if isDelta && base == nil {
            throw FlockError(.invalidArgument, "update from \(client) is a delta but this round has no global model to add it to")
        }
        try lock.withLock {
            guard !inFlight.contains(client), !contributors.contains(client) else {
                throw FlockError(.alreadyExists, "\(client) already sent an update for this round")
            }
            inFlight.insert(client)
        }
        return try Contribution(aggregator: self, client: client, weight: Float(weight), isDelta: isDelta)
    }

    /// Scratch for the accumulator's read-modify-write, reused under `lock` (no allocation per chunk).
    private var scratch = UnsafeMutableBufferPointer<Float>(start: nil, count: 0)

    deinit {
        scratch.deallocate()
        if accumulator == nil { spools.giveSum(sum) } else { sum.deallocate() }
    }

    /// Adds `scale·values` into the accumulator at `byteOffset` (scale < 0 subtracts).
    fileprivate func accumulate(_ values: UnsafeBufferPointer<Float>, at byteOffset: UInt64, scale: Float) throws {
        try lock.withLock {
            guard let accumulator else {
                let start = Int(byteOffset / 4)
                Self.addScaled(values, scale, into: UnsafeMutableBufferPointer(rebasing: sum[start..<(start + values.count)]))
                return
            }
            if scratch.count < values.count {
                scratch.deallocate()
                scratch = .allocate(capacity: max(values.count, 1 << 18))
            }
            let stored = UnsafeMutableBufferPointer(rebasing: scratch[0..<values.count])
            let raw = UnsafeMutableRawBufferPointer(stored)
            try accumulator.read(into: raw, at: byteOffset)
            Self.addScaled(values, scale, into: stored)
            try accumulator.write(UnsafeRawBufferPointer(raw), at: byteOffset)
        }
    }

    /// `sum[i] += scale·values[i]` over raw pointers: a loop LLVM vectorises in release builds.
    @inline(__always)
    static func addScaled(_ values: UnsafeBufferPointer<Float>, _ scale: Float, into sum: UnsafeMutableBufferPointer<Float>) {
        guard let v = values.baseAddress, let s = sum.baseAddress else { return }
        let n = min(values.count, sum.count)
        var i = 0
        while i < n { s[i] += scale * v[i]; i &+= 1 }
    }

    fileprivate func baseValues(count: Int, at byteOffset: UInt64) throws -> [Float] {
        var out = [Float](repeating: 0, count: count)
        try out.withUnsafeMutableBytes { try base!.readData(into: $0, at: byteOffset) }
        return out
    }

    fileprivate func finished(_ client: String, weight: Float) {
        lock.withLock {
            inFlight.remove(client)
            contributors.append(client)
            totalWeight += Double(weight)
        }
    }

    fileprivate func abandoned(_ client: String) {
        _ = lock.withLock { inFlight.remove(client) }
    }

    /// Writes the weighted average of the completed contributions to `path` (safetensors,
    /// atomically), keeping excluded tensors from the base model. Throws when no client completed
    /// an update, or while contributions are still in flight.
    /// `durable: false` skips the fsyncs (the caller makes the file durable later, off the round's
    /// critical path); readers still never see a half-written file.
    public func finalize(to path: String, metadata: [String: String] = [:], chunkSize: Int = 1 << 20, durable: Bool = true) throws {
        let (weight, busy) = lock.withLock { (totalWeight, inFlight) }
        guard busy.isEmpty else {
            throw FlockError(.failedPrecondition, "updates from \(busy.sorted().joined(separator: ", ")) are still arriving")
        }
        guard weight > 0 else { throw FlockError(.failedPrecondition, "no client completed an update this round") }
        let header = SafeTensors.headerBytes(layout, metadata: metadata)
        let inverse = Float(1.0 / weight)
        try AtomicFile.write(to: path, durable: durable) { out in
            try out.write(header, at: 0)
            let dataStart = UInt64(header.count)
            var offset: UInt64 = 0
            let step = UInt64(chunkSize - chunkSize % 4)
            var chunk = [Float](repeating: 0, count: Int(step / 4))
            while offset < totalBytes {
                let n = Int(min(step, totalBytes - offset))
                try chunk.withUnsafeMutableBytes { out in
                    let into = UnsafeMutableRawBufferPointer(rebasing: out[0..<n])
                    if let accumulator {
                        try accumulator.read(into: into, at: offset)
                    } else {
                        into.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(sum)[Int(offset)..<(Int(offset) + n)]))
                    }
                }
                chunk.withUnsafeMutableBufferPointer { c in
                    guard let p = c.baseAddress else { return }
                    var i = 0
                    while i < n / 4 { p[i] *= inverse; i &+= 1 }
                }
                for r in excludedRanges where r.overlaps(offset..<(offset + UInt64(n))) {
                    let lo = max(r.lowerBound, offset), hi = min(r.upperBound, offset + UInt64(n))
                    let kept = try baseValues(count: Int(hi - lo) / 4, at: lo)
                    let start = Int(lo - offset) / 4
                    for i in 0..<kept.count { chunk[start + i] = kept[i] }
                }
                try chunk.withUnsafeBytes { try out.write(UnsafeRawBufferPointer(rebasing: $0[0..<n]), at: dataStart + offset) }
                offset += UInt64(n)
            }
        }
    }

    /// One client's update as it streams in. Bytes must arrive in order, from offset 0 to the
    /// model's total size; `finish` commits it, `abandon` takes it back out of the sum.
    public final class Contribution: @unchecked Sendable {
        public let client: String
        public let weight: Float
        let isDelta: Bool
        private let aggregator: StreamingAggregator
        private let spool: FileDescriptor
        /// Bytes received so far (a multiple of 4 is accumulated; up to 3 trailing bytes wait in `carry`).
        public private(set) var received: UInt64 = 0
        private var carry: [UInt8] = []
        private var closed = false

        init(aggregator: StreamingAggregator, client: String, weight: Float, isDelta: Bool) throws {
            self.aggregator = aggregator
            self.client = client
            self.weight = weight
            self.isDelta = isDelta
            spool = try aggregator.spools.take()
        }

        /// Adds the bytes at `offset` (which must equal the bytes received so far).
        public func add(_ bytes: [UInt8], at offset: UInt64) throws {
            guard !closed else { throw FlockError(.failedPrecondition, "the update from \(client) is already closed") }
            guard offset == received else {
                throw FlockError(.invalidArgument, "update from \(client): chunk at offset \(offset), expected \(received) (chunks must arrive in order without gaps)")
            }
            guard received + UInt64(bytes.count) <= aggregator.totalBytes else {
                throw FlockError(.invalidArgument, "update from \(client) is larger than the model (\(aggregator.totalBytes) bytes)")
            }
            try spool.write(bytes, at: received)
            received += UInt64(bytes.count)
            // Fast path: float-aligned chunk and nothing carried over: accumulate straight from the
            // received buffer (no copy, no allocation).
            if carry.isEmpty, bytes.count % 4 == 0 {
                try bytes.withUnsafeBytes { try accumulate($0, at: received - UInt64(bytes.count), sign: 1) }
                return
            }
            let start = received - UInt64(bytes.count) - UInt64(carry.count)
            var data = carry
            data.append(contentsOf: bytes)
            let whole = data.count - data.count % 4
            carry = Array(data[whole...])
            guard whole > 0 else { return }
            try data.withUnsafeBytes { try accumulate(UnsafeRawBufferPointer(rebasing: $0[0..<whole]), at: start, sign: 1) }
        }

        /// Float scratch owned by this contribution (one stream at a time), reused across chunks.
        private var floats = UnsafeMutableBufferPointer<Float>(start: nil, count: 0)

        deinit {
            floats.deallocate()
            aggregator.spools.give(spool)
        }

        private func floatScratch(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            if floats.count < count {
                floats.deallocate()
                floats = .allocate(capacity: max(count, 1 << 18))
            }
            return UnsafeMutableBufferPointer(rebasing: floats[0..<count])
        }

        /// Accumulates the whole floats in `raw` (a multiple of 4 bytes) at `byteOffset`.
        private func accumulate(_ raw: UnsafeRawBufferPointer, at byteOffset: UInt64, sign: Float) throws {
            let count = raw.count / 4
            guard count > 0 else { return }
            let aligned = Int(bitPattern: raw.baseAddress) % MemoryLayout<Float>.alignment == 0
            if !isDelta, aligned {
                let values = UnsafeBufferPointer(start: raw.baseAddress!.assumingMemoryBound(to: Float.self), count: count)
                try aggregator.accumulate(values, at: byteOffset, scale: sign * weight)
                return
            }
            let f = floatScratch(count)
            UnsafeMutableRawBufferPointer(f).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[0..<(count * 4)]))
            if isDelta {
                let base = try aggregator.baseValues(count: count, at: byteOffset)
                base.withUnsafeBufferPointer { StreamingAggregator.addScaled($0, 1, into: f) }
            }
            try aggregator.accumulate(UnsafeBufferPointer(f), at: byteOffset, scale: sign * weight)
        }

        /// Commits the contribution; throws (and abandons it) if it is incomplete.
        public func finish() throws {
            guard !closed else { return }
            guard received == aggregator.totalBytes, carry.isEmpty else {
                let got = received
                abandon()
                throw FlockError(.invalidArgument, "update from \(client) ended after \(got) of \(aggregator.totalBytes) bytes")
            }
            closed = true
            aggregator.finished(client, weight: weight)
        }

        /// Writes the complete update as model weights (deltas are added to the round's global
        /// model) to a safetensors file atomically: the client's local model, kept for cross-site
        /// validation. Streams from the spool; memory stays one chunk.
        public func saveWeights(to path: String, chunkSize: Int = 1 << 20) throws {
            guard received == aggregator.totalBytes else {
                throw FlockError(.failedPrecondition, "the update from \(client) is incomplete")
            }
            let header = SafeTensors.headerBytes(aggregator.layout, metadata: ["client": client])
            try AtomicFile.write(to: path) { out in
                try out.write(header, at: 0)
                var offset: UInt64 = 0
                let step = UInt64(chunkSize - chunkSize % 4)
                while offset < received {
                    let n = Int(min(step, received - offset))
                    var bytes = try spool.read(count: n, at: offset)
                    if isDelta {
                        let base = try aggregator.baseValues(count: n / 4, at: offset)
                        bytes.withUnsafeMutableBytes { raw in
                            let f = raw.bindMemory(to: Float.self)
                            for i in 0..<f.count { f[i] += base[i] }
                        }
                    }
                    try out.write(bytes, at: UInt64(header.count) + offset)
                    offset += UInt64(n)
                }
            }
        }

        /// Takes what was received out of the sum (the client dropped mid-stream). Idempotent.
        public func abandon() {
            guard !closed else { return }
            closed = true
            defer { aggregator.abandoned(client) }
            let whole = received - UInt64(carry.count)
            var offset: UInt64 = 0
            let step: UInt64 = 1 << 20
            while offset < whole {
                let n = Int(min(step, whole - offset))
                guard let bytes = try? spool.read(count: n, at: offset),
                      (try? bytes.withUnsafeBytes({ try accumulate($0, at: offset, sign: -1) })) != nil else { return }
                offset += UInt64(n)
            }
        }
    }
}

/// Scratch files for spooled contributions (and the in-memory sum's buffer), kept from round to
/// round. Overwriting pages the page cache already holds is about three times faster here than
/// writing a new file (whose pages must be allocated, charged and given disk blocks, and freed
/// again when it closes), and a round spools every byte it receives. Each file is unlinked at creation (it vanishes with its
/// descriptor, even after a crash); `removeAll` gives the disk space back when the run ends.
public final class SpoolFiles: @unchecked Sendable {
    public let directory: String
    private let lock = NSLock()
    private var idle: [FileDescriptor] = []
    private var keptSum: UnsafeMutableBufferPointer<Float>?
    private var closed = false
    /// Files kept for reuse at most (one per participant of a round is what a run needs).
    public let maxKept: Int

    public init(directory: String, maxKept: Int = 256) {
        self.directory = directory
        self.maxKept = maxKept
    }

    /// Files waiting for reuse.
    public var idleCount: Int { lock.withLock { idle.count } }

    /// A scratch file: one used before (its old bytes are overwritten, never read), or a new one.
    func take() throws -> FileDescriptor {
        if let reused = lock.withLock({ idle.popLast() }) { return reused }
        return try Self.unlinkedFile(in: directory, prefix: ".spool")
    }

    /// Hands `file` back for the next contribution.
    func give(_ file: FileDescriptor) {
        lock.withLock { if !closed, idle.count < maxKept { idle.append(file) } }
    }

    /// A zeroed buffer of `count` floats for a round's in-memory sum: the previous round's when it
    /// has that size (its pages are mapped already; a new buffer this large is a fresh mapping,
    /// a page fault and a zeroed page per 4 KiB, about 0.1 CPU-seconds for 128 MiB here), or a
    /// new one.
    func takeSum(count: Int) -> UnsafeMutableBufferPointer<Float> {
        let kept = lock.withLock { () -> UnsafeMutableBufferPointer<Float>? in
            defer { keptSum = nil }
            return keptSum
        }
        if let kept, kept.count == count {
            kept.update(repeating: 0)
            return kept
        }
        kept?.deallocate()
        let fresh = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        fresh.initialize(repeating: 0)
        return fresh
    }

    /// Keeps a round's sum buffer for the next round (one at most; none once `removeAll` ran).
    func giveSum(_ buffer: UnsafeMutableBufferPointer<Float>) {
        let dropped = lock.withLock { () -> UnsafeMutableBufferPointer<Float>? in
            if closed || maxKept == 0 { return buffer }
            defer { keptSum = buffer }
            return keptSum
        }
        dropped?.deallocate()
    }

    /// Whether a sum buffer waits for reuse.
    public var keepsSum: Bool { lock.withLock { keptSum != nil } }

    /// Closes the idle files (their space is freed) and frees the kept sum buffer; files and
    /// buffers given back later are released too.
    public func removeAll() {
        let sum = lock.withLock { () -> UnsafeMutableBufferPointer<Float>? in
            closed = true
            idle.removeAll()
            defer { keptSum = nil }
            return keptSum
        }
        sum?.deallocate()
    }

    /// A new scratch file in `directory`, unlinked at once: it vanishes with its descriptor,
    /// even after a crash.
    static func unlinkedFile(in directory: String, prefix: String, suffix: String = "") throws -> FileDescriptor {
        let path = "\(directory)/\(prefix).\(getpid()).\(UInt32.random(in: 0...UInt32.max))\(suffix)"
        let file = try FileDescriptor(path: path, flags: O_RDWR | O_CREAT | O_TRUNC, mode: 0o600)
        unlink(path)
        return file
    }
}
