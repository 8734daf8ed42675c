import Foundation

/// The safetensors format (https://huggingface.co/docs/safetensors): an 8-byte little-endian header
/// length N, N bytes of JSON (`{"name": {"dtype": "F32", "shape": [..], "data_offsets": [b, e]},
/// "__metadata__": {...}}`), then the tensors' bytes. Flock writes tensors contiguously in model
/// order, so the data section is exactly the byte stream a model travels as (ModelChunk offsets
/// equal data-section offsets), and models can be streamed to and from disk without loading them.
public enum SafeTensors {
    /// One tensor's entry in the header. Offsets are relative to the start of the data section.
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var dtype: String
        public var shape: [Int]
        public var begin: UInt64
        public var end: UInt64

        public init(name: String, dtype: String = "F32", shape: [Int], begin: UInt64, end: UInt64) {
            self.name = name; self.dtype = dtype; self.shape = shape; self.begin = begin; self.end = end
        }

        public var byteCount: UInt64 { end - begin }
    }

    /// The byte size of one element of `dtype`, nil for a dtype Flock does not know.
    public static func elementSize(_ dtype: String) -> Int? {
        switch dtype {
        case "F64", "I64", "U64": return 8
        case "F32", "I32", "U32": return 4
        case "F16", "BF16", "I16", "U16": return 2
        case "I8", "U8", "BOOL": return 1
        default: return nil
        }
    }

    /// Lays out float32 tensors contiguously in the given order.
    public static func layout(_ tensors: [(name: String, shape: [Int])]) -> [Entry] {
        var offset: UInt64 = 0
        return tensors.map { t in
            let bytes = UInt64(t.shape.reduce(1, *) * 4)
            defer { offset += bytes }
            return Entry(name: t.name, shape: t.shape, begin: offset, end: offset + bytes)
        }
    }

    /// The 8-byte length prefix plus the JSON header (padded with spaces to a multiple of 8 bytes).
    /// Key order follows `entries` so output is deterministic.
    public static func headerBytes(_ entries: [Entry], metadata: [String: String] = [:]) -> [UInt8] {
        var json = "{"
        var first = true
        if !metadata.isEmpty {
            json += "\"__metadata__\":{"
            json += metadata.keys.sorted().map { "\(quote($0)):\(quote(metadata[$0]!))" }.joined(separator: ",")
            json += "}"
            first = false
        }
        for e in entries {
            if !first { json += "," }
            first = false
            json += "\(quote(e.name)):{\"dtype\":\(quote(e.dtype)),\"shape\":[\(e.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(e.begin),\(e.end)]}"
        }
        json += "}"
        var body = Array(json.utf8)
        while body.count % 8 != 0 { body.append(0x20) }
        var out = [UInt8]()
        out.reserveCapacity(8 + body.count)
        var n = UInt64(body.count).littleEndian
        withUnsafeBytes(of: &n) { out.append(contentsOf: $0) }
        out.append(contentsOf: body)
        return out
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// Writes float32 tensors to `path` atomically.
    public static func write(_ tensors: [NamedTensor], metadata: [String: String] = [:], to path: String) throws {
        let entries = layout(tensors.map { ($0.name, $0.shape) })
        let header = headerBytes(entries, metadata: metadata)
        try AtomicFile.write(to: path) { file in
            try file.write(header, at: 0)
            let base = UInt64(header.count)
            for (t, e) in zip(tensors, entries) {
                try t.values.withUnsafeBytes { try file.write($0, at: base + e.begin) }
            }
        }
    }

    /// Reads every float32 tensor of `path` into memory (for models that fit; large models are
    /// streamed with `SafeTensorsFile`).
    public static func read(_ path: String) throws -> [NamedTensor] {
        let file = try SafeTensorsFile(path: path)
        return try file.entries.map { try file.tensor($0) }
    }
}

/// An open safetensors file: its parsed header and positioned reads of its data section.
public final class SafeTensorsFile: @unchecked Sendable {
    public let path: String
    /// Tensors in data-offset order.
    public let entries: [SafeTensors.Entry]
    public let metadata: [String: String]
    /// Absolute file offset where the data section starts (8 + header length).
    public let dataStart: UInt64
    /// Size of the data section.
    public let dataSize: UInt64
    private let file: FileDescriptor

    /// Largest JSON header accepted (the format's own limit is 100 MB).
    public static let maxHeaderSize: UInt64 = 100_000_000

