import Foundation
import Testing
import FlockCore
@testable import FlockTLS

@Suite("Certificate issuance with FlockTLS")
struct CertificateIssuanceTests {
    @Test("a server certificate verifies against its root with openssl and carries CN, SANs and serverAuth")
    func serverCertificate() throws {
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(dir) }
        let ca = try CertificateAuthority.create(commonName: "demo-root", organization: "nvidia")
        let (key, cert) = try ca.issueIdentity(commonName: "localhost", organization: "nvidia", purpose: .server,
                                               subjectAltNames: Certificate.SubjectAltName.serverDefaults(host: "localhost"))
        try ca.certificate.write(toFile: dir + "/rootCA.pem")
        try cert.write(toFile: dir + "/server.crt")
        try key.write(toFile: dir + "/server.key")

        let verify = try TestSupport.run("openssl", ["verify", "-CAfile", dir + "/rootCA.pem", dir + "/server.crt"])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(cert.commonName == "localhost")
        #expect(cert.organization == "nvidia")
        #expect(cert.issuerCommonName == "demo-root")
        #expect(cert.subjectAltNames == [.dns("localhost"), .ip("127.0.0.1")])
        #expect(cert.extendedKeyUsages == [.serverAuth])
        #expect(!cert.isCertificateAuthority)
        #expect(ca.certificate.isCertificateAuthority)
        #expect(try TestSupport.mode(dir + "/server.key") == 0o600)

