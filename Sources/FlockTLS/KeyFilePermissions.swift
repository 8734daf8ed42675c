import FlockCore
import Foundation

/// The start-time check of a private key file's permissions: a key that group or others may
/// read (or write) is refused, with the fix, before anything uses it. `fl-provision` writes keys
/// 0600 and its packages restore them 0600 (`fl-provision unpack`, `7z`, `bsdtar`, `unzip`), so
/// only a copy or an edit that widened the mode trips this.
public enum KeyFilePermissions {
    /// Throws `FlockError(.permissionDenied)` naming `path`, its mode and `chmod 600 PATH` when
    /// `mode & 0o077 != 0`. A missing file is left to the code that reads it.
    public static func check(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 != 0 else { return }
        throw FlockError(.permissionDenied, "private key \(path) is accessible by group or others (mode \(String(mode, radix: 8, uppercase: false).leftPadded(to: 4))); a private key must be readable by its owner only. Fix: chmod 600 \(path)")
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
