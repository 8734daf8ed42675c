import Foundation
import FlockCore
internal import COpenSSL

/// Tamper evidence for a startup kit: `startup/signature.json` lists the SHA-256 of every kit file
/// and carries a signature over that list made with the project's root CA key.
///
/// The server and client call `KitSignature.verify(startupDirectory:)` before anything else; it
/// throws `FlockError(.tampered, ...)` naming the edited, missing or extra file and saying how to
/// recover (restore the file from the kit package, or ask lead IT to re-provision).
///
/// File format (`signature.json`):
///
///     { "format": "flock-kit-signature/1",
///       "signer": "<SHA-256 fingerprint of rootCA.pem>",
///       "files": { "client.crt": "<sha256 hex>", "fed_client.json": "<sha256 hex>", ... },
///       "signature": "<base64 DER signature>" }
///
/// The signed message is `"flock-kit-signature/1\n"` followed by one `"<sha256 hex>  <name>\n"`
/// line per file, sorted by name (byte order): the same lines `sha256sum` prints, so a site can
/// check a file by hand. The signature is SHA-256 ECDSA (or RSA PKCS#1 v1.5 for an RSA root) and
/// verifies with the public key of the kit's own `rootCA.pem` (itself one of the signed files).
///
/// What is not signed (`unsignedFileNames`): `local_settings.json`, the file sites are expected to
/// edit (see `LocalSettings`), and hidden files (names starting with "."), which editors leave
/// behind. Every other file or folder in `startup/` must be listed.
public enum KitSignature {
    public static let fileName = "signature.json"
    public static let format = "flock-kit-signature/1"
    /// Kit files that sites may edit, add or delete; never signed, ignored by `verify`.
    public static let unsignedFileNames: Set<String> = [LocalSettings.fileName]
    /// The root certificate every kit carries; its key checks the signature.
    public static let rootCertificateFileName = "rootCA.pem"

    /// The content of `signature.json`.
    public struct Manifest: Codable, Sendable, Equatable {
        public var format: String
        /// SHA-256 fingerprint of the signing root certificate (`AB:CD:...`).
        public var signer: String
        /// File name → lower-case SHA-256 hex.
        public var files: [String: String]
        /// Base64 of the DER signature over `signedMessage(files:)`.
        public var signature: String
    }

