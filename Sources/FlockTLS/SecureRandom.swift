import FlockCore
internal import COpenSSL

/// Random bytes and passwords from OpenSSL's CSPRNG (`RAND_bytes`).
public enum SecureRandom {
    /// Letters and digits: passwords survive copy-paste, e-mail and `unzip -P` unquoted.
    public static let passwordAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// `count` random bytes.
    public static func bytes(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard count == 0 || RAND_bytes(&bytes, Int32(count)) == 1 else { throw OpenSSL.error("RAND_bytes") }
        return bytes
    }

    /// A password of `length` characters drawn uniformly from `passwordAlphabet` (rejection
    /// sampling, so no character is likelier than another). 16 characters carry about 95 bits.
    public static func password(length: Int = 16) throws -> String {
        let alphabet = passwordAlphabet
        let limit = 256 - (256 % alphabet.count)   // 248: bytes at or above it are redrawn
        var result: [Character] = []
        while result.count < length {
            for byte in try bytes(length * 2) where Int(byte) < limit && result.count < length {
                result.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return String(result)
    }
}
