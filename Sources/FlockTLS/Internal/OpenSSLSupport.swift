import Foundation
import FlockCore
internal import COpenSSL

/// Helpers shared by the issuance types: draining the OpenSSL error queue into a `FlockError`,
/// and moving bytes in and out of memory BIOs.
enum OpenSSL {
    /// Removes every entry from this thread's OpenSSL error queue and returns them as text,
    /// oldest first, e.g. `"error:1E08010C:DECODER routines::unsupported"`.
    static func drainErrors() -> [String] {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(cString: buffer))
        }
        return messages
    }

    /// A `FlockError(.tls, ...)` saying what `operation` was and why OpenSSL refused it.
    static func error(_ operation: String) -> FlockError {
        let reasons = drainErrors()
        if reasons.isEmpty { return FlockError(.tls, "\(operation) failed") }
        return FlockError(.tls, "\(operation) failed: \(reasons.joined(separator: "; "))")
    }

    /// Clears stale errors so the next failure reports only its own reasons.
    static func clearErrors() { ERR_clear_error() }

    /// Runs `body` with a fresh memory BIO and returns everything written into it.
    static func withMemoryBIO(_ operation: String, _ body: (OpaquePointer) throws -> Int32) throws -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw error("\(operation): BIO_new") }
        defer { BIO_free(bio) }
        guard try body(bio) == 1 else { throw error(operation) }
        var data: UnsafeMutablePointer<CChar>?
        let length = CFlock_BIO_get_mem_data(bio, &data)
        guard length > 0, let data else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }

    /// Runs `body` with a read-only memory BIO over `bytes`.
    static func withReadBIO<T>(_ bytes: [UInt8], _ body: (OpaquePointer) throws -> T) throws -> T {
        try bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else {
                throw error("BIO_new_mem_buf")
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    /// Reads a whole file, with an error naming it.
    static func readFile(_ path: String, what: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FlockError(.notFound, "cannot read \(what) '\(path)': the file is missing or unreadable")
        }
        return [UInt8](data)
    }

    /// Hex text of `bytes`, upper case, separated by `separator` (`"AB:CD"` for fingerprints).
    static func hex(_ bytes: [UInt8], separator: String = "") -> String {
        bytes.map { String(format: "%02X", $0) }.joined(separator: separator)
    }
}

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename) with the
/// given permission bits. The file is created with `mode` from the start, so a private key is
/// never readable by others, not even briefly.
func writeFileAtomically(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
    let directory = (path as NSString).deletingLastPathComponent
    let temp = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp"
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard fd >= 0 else {
        throw FlockError(.io, "cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
    var ok = fchmod(fd, mode) == 0
    var written = 0
    bytes.withUnsafeBytes { raw in
        while ok && written < raw.count {
            let n = write(fd, raw.baseAddress! + written, raw.count - written)
            if n <= 0 { ok = false } else { written += n }
        }
    }
    let savedErrno = errno
    if close(fd) != 0 { ok = false }
    guard ok, rename(temp, path) == 0 else {
        let reason = String(cString: strerror(ok ? errno : savedErrno))
        unlink(temp)
        throw FlockError(.io, "cannot write '\(path)': \(reason)")
    }
}
