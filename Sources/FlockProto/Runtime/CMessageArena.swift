#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CProtobufC

/// Memory for one protobuf-c message graph while it is packed: the generated `_cMessage(in:)`
/// builds the C structs here, and everything is freed when the arena goes away.
///
/// Strings, arrays and sub-message structs are copied into the arena (small). Large `bytes` values
/// are not copied: the C struct is pointed straight into the Swift array's storage for the
/// duration of `withPinnedBytes`, so a 1 MiB chunk is copied once, by `__pack`, into the output.
/// At most `maxPinned` values are pinned (each pin is one nested scope); further ones, and small
/// ones, are copied.
final class CMessageArena {
    /// `bytes` values at least this long are pinned instead of copied.
    static let pinThreshold = 4096
    /// Pins per arena (bounds the nesting depth of `withPinnedBytes`).
    static let maxPinned = 64

    private var blocks: [UnsafeMutableRawPointer] = []
    private var pending: [(bytes: [UInt8], target: UnsafeMutablePointer<ProtobufCBinaryData>)] = []

    init() {}

    deinit {
        for block in blocks { free(block) }
    }

    /// Zeroed memory for `count` values of `T`, owned by the arena.
    func allocate<T>(_ type: T.Type, count: Int = 1) -> UnsafeMutablePointer<T> {
        let bytes = Swift.max(1, count * MemoryLayout<T>.stride)
        guard let raw = calloc(1, bytes) else { fatalError("CMessageArena: out of memory allocating \(bytes) bytes") }
        blocks.append(raw)
        return raw.bindMemory(to: T.self, capacity: Swift.max(1, count))
    }

    /// A NUL-terminated copy of `string`'s UTF-8. (C strings end at the first NUL: a string with an
    /// embedded NUL is sent up to it.)
    func cString(_ string: String) -> UnsafeMutablePointer<CChar> {
        var string = string
        return string.withUTF8 { utf8 in
            let p = allocate(CChar.self, count: utf8.count + 1)
            if let base = utf8.baseAddress { memcpy(p, base, utf8.count) }
            return p
        }
    }

    /// A copy of `values` as a C array, with its count (nil for none).
    func array<T>(_ values: [T]) -> (Int, UnsafeMutablePointer<T>?) {
        guard !values.isEmpty else { return (0, nil) }
        let p = allocate(T.self, count: values.count)
        values.withUnsafeBufferPointer { buffer in
            _ = UnsafeMutableBufferPointer(start: p, count: values.count).initialize(from: buffer)
        }
        return (values.count, p)
    }

    /// A C array of C strings.
    func cStrings(_ strings: [String]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard !strings.isEmpty else { return (0, nil) }
        let p = allocate(UnsafeMutablePointer<CChar>?.self, count: strings.count)
        for (i, s) in strings.enumerated() { p[i] = cString(s) }
        return (strings.count, p)
    }

    /// A C array of pointers to structs made by `make` (repeated messages, map entries).
    func pointers<S, C>(_ values: [S], _ make: (S) -> UnsafeMutablePointer<C>) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<C>?>?) {
        guard !values.isEmpty else { return (0, nil) }
        let p = allocate(UnsafeMutablePointer<C>?.self, count: values.count)
        for (i, v) in values.enumerated() { p[i] = make(v) }
        return (values.count, p)
    }

    /// Sets the `bytes` field at `field` of `message` to `bytes` (pinned or copied).
    func setBytes<M>(_ bytes: [UInt8], in message: UnsafeMutablePointer<M>, at field: WritableKeyPath<M, ProtobufCBinaryData>) {
        guard let offset = MemoryLayout<M>.offset(of: field) else {
            // Not a stored field (cannot happen for protoc-c structs): copy.
            message.pointee[keyPath: field] = copiedBytes(bytes)
            return
        }
        let target = (UnsafeMutableRawPointer(message) + offset).assumingMemoryBound(to: ProtobufCBinaryData.self)
        set(bytes, at: target)
    }

    /// A C array of `bytes` values (repeated bytes).
    func bytesArray(_ values: [[UInt8]]) -> (Int, UnsafeMutablePointer<ProtobufCBinaryData>?) {
        guard !values.isEmpty else { return (0, nil) }
        let p = allocate(ProtobufCBinaryData.self, count: values.count)
        for (i, v) in values.enumerated() { set(v, at: p + i) }
        return (values.count, p)
    }

    private func set(_ bytes: [UInt8], at target: UnsafeMutablePointer<ProtobufCBinaryData>) {
        if bytes.count >= Self.pinThreshold && pending.count < Self.maxPinned {
            target.pointee = ProtobufCBinaryData(len: bytes.count, data: nil)
            pending.append((bytes, target))
        } else {
            target.pointee = copiedBytes(bytes)
        }
    }

    private func copiedBytes(_ bytes: [UInt8]) -> ProtobufCBinaryData {
        guard !bytes.isEmpty else { return ProtobufCBinaryData(len: 0, data: nil) }
        let p = allocate(UInt8.self, count: bytes.count)
        bytes.withUnsafeBufferPointer { _ = memcpy(p, $0.baseAddress!, bytes.count) }
        return ProtobufCBinaryData(len: bytes.count, data: p)
    }

    /// Runs `body` with every pinned `bytes` field pointing into its Swift array.
    func withPinnedBytes<R>(_ body: () -> R) -> R {
        pin(from: 0, body)
    }

    private func pin<R>(from index: Int, _ body: () -> R) -> R {
        guard index < pending.count else { return body() }
        return pending[index].bytes.withUnsafeBufferPointer { buffer in
            pending[index].target.pointee.data = UnsafeMutablePointer(mutating: buffer.baseAddress)
            defer { pending[index].target.pointee.data = nil }
            return pin(from: index + 1, body)
        }
    }
}

/// An array of exactly `size` bytes written by `pack` (a protobuf-c `__pack` call, which returns
/// the number of bytes it wrote).
func packedBytes(size: Int, _ pack: (UnsafeMutablePointer<UInt8>) -> Int) -> [UInt8] {
    guard size > 0 else { return [] }
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        let written = pack(buffer.baseAddress!)
        precondition(written == size, "protobuf-c packed \(written) bytes, expected \(size)")
        count = written
    }
}