    public init(path: String) throws {
        self.path = path
        file = try FileDescriptor(path: path, flags: O_RDONLY)
        let size = try file.size()
        guard size >= 8 else { throw FlockError(.invalidArgument, "\(path) is not a safetensors file: it is shorter than 8 bytes") }
        let lenBytes = try file.read(count: 8, at: 0)
        let n = lenBytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }.littleEndian
        guard n <= Self.maxHeaderSize, 8 + n <= size else {
            throw FlockError(.invalidArgument, "\(path) is not a safetensors file: header length \(n) does not fit the file (\(size) bytes)")
        }
        let headerData = Data(try file.read(count: Int(n), at: 8))
        guard let object = try? JSONSerialization.jsonObject(with: headerData), let dict = object as? [String: Any] else {
            throw FlockError(.invalidArgument, "\(path) is not a safetensors file: its header is not a JSON object")
        }
        var entries: [SafeTensors.Entry] = []
        var meta: [String: String] = [:]
        for (key, value) in dict {
            if key == "__metadata__" {
                guard let m = value as? [String: Any] else { throw FlockError(.invalidArgument, "\(path): __metadata__ is not an object") }
                for (k, v) in m { meta[k] = (v as? String) ?? "\(v)" }
                continue
            }
            guard let t = value as? [String: Any], let dtype = t["dtype"] as? String,
                  let shape = t["shape"] as? [Any], let offsets = t["data_offsets"] as? [Any], offsets.count == 2 else {
                throw FlockError(.invalidArgument, "\(path): tensor \(key) lacks dtype, shape or data_offsets")
            }
            let dims = try shape.map { v -> Int in
                guard let d = (v as? NSNumber)?.intValue, d >= 0 else { throw FlockError(.invalidArgument, "\(path): tensor \(key) has a bad shape") }
                return d
            }
            guard let b = (offsets[0] as? NSNumber)?.uint64Value, let e = (offsets[1] as? NSNumber)?.uint64Value, b <= e else {
                throw FlockError(.invalidArgument, "\(path): tensor \(key) has bad data_offsets")
            }
            if let es = SafeTensors.elementSize(dtype) {
                // A hostile shape must not overflow the size computation.
                var needed = es
                for d in dims {
                    let (product, overflow) = needed.multipliedReportingOverflow(by: d)
                    guard !overflow else { throw FlockError(.invalidArgument, "\(path): tensor \(key) has shape \(dims), too large") }
                    needed = product
                }
                guard UInt64(needed) == e - b else {
                    throw FlockError(.invalidArgument, "\(path): tensor \(key) has \(e - b) bytes but shape \(dims) of \(dtype) needs \(needed)")
                }
            }
            entries.append(.init(name: key, dtype: dtype, shape: dims, begin: b, end: e))
        }
        entries.sort { ($0.begin, $0.name) < ($1.begin, $1.name) }
        var expected: UInt64 = 0
        for e in entries {
            guard e.begin == expected else {
                throw FlockError(.invalidArgument, "\(path): tensor \(e.name) starts at \(e.begin), expected \(expected) (tensors must be contiguous)")
            }
            expected = e.end
        }
        guard expected == size - 8 - n else {
            throw FlockError(.invalidArgument, "\(path): the data section holds \(size - 8 - n) bytes but the header describes \(expected)")
        }
        self.entries = entries
        self.metadata = meta
        self.dataStart = 8 + n
        self.dataSize = expected
    }

    /// Reads `count` bytes of the data section at `offset` into `buffer`.
    public func readData(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws {
        guard offset <= dataSize, UInt64(buffer.count) <= dataSize - offset else {
            throw FlockError(.invalidArgument, "\(path): read of \(buffer.count) bytes at \(offset) is past the data section (\(dataSize) bytes)")
        }
        try file.read(into: buffer, at: dataStart + offset)
    }

    public func readData(count: Int, at offset: UInt64) throws -> [UInt8] {
        // Not zero-filled first: the read overwrites every byte (or throws).
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            try readData(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            initialized = count
        }
    }

    /// Reads one float32 tensor.
    public func tensor(_ entry: SafeTensors.Entry) throws -> NamedTensor {
        guard entry.dtype == "F32" else {
            throw FlockError(.invalidArgument, "\(path): tensor \(entry.name) is \(entry.dtype); Flock models are F32")
        }
        var values = [Float](repeating: 0, count: Int(entry.byteCount / 4))
        try values.withUnsafeMutableBytes { try readData(into: $0, at: entry.begin) }
        return NamedTensor(name: entry.name, shape: entry.shape, values: values)
    }
}
