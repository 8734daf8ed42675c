#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import CProtobufC

/// Memory for one protobuf-c message graph while it is packed: the generated `_cMessage(in:)`
/// builds the C structs here, and everything is freed when the arena goes away.
///
/// Strings, arrays and sub-message structs are copied into the arena (small). Large `bytes` values
/// are not copied: the C struct is pointed straight into the Swift array's storage for the
/// duration of `withPinnedBytes`, so a 1 MiB chunk is copied once, by `__pack`, into the output.
/// At most `maxPinned` values are pinned (each pin is one nested scope); further ones, and small
/// ones, are copied.
///
/// This module is the runtime of fl-codegen's output; generated files import it `internal`ly, so
/// neither it nor protobuf-c's C types reach the users of FlockProto.
public final class CMessageArena {
    /// `bytes` values at least this long are pinned instead of copied.
    public static let pinThreshold = 4096
    /// Pins per arena (bounds the nesting depth of `withPinnedBytes`).
    public static let maxPinned = 64

    private var blocks: [UnsafeMutableRawPointer] = []
    private var pending: [(bytes: [UInt8], target: UnsafeMutablePointer<ProtobufCBinaryData>)] = []

    public init() {}

    deinit {
        for block in blocks { free(block) }
    }

    /// Zeroed memory for `count` values of `T`, owned by the arena.
    public func allocate<T>(_ type: T.Type, count: Int = 1) -> UnsafeMutablePointer<T> {
        let bytes = Swift.max(1, count * MemoryLayout<T>.stride)
        guard let raw = calloc(1, bytes) else { fatalError("CMessageArena: out of memory allocating \(bytes) bytes") }
        blocks.append(raw)
        return raw.bindMemory(to: T.self, capacity: Swift.max(1, count))
    }

    /// A NUL-terminated copy of `string`'s UTF-8. (C strings end at the first NUL: a string with an
    /// embedded NUL is sent up to it.)
    public func cString(_ string: String) -> UnsafeMutablePointer<CChar> {
        var string = string
        return string.withUTF8 { utf8 in
            let p = allocate(CChar.self, count: utf8.count + 1)
            if let base = utf8.baseAddress { memcpy(p, base, utf8.count) }
            return p
        }
    }

    /// A copy of `values` as a C array, with its count (nil for none).
    public func array<T>(_ values: [T]) -> (Int, UnsafeMutablePointer<T>?) {
        guard !values.isEmpty else { return (0, nil) }
        let p = allocate(T.self, count: values.count)
        values.withUnsafeBufferPointer { buffer in
            _ = UnsafeMutableBufferPointer(start: p, count: values.count).initialize(from: buffer)
        }
        return (values.count, p)
    }

    /// A C array of C strings.
    public func cStrings(_ strings: [String]) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard !strings.isEmpty else { return (0, nil) }
        let p = allocate(UnsafeMutablePointer<CChar>?.self, count: strings.count)
        for (i, s) in strings.enumerated() { p[i] = cString(s) }
        return (strings.count, p)
    }

    /// A C array of pointers to structs made by `make` (repeated messages, map entries).
    public func pointers<S, C>(_ values: [S], _ make: (S) -> UnsafeMutablePointer<C>) -> (Int, UnsafeMutablePointer<UnsafeMutablePointer<C>?>?) {
        guard !values.isEmpty else { return (0, nil) }
        let p = allocate(UnsafeMutablePointer<C>?.self, count: values.count)
        for (i, v) in values.enumerated() { p[i] = make(v) }
        return (values.count, p)
    }

    /// Sets the `bytes` field at `field` of `message` to `bytes` (pinned or copied).
    public func setBytes<M>(_ bytes: [UInt8], in message: UnsafeMutablePointer<M>, at field: WritableKeyPath<M, ProtobufCBinaryData>) {
        guard let offset = MemoryLayout<M>.offset(of: field) else {
            // Not a stored field (cannot happen for protoc-c structs): copy.
            message.pointee[keyPath: field] = copiedBytes(bytes)
            return
        }
        let target = (UnsafeMutableRawPointer(message) + offset).assumingMemoryBound(to: ProtobufCBinaryData.self)
        set(bytes, at: target)
    }

    /// A C array of `bytes` values (repeated bytes).
    public func bytesArray(_ values: [[UInt8]]) -> (Int, UnsafeMutablePointer<ProtobufCBinaryData>?) {
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

    /// Whether any `bytes` value is pinned (rather than copied into the arena).
    public var hasPinnedBytes: Bool { !pending.isEmpty }

    /// Inside `withPinnedBytes`: each pinned value's address and array.
    fileprivate var pinnedValues: [(address: UnsafePointer<UInt8>, bytes: [UInt8])] {
        pending.compactMap { value in value.target.pointee.data.map { (UnsafePointer($0), value.bytes) } }
    }

    /// Runs `body` with every pinned `bytes` field pointing into its Swift array.
    public func withPinnedBytes<R>(_ body: () -> R) -> R {
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

extension CMessageArena {
    /// The wire encoding as pieces whose concatenation is the message, for senders that can write
    /// pieces (`RPCMessage.serializedPieces`): each pinned `bytes` value is a piece of its own, the
    /// Swift array itself rather than a copy, and the bytes between them are copied into small
    /// pieces. `packToBuffer` is a protobuf-c `__pack_to_buffer` call, which appends a `bytes`
    /// field's data straight from the field's pointer. Without pinned values this is one piece
    /// written by `pack` (`size` bytes).
    public func packedPieces(size: () -> Int, pack: (UnsafeMutablePointer<UInt8>) -> Int,
                             packToBuffer: (UnsafeMutablePointer<ProtobufCBuffer>) -> Int) -> [[UInt8]] {
        guard hasPinnedBytes else { return [packedBytes(size: size(), pack)] }
        return withPinnedBytes {
            let collector = PieceCollector(pinned: pinnedValues)
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<ProtobufCBuffer>.stride + MemoryLayout<UnsafeRawPointer>.stride,
                                                          alignment: MemoryLayout<UnsafeRawPointer>.alignment)
            defer { buffer.deallocate() }
            buffer.initializeMemory(as: ProtobufCBuffer.self, repeating: ProtobufCBuffer(append: { buffer, length, data in
                let context = UnsafeRawPointer(buffer!) + MemoryLayout<ProtobufCBuffer>.stride
                let collector = Unmanaged<PieceCollector>.fromOpaque(context.load(as: UnsafeRawPointer.self)).takeUnretainedValue()
                collector.append(data, length)
            }), count: 1)
            (buffer + MemoryLayout<ProtobufCBuffer>.stride).storeBytes(of: UnsafeRawPointer(Unmanaged.passUnretained(collector).toOpaque()),
                                                                      as: UnsafeRawPointer.self)
            let written = withExtendedLifetime(collector) { packToBuffer(buffer.assumingMemoryBound(to: ProtobufCBuffer.self)) }
            let pieces = collector.finish()
            precondition(pieces.reduce(0, { $0 + $1.count }) == written, "protobuf-c packed \(written) bytes, the pieces hold a different count")
            return pieces
        }
    }
}

/// Gathers `__pack_to_buffer` output: the pinned arrays as they are, everything else copied.
private final class PieceCollector {
    private let pinned: [(address: UnsafePointer<UInt8>, bytes: [UInt8])]
    private var pieces: [[UInt8]] = []
    private var small: [UInt8] = []

    init(pinned: [(address: UnsafePointer<UInt8>, bytes: [UInt8])]) { self.pinned = pinned }

    func append(_ data: UnsafePointer<UInt8>?, _ length: Int) {
        guard length > 0, let data else { return }
        if length >= CMessageArena.pinThreshold,
           let value = pinned.first(where: { $0.address == data && $0.bytes.count == length }) {
            if !small.isEmpty { pieces.append(small); small = [] }
            pieces.append(value.bytes)
        } else {
            small.append(contentsOf: UnsafeBufferPointer(start: data, count: length))
        }
    }

    func finish() -> [[UInt8]] {
        if !small.isEmpty { pieces.append(small); small = [] }
        return pieces
    }
}

/// An array of exactly `size` bytes written by `pack` (a protobuf-c `__pack` call, which returns
/// the number of bytes it wrote).
public func packedBytes(size: Int, _ pack: (UnsafeMutablePointer<UInt8>) -> Int) -> [UInt8] {
    guard size > 0 else { return [] }
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        let written = pack(buffer.baseAddress!)
        precondition(written == size, "protobuf-c packed \(written) bytes, expected \(size)")
        count = written
    }
}