        // openssl agrees on the SANs, the serial and the fingerprint.
        let text = try TestSupport.run("openssl", ["x509", "-in", dir + "/server.crt", "-noout", "-text", "-serial", "-fingerprint", "-sha256"]).stdout
        #expect(text.contains("DNS:localhost, IP Address:127.0.0.1"))
        #expect(text.contains("TLS Web Server Authentication"))
        #expect(text.contains("serial=\(cert.serialNumber)"))
        #expect(text.contains("Fingerprint=\(cert.fingerprint)"))
        // The key openssl reads is the one in the certificate.
        let check = try TestSupport.run("openssl", ["x509", "-in", dir + "/server.crt", "-noout", "-pubkey"]).stdout
        #expect(check == (try key.publicKeyPEM()))
    }

    @Test("a client certificate has clientAuth, and PEM round trips keep identity")
    func clientCertificateRoundTrip() throws {
        let ca = try CertificateAuthority.create(commonName: "root")
        let (key, cert) = try ca.issueIdentity(commonName: "admin@example.org", purpose: .client)
        #expect(cert.extendedKeyUsages == [.clientAuth])
        #expect(cert.subjectAltNames.isEmpty)
        let cert2 = try Certificate(pemEncoded: try cert.pemEncoded())
        let key2 = try PrivateKey(pemEncoded: try key.pemEncoded())
        #expect(cert2 == cert)
        #expect(cert2.fingerprint == cert.fingerprint)
        #expect(key2.matches(cert))
        #expect(key2.algorithm == .ecP256)
        #expect(cert.isSigned(by: ca.certificate))
        #expect(cert.fingerprint.split(separator: ":").count == 32)
    }

    @Test("a certificate from another root is not signed by this one")
    func foreignRoot() throws {
        let ca = try CertificateAuthority.create(commonName: "root")
        let other = try CertificateAuthority.create(commonName: "root")  // same name, other key
        let (_, cert) = try other.issueIdentity(commonName: "site-1", purpose: .client)
        #expect(!cert.isSigned(by: ca.certificate))
        #expect(cert.isSigned(by: other.certificate))
    }

    @Test("explicit validity gives expired certificates that openssl rejects as expired")
    func expiredCertificate() throws {
        let dir = try TestSupport.makeTempDirectory()
        defer { TestSupport.remove(dir) }
        let ca = try CertificateAuthority.create(commonName: "root")
        let past = CertificateValidity(notBefore: Date(timeIntervalSinceNow: -10 * 86_400),
                                       notAfter: Date(timeIntervalSinceNow: -86_400))
        let (_, cert) = try ca.issueIdentity(commonName: "old", purpose: .client, validity: past)
        #expect(!cert.isValid())
        #expect(abs(cert.notAfter.timeIntervalSince(past.notAfter)) < 1)
        try ca.certificate.write(toFile: dir + "/ca.pem")
        try cert.write(toFile: dir + "/old.pem")
        let verify = try TestSupport.run("openssl", ["verify", "-CAfile", dir + "/ca.pem", dir + "/old.pem"])
        #expect(verify.status != 0)
        #expect(verify.output.contains("expired"))
    }

    @Test("days validity spans the requested days")
    func daysValidity() throws {
        let ca = try CertificateAuthority.create(commonName: "root", validity: .days(30))
        let days = ca.certificate.notAfter.timeIntervalSince(Date()) / 86_400
        #expect(days > 29.9 && days <= 30.01)
        #expect(ca.certificate.isValid())
    }

    @Test("RSA-2048 keys issue and verify too")
    func rsa() throws {
        let ca = try CertificateAuthority.create(commonName: "root", keyAlgorithm: .rsa2048)
        let (key, cert) = try ca.issueIdentity(commonName: "site-1", purpose: .client, keyAlgorithm: .rsa2048)
        #expect(key.algorithm == .rsa2048)
        #expect(cert.keyAlgorithm == .rsa2048)
        #expect(cert.isSigned(by: ca.certificate))
        let sig = try ca.privateKey.sign(Array("hello".utf8))
        #expect(ca.certificate.verify(signature: sig, for: Array("hello".utf8)))
    }

    @Test("signatures verify only for the signed bytes and the signing key")
    func signatures() throws {
        let ca = try CertificateAuthority.create(commonName: "root")
        let other = try PrivateKey.generate()
        let data = Array("kit manifest".utf8)
        let signature = try ca.privateKey.sign(data)
        #expect(ca.certificate.verify(signature: signature, for: data))
        #expect(!ca.certificate.verify(signature: signature, for: Array("kit manifesT".utf8)))
        #expect(!other.verify(signature: signature, for: data))
        #expect(!ca.certificate.verify(signature: [0x30, 0x00], for: data))
    }

    @Test("unreadable PEM fails with OpenSSL's reason")
    func badPEM() throws {
        #expect(throws: FlockError.self) { try Certificate(pemEncoded: "not a certificate") }
        do {
            _ = try PrivateKey(pemEncoded: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
            Issue.record("expected a failure")
        } catch let error as FlockError {
            #expect(error.code == .tls)
            #expect(error.message.contains("reading a PEM private key failed: error:"))
        }
        do {
            _ = try Certificate(pemFile: "/nonexistent/x.pem")
            Issue.record("expected a failure")
        } catch let error as FlockError {
            #expect(error.message.contains("/nonexistent/x.pem"))
        }
    }

    @Test("a CA refuses a key that is not its own")
    func mismatchedCA() throws {
        let ca = try CertificateAuthority.create(commonName: "root")
        #expect(throws: FlockError.self) {
            try CertificateAuthority(certificate: ca.certificate, privateKey: try PrivateKey.generate())
        }
        let (key, cert) = try ca.issueIdentity(commonName: "leaf", purpose: .client)
        #expect(throws: FlockError.self) { try CertificateAuthority(certificate: cert, privateKey: key) }
    }
}

@Suite("Secure random passwords")
struct SecureRandomTests {
    @Test("passwords have 16 letters or digits and differ")
    func passwords() throws {
        var seen = Set<String>()
        for _ in 0..<200 {
            let password = try SecureRandom.password()
            #expect(password.count == 16)
            #expect(password.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
            seen.insert(password)
        }
        #expect(seen.count == 200)
    }

    @Test("admin roles travel in the certificate's OU entries")
    func organizationalUnits() throws {
        let ca = try CertificateAuthority.create(commonName: "root")
        let (_, cert) = try ca.issueIdentity(commonName: "a@b.org", organization: "b", organizationalUnits: ["lead", "member"], purpose: .client)
        #expect(cert.organizationalUnits == ["lead", "member"])
        #expect(cert.subject == "O=b, OU=lead, OU=member, CN=a@b.org")
    }
}
