import Foundation
import FlockCore
internal import COpenSSL

/// An owning wrapper over an OpenSSL `EVP_PKEY` holding a private key (and so its public half).
///
/// Contract used by provisioning, tests and the TLS transport:
/// - `PrivateKey.generate(.ecP256)` / `.generate(.rsa2048)` makes a fresh key;
/// - `PrivateKey(pemEncoded:)` / `PrivateKey(pemFile:)` read an unencrypted PEM key
///   (PKCS#8 `BEGIN PRIVATE KEY`, or the traditional `BEGIN EC/RSA PRIVATE KEY`);
/// - `pemEncoded()` writes PKCS#8 PEM; `write(toFile:)` writes it with mode 0600;
/// - `sign(_:)` signs bytes with SHA-256 (ECDSA, or RSA PKCS#1 v1.5), verified by
///   `Certificate.verify(signature:for:)` or `PrivateKey.verify(signature:for:)`.
///
/// The key is immutable after creation; OpenSSL 3 allows concurrent read-only use of an
/// `EVP_PKEY`, hence `@unchecked Sendable`.
public final class PrivateKey: @unchecked Sendable {
    /// Key algorithms Flock issues.
    public enum Algorithm: String, Sendable, CaseIterable, Codable {
        /// ECDSA over NIST P-256 (prime256v1): Flock's default; fast to generate.
        case ecP256 = "ec-p256"
        /// RSA with a 2048-bit modulus, for sites whose tooling insists on RSA.
        case rsa2048 = "rsa-2048"
    }

    /// The `EVP_PKEY *` this object owns (freed in `deinit`). Internal to FlockTLS: the TLS
    /// transport files use it to load the key into an `SSL_CTX`.
    let pointer: OpaquePointer

    /// Takes ownership of `pointer` (one reference of the `EVP_PKEY`); it is freed in `deinit`.
    init(takingOwnership pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit { EVP_PKEY_free(pointer) }

    /// Generates a new key with OpenSSL's CSPRNG.
    public static func generate(_ algorithm: Algorithm = .ecP256) throws -> PrivateKey {
        OpenSSL.clearErrors()
        let name = algorithm == .ecP256 ? "EC" : "RSA"
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, name, nil) else {
            throw OpenSSL.error("creating a \(algorithm.rawValue) key context")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_keygen_init(ctx) == 1 else { throw OpenSSL.error("EVP_PKEY_keygen_init") }
        switch algorithm {
        case .ecP256:
            guard EVP_PKEY_CTX_set_group_name(ctx, "P-256") == 1 else {
                throw OpenSSL.error("selecting curve P-256")
            }
        case .rsa2048:
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) == 1 else {
                throw OpenSSL.error("selecting 2048-bit RSA")
            }
        }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen(ctx, &key) == 1, let key else {
            throw OpenSSL.error("generating a \(algorithm.rawValue) key")
        }
        return PrivateKey(takingOwnership: key)
    }

    /// Reads an unencrypted PEM private key.
    public convenience init(pemEncoded pem: String) throws {
        OpenSSL.clearErrors()
        let key = try OpenSSL.withReadBIO(Array(pem.utf8)) { bio in
            PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        }
        guard let key else { throw OpenSSL.error("reading a PEM private key") }
        self.init(takingOwnership: key)
    }

    /// Reads an unencrypted PEM private key from a file; errors name the file.
    public convenience init(pemFile path: String) throws {
        let bytes = try OpenSSL.readFile(path, what: "private key")
        do {
            try self.init(pemEncoded: String(decoding: bytes, as: UTF8.self))
        } catch let error as FlockError {
            throw FlockError(.tls, "'\(path)' is not a PEM private key: \(error.message)")
        }
    }

    /// The algorithm of this key, or nil for a kind Flock does not issue.
    public var algorithm: Algorithm? {
        switch EVP_PKEY_get_base_id(pointer) {
        case EVP_PKEY_EC:
            return EVP_PKEY_get_bits(pointer) == 256 ? .ecP256 : nil
        case EVP_PKEY_RSA:
            return EVP_PKEY_get_bits(pointer) == 2048 ? .rsa2048 : nil
        default:
            return nil
        }
    }

    /// Size of the key in bits (256 for P-256, 2048 for RSA-2048).
    public var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }

    /// The private key as unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    public func pemEncoded() throws -> String {
        OpenSSL.clearErrors()
        let bytes = try OpenSSL.withMemoryBIO("writing a PEM private key") { bio in
            PEM_write_bio_PrivateKey(bio, pointer, nil, nil, 0, nil, nil)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The public half as PEM (`-----BEGIN PUBLIC KEY-----`).
    public func publicKeyPEM() throws -> String {
        OpenSSL.clearErrors()
        let bytes = try OpenSSL.withMemoryBIO("writing a PEM public key") { bio in
            PEM_write_bio_PUBKEY(bio, pointer)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes `pemEncoded()` to `path` atomically with mode 0600 (owner read/write only).
    public func write(toFile path: String) throws {
        try writeFileAtomically(Array(try pemEncoded().utf8), to: path, mode: 0o600)
    }

    /// Signs `data` with SHA-256 (ECDSA for EC keys, RSA PKCS#1 v1.5 for RSA keys) and returns
    /// the DER signature.
    public func sign(_ data: [UInt8]) throws -> [UInt8] {
        OpenSSL.clearErrors()
        guard let ctx = EVP_MD_CTX_new() else { throw OpenSSL.error("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, EVP_sha256(), nil, pointer) == 1 else {
            throw OpenSSL.error("starting a SHA-256 signature")
        }
        var length = 0
        let result: [UInt8] = try data.withUnsafeBufferPointer { input in
            guard EVP_DigestSign(ctx, nil, &length, input.baseAddress, input.count) == 1 else {
                throw OpenSSL.error("sizing a signature")
            }
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSign(ctx, &signature, &length, input.baseAddress, input.count) == 1 else {
                throw OpenSSL.error("signing")
            }
            return Array(signature.prefix(length))
        }
        return result
    }

    /// True when `signature` is a valid SHA-256 signature of `data` by this key.
    public func verify(signature: [UInt8], for data: [UInt8]) -> Bool {
        verifySignature(publicKey: pointer, signature: signature, data: data)
    }

    /// True when `certificate` carries this key's public half.
    public func matches(_ certificate: Certificate) -> Bool {
        X509_check_private_key(certificate.pointer, pointer) == 1 || { OpenSSL.clearErrors(); return false }()
    }
}

/// SHA-256 signature verification against any `EVP_PKEY` (a private key or a certificate's
/// public key). Returns false for a bad or malformed signature; never throws.
func verifySignature(publicKey: OpaquePointer, signature: [UInt8], data: [UInt8]) -> Bool {
    OpenSSL.clearErrors()
    guard let ctx = EVP_MD_CTX_new() else { return false }
    defer { EVP_MD_CTX_free(ctx); OpenSSL.clearErrors() }
    guard EVP_DigestVerifyInit(ctx, nil, EVP_sha256(), nil, publicKey) == 1 else { return false }
    return signature.withUnsafeBufferPointer { sig in
        data.withUnsafeBufferPointer { input in
            EVP_DigestVerify(ctx, sig.baseAddress, sig.count, input.baseAddress, input.count) == 1
        }
    }
}
