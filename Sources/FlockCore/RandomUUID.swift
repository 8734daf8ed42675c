import Foundation

extension UUID {
    /// A random (version 4) UUID from the system's CSPRNG through the `getrandom` system call
    /// (`SystemRandomNumberGenerator`), which needs no file descriptor.
    ///
    /// Foundation's `UUID()` on Linux reads `/dev/urandom`; in a process that has run out of
    /// descriptors (a server at its open-file limit) it silently returns
    /// 00000000-0000-4000-8000-000000000000 every time, so every client registering then would get
    /// the same token. Use this for tokens and ids that must be unique.
    public static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var b = [UInt8](repeating: 0, count: 16)
        for i in stride(from: 0, to: 16, by: 8) {
            withUnsafeBytes(of: generator.next() as UInt64) { for j in 0..<8 { b[i + j] = $0[j] } }
        }
        b[6] = (b[6] & 0x0f) | 0x40   // version 4
        b[8] = (b[8] & 0x3f) | 0x80   // RFC 4122 variant
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
