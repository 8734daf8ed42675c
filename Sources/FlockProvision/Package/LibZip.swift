import Foundation
internal import CZip

/// Process-wide serialisation of `zip_open`.
///
/// libzip 1.7 (Debian 12's) computes the source capabilities `zip_open_from_source` needs in two
/// function-static variables on first use, without synchronisation: a second thread that sees the
/// first one set but not yet the second compares against -1 and opens the archive read-only. Two
/// kits zipped at once by a fresh `fl-provision` then failed, now and then under load, with
/// "cannot write package '...': adding startup/: Read-only archive". Opening archives one at a
/// time removes the race; the zipping itself (compression, encryption, writing) still runs on
/// every core.
enum LibZip {
    private static let lock = NSLock()

    static func open(_ path: String, _ flags: Int32, _ errorCode: inout Int32) -> OpaquePointer? {
        lock.lock()
        defer { lock.unlock() }
        return zip_open(path, flags, &errorCode)
    }
}
