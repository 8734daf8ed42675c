import CFuzzDriver
import Foundation

nonisolated(unsafe) private var currentBody: (([UInt8]) -> Void)?

/// Runs libFuzzer with the process's arguments, calling `body` for every input. A crash (a trap,
/// `precondition`, AddressSanitizer report) is a finding; `body` must return for any input the
/// code under test handles cleanly (errors thrown and caught are fine).
public func fuzzMain(_ body: @escaping ([UInt8]) -> Void) -> Never {
    currentBody = body
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let rc = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
        currentBody?(bytes)
        return 0
    }
    exit(rc)
}

/// Reads structured values off the front of a fuzz input (libFuzzer's FuzzedDataProvider, small).
public struct FuzzInput {
    public private(set) var bytes: ArraySlice<UInt8>
    public init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    public var isEmpty: Bool { bytes.isEmpty }

    /// One byte (0 once the input is used up).
    public mutating func byte() -> UInt8 { bytes.popFirst() ?? 0 }

    /// A little-endian UInt16 (0 once the input is used up).
    public mutating func uint16() -> UInt16 { UInt16(byte()) | UInt16(byte()) << 8 }

    /// Up to `count` bytes.
    public mutating func take(_ count: Int) -> [UInt8] {
        let n = min(max(count, 0), bytes.count)
        let out = Array(bytes.prefix(n))
        bytes = bytes.dropFirst(n)
        return out
    }

    /// Everything left.
    public mutating func rest() -> [UInt8] { take(bytes.count) }

    /// Splits the rest into pieces: each piece is a length byte then that many bytes.
    public mutating func pieces() -> [[UInt8]] {
        var out: [[UInt8]] = []
        while !bytes.isEmpty { out.append(take(Int(byte()))) }
        return out
    }
}

/// Splits `bytes` at the cut points `cuts` yields (each a length, 0 meaning "the rest").
public func split(_ bytes: [UInt8], lengths: [Int]) -> [[UInt8]] {
    var out: [[UInt8]] = []
    var start = 0
    var i = 0
    while start < bytes.count {
        let n = i < lengths.count && lengths[i] > 0 ? lengths[i] : bytes.count - start
        let end = min(bytes.count, start + n)
        out.append(Array(bytes[start..<end]))
        start = end
        i += 1
    }
    return out
}

/// A private scratch folder for targets that need files (one per process, removed at exit).
public let fuzzScratch: String = {
    let dir = NSTemporaryDirectory() + "flockfuzz-scratch-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: fuzzScratch) }
    return dir
}()

/// Writes `bytes` to `name` in the scratch folder and returns its path.
public func scratchFile(_ name: String, _ bytes: [UInt8]) -> String {
    let path = fuzzScratch + "/" + name
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
}