    /// Signs every file in `startupDirectory` (except `signature.json`, unsigned and hidden files)
    /// with `authority`'s key and writes `signature.json` there. Returns the manifest.
    @discardableResult
    public static func sign(startupDirectory: String, with authority: CertificateAuthority) throws -> Manifest {
        let names = try entries(of: startupDirectory).filter { !isExempt($0) }
        var contents: [String: [UInt8]] = [:]
        for name in names {
            let path = startupDirectory + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw FlockError(.invalidArgument, "cannot sign '\(path)': kits hold plain files only")
            }
            contents[name] = try OpenSSL.readFile(path, what: "kit file")
        }
        let manifest = try sign(files: contents, with: authority)
        try JSONConfigFile.encode(manifest).write(to: URL(fileURLWithPath: startupDirectory + "/" + fileName), options: .atomic)
        return manifest
    }

    /// Signs kit files held in memory (name → bytes) and returns the manifest; write
    /// `JSONConfigFile.encode(manifest)` as `signature.json` beside them. Names that are exempt
    /// (`signature.json`, `unsignedFileNames`, hidden files) are refused: they would not verify.
    public static func sign(files contents: [String: [UInt8]], with authority: CertificateAuthority) throws -> Manifest {
        var files: [String: String] = [:]
        for (name, bytes) in contents {
            guard isSafeName(name), !isExempt(name) else {
                throw FlockError(.invalidArgument, "cannot sign kit file '\(name)': it is not a plain file name, or it is one of the unsigned names")
            }
            files[name] = sha256Hex(bytes)
        }
        let signature = try authority.privateKey.sign(signedMessage(files: files))
        return Manifest(format: format, signer: authority.certificate.fingerprint, files: files,
                        signature: Data(signature).base64EncodedString())
    }

    /// Checks the kit in `startupDirectory` against its `signature.json`:
    /// every listed file is present with the signed SHA-256, no other file is present (apart from
    /// `unsignedFileNames` and hidden files), and the list is signed by the kit's `rootCA.pem`.
    /// Returns the verified manifest; throws `FlockError(.tampered, ...)` naming the file otherwise.
    @discardableResult
    public static func verify(startupDirectory: String) throws -> Manifest {
        let dir = startupDirectory.hasSuffix("/") && startupDirectory.count > 1 ? String(startupDirectory.dropLast()) : startupDirectory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FlockError(.notFound, "startup folder '\(dir)' does not exist: unpack the kit package (unzip -P PASSWORD KIT.zip, or fl-provision unpack KIT.zip -d DIR) and point to its startup/ folder")
        }
        let recover = "restore it from the kit package (fl-provision unpack KIT.zip -d DIR) or ask the project's lead IT to re-provision this kit"
        let manifestPath = dir + "/" + fileName
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw FlockError(.tampered, "kit signature 'startup/\(fileName)' is missing in '\(dir)'; \(recover)")
        }
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw FlockError(.tampered, "kit signature 'startup/\(fileName)' is damaged (not a Flock kit signature); \(recover)")
        }
        guard manifest.format == format else {
            throw FlockError(.tampered, "kit signature 'startup/\(fileName)' has format '\(manifest.format)', expected '\(format)'; re-provision the kit with this version of fl-provision")
        }
        // 1. Files: the precise name of what changed comes first.
        for name in manifest.files.keys.sorted() {
            guard isSafeName(name) else {
                throw FlockError(.tampered, "kit signature 'startup/\(fileName)' lists an invalid file name '\(name)'; \(recover)")
            }
            let path = dir + "/" + name
            guard FileManager.default.fileExists(atPath: path) else {
                throw FlockError(.tampered, "kit file 'startup/\(name)' is missing; \(recover)")
            }
            let actual: String
            do { actual = try sha256Hex(ofFile: path) } catch {
                throw FlockError(.tampered, "kit file 'startup/\(name)' cannot be read (\(error)); \(recover)")
            }
            guard actual == manifest.files[name] else {
                throw FlockError(.tampered, "kit file 'startup/\(name)' was edited after provisioning (its SHA-256 no longer matches the kit signature); signed kit files must not be edited: \(recover). Site settings belong in startup/\(LocalSettings.fileName), which is not signed")
            }
        }
        for name in try entries(of: dir) where !isExempt(name) && manifest.files[name] == nil {
            throw FlockError(.tampered, "'startup/\(name)' is not part of the signed kit; remove it (site settings belong in startup/\(LocalSettings.fileName)) or ask the project's lead IT to re-provision this kit")
        }
        // 2. The list itself, with the kit's own root certificate.
        guard manifest.files[rootCertificateFileName] != nil else {
            throw FlockError(.tampered, "kit signature 'startup/\(fileName)' does not cover \(rootCertificateFileName); \(recover)")
        }
        let root = try Certificate(pemFile: dir + "/" + rootCertificateFileName)
        guard let signature = Data(base64Encoded: manifest.signature),
              root.verify(signature: [UInt8](signature), for: signedMessage(files: manifest.files)) else {
            throw FlockError(.tampered, "kit signature 'startup/\(fileName)' was edited or was not made with this kit's root CA (\(rootCertificateFileName)); \(recover)")
        }
        return manifest
    }

    /// The exact bytes the signature covers.
    public static func signedMessage(files: [String: String]) -> [UInt8] {
        var text = format + "\n"
        for name in files.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            text += "\(files[name]!)  \(name)\n"
        }
        return Array(text.utf8)
    }

    /// Lower-case hex SHA-256 of a file's bytes.
    public static func sha256Hex(ofFile path: String) throws -> String {
        let bytes = try OpenSSL.readFile(path, what: "kit file")
        return sha256Hex(bytes)
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        _ = bytes.withUnsafeBufferPointer { EVP_Digest($0.baseAddress, $0.count, &digest, &length, EVP_sha256(), nil) }
        return OpenSSL.hex(Array(digest.prefix(Int(length)))).lowercased()
    }

    private static func isExempt(_ name: String) -> Bool {
        name == fileName || unsignedFileNames.contains(name) || name.hasPrefix(".")
    }

    private static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("/") && name != "." && name != ".."
    }

    private static func entries(of dir: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        } catch {
            throw FlockError(.io, "cannot list '\(dir)': \(error.localizedDescription)")
        }
    }
}
