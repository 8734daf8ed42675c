/// How kit packages are encrypted.
public enum ZipEncryption: String, Sendable, CaseIterable, Codable {
    /// WinZip AES-256 (default). Opens with `7z x -pPASSWORD`, `bsdtar --passphrase PASSWORD -xf`
    /// or `fl-provision unpack`; Info-ZIP `unzip` cannot open it ("need PK compat. v5.1").
    case aes256
    /// Traditional PKWARE encryption ("ZipCrypto"). Opens with `unzip -P PASSWORD` everywhere, but
    /// is weak: known-plaintext attacks recover the contents without the password.
    case zipcrypto

    /// The warning printed whenever ZipCrypto is chosen.
    public static let zipCryptoWarning = "warning: --zip-encryption zipcrypto is weak: anyone holding a package can recover its contents (including private keys) without the password by a known-plaintext attack. Use it only for sites that can run nothing but Info-ZIP `unzip -P`, and deliver those packages over a trusted channel; the default AES-256 packages open with `7z x -pPASSWORD`, `bsdtar --passphrase PASSWORD -xf` or `fl-provision unpack`."

    /// How a site opens a package of this kind.
    public var openCommand: String {
        switch self {
        case .aes256: return "7z x -pPASSWORD NAME.zip, bsdtar --passphrase PASSWORD -xf NAME.zip, or fl-provision unpack NAME.zip -d DIR"
        case .zipcrypto: return "unzip -P PASSWORD NAME.zip, or fl-provision unpack NAME.zip -d DIR"
        }
    }
}
