#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An owned POSIX file descriptor with positioned, complete reads and writes (EINTR and short
/// transfers handled) and errors that name the file.
public final class FileDescriptor: @unchecked Sendable {
    public let fd: Int32
    public let path: String

    /// Opens `path` with POSIX `flags` (`O_RDONLY`, `O_RDWR | O_CREAT`, ...).
    public init(path: String, flags: Int32, mode: mode_t = 0o644) throws {
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FlockError.posix("cannot open \(path)", errno) }
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Reads exactly `count` bytes at `offset` into `buffer`; throws if the file ends first.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw FlockError.posix("cannot read \(path)", errno)
            }
            if n == 0 { throw FlockError(.io, "\(path) ended early: expected \(buffer.count) bytes at offset \(offset)") }
            done += n
        }
    }

    public func read(count: Int, at offset: UInt64) throws -> [UInt8] {
        // Not zero-filled first: the read overwrites every byte (or throws).
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            try read(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            initialized = count
        }
    }

    /// Writes all of `bytes` at `offset`.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw FlockError.posix("cannot write \(path)", errno)
            }
            done += n
        }
    }

    public func write(_ bytes: [UInt8], at offset: UInt64) throws {
        try bytes.withUnsafeBytes { try write($0, at: offset) }
    }

    /// Sets the file's size (sparse when growing).
    public func truncate(to size: UInt64) throws {
        guard ftruncate(fd, off_t(size)) == 0 else { throw FlockError.posix("cannot resize \(path)", errno) }
    }

    public func size() throws -> UInt64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FlockError.posix("cannot stat \(path)", errno) }
        return UInt64(st.st_size)
    }

    /// Flushes the file's data to stable storage.
    public func sync() throws {
        guard fsync(fd) == 0 else { throw FlockError.posix("cannot flush \(path) to disk", errno) }
    }
}

extension FlockError {
    /// An I/O error carrying `strerror(code)`, e.g. "cannot write x: No space left on device".
    public static func posix(_ what: String, _ code: Int32) -> FlockError {
        FlockError(.io, "\(what): \(String(cString: strerror(code)))")
    }
}