// protoc-c generates `__pack`, `__unpack`, ... only for top-level messages. Nested messages go
// through protobuf-c's generic functions with the descriptor their `__init` installs; every
// protobuf-c message struct starts with its `ProtobufCMessage base`.

/// The descriptor of the message type `C`, as the type's `__init` function installs it.
public func messageDescriptor<C>(_ type: C.Type, _ initialize: (UnsafeMutablePointer<C>) -> Void) -> UnsafePointer<ProtobufCMessageDescriptor> {
    let prototype = UnsafeMutablePointer<C>.allocate(capacity: 1)
    defer { prototype.deallocate() }
    initialize(prototype)
    return UnsafeRawPointer(prototype).assumingMemoryBound(to: ProtobufCMessage.self).pointee.descriptor
}

/// `protobuf_c_message_unpack` for a message of type `C` (with `arena`'s allocator, when given);
/// nil on malformed input.
public func unpackMessage<C>(_ descriptor: UnsafePointer<ProtobufCMessageDescriptor>, _ bytes: [UInt8], as type: C.Type,
                             arena: CUnpackArena? = nil) -> UnsafeMutablePointer<C>? {
    let message = bytes.withUnsafeBufferPointer { protobuf_c_message_unpack(descriptor, arena?.allocator, $0.count, $0.baseAddress) }
    return message.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: C.self) }
}

/// `protobuf_c_message_free_unpacked` for a message `unpackMessage` returned (with the same arena).
public func freeUnpackedMessage<C>(_ message: UnsafeMutablePointer<C>, arena: CUnpackArena? = nil) {
    protobuf_c_message_free_unpacked(UnsafeMutableRawPointer(message).assumingMemoryBound(to: ProtobufCMessage.self), arena?.allocator)
}

/// `packedPieces` for a message of type `C` through protobuf-c's generic functions.
public func packMessagePieces<C>(_ message: UnsafeMutablePointer<C>, in arena: CMessageArena) -> [[UInt8]] {
    let base = UnsafeMutableRawPointer(message).assumingMemoryBound(to: ProtobufCMessage.self)
    return arena.packedPieces(size: { protobuf_c_message_get_packed_size(base) },
                              pack: { protobuf_c_message_pack(base, $0) },
                              packToBuffer: { protobuf_c_message_pack_to_buffer(base, $0) })
}

/// `protobuf_c_message_get_packed_size` + `protobuf_c_message_pack` for a message of type `C`.
public func packMessage<C>(_ message: UnsafeMutablePointer<C>) -> [UInt8] {
    let base = UnsafeMutableRawPointer(message).assumingMemoryBound(to: ProtobufCMessage.self)
    return packedBytes(size: protobuf_c_message_get_packed_size(base)) { protobuf_c_message_pack(base, $0) }
}
