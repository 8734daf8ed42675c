#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import CProtobufC

/// The protobuf-c allocator one `__unpack` runs with, so that large `bytes` values are copied
/// once, by protobuf-c, straight into the Swift arrays that end up in the decoded value.
///
/// protobuf-c's unpack always copies a `bytes` field out of the wire buffer into memory from its
/// allocator. Blocks of at least `arrayThreshold` bytes come from here as the storage of fresh
/// `[UInt8]`s (kept in `arrays`); `bytes(_:)` then hands the array itself to the Swift value
/// instead of copying the block a second time. Smaller blocks (the message structs, short
/// strings and values) are plain `malloc`s.
///
/// The array's storage is written through its base address after `withUnsafeMutableBufferPointer`
/// returned: sound in practice because the array is uniquely referenced from `arrays` and never
/// mutated or copied until protobuf-c has written it (the storage of a native array does not move
/// unless the array is mutated), and it is only read afterwards.
///
/// One per unpack, used on one thread; must outlive the `__free_unpacked` of the message.
public final class CUnpackArena {
    /// Blocks at least this long are Swift arrays.
    public static let arrayThreshold = 4096

    /// Pass to `__unpack` and `__free_unpacked`.
    public let allocator: UnsafeMutablePointer<ProtobufCAllocator>
    /// Array-backed blocks by address; an empty array once `bytes(_:)` took it (the block then
    /// belongs to the Swift value and `free` only forgets it).
    private var arrays: [UnsafeMutableRawPointer: [UInt8]] = [:]

    public init() {
        allocator = .allocate(capacity: 1)
        allocator.initialize(to: ProtobufCAllocator(
            alloc: { data, size in
                Unmanaged<CUnpackArena>.fromOpaque(data!).takeUnretainedValue().allocate(size)
            },
            free: { data, pointer in
                Unmanaged<CUnpackArena>.fromOpaque(data!).takeUnretainedValue().release(pointer)
            },
            allocator_data: nil))
        allocator.pointee.allocator_data = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        allocator.deallocate()
    }

    private func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        guard size >= Self.arrayThreshold else { return malloc(size) }
        var array = [UInt8](unsafeUninitializedCapacity: size) { _, count in count = size }
        guard let base = array.withUnsafeMutableBytes({ $0.baseAddress }) else { return nil }
        arrays[base] = array
        return base
    }

    private func release(_ pointer: UnsafeMutableRawPointer?) {
        guard let pointer else { return }
        if !arrays.isEmpty, arrays.removeValue(forKey: pointer) != nil { return }
        free(pointer)
    }

    /// A protobuf-c `bytes` value as a Swift array: the array protobuf-c unpacked it into when it is
    /// large (no copy), otherwise a copy.
    public func bytes(_ bytes: ProtobufCBinaryData) -> [UInt8] {
        guard bytes.len > 0, let data = bytes.data else { return [] }
        let key = UnsafeMutableRawPointer(data)
        if let array = arrays[key], array.count == bytes.len {
            arrays[key] = []
            return array
        }
        return [UInt8](UnsafeBufferPointer(start: data, count: bytes.len))
    }
}
