import FlockCore
import FlockTLS
import Foundation
import Testing

@Suite("Start-time check of a kit's own certificate")
struct KitCertificateCheckTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "flockprov-certcheck-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    /// Writes rootCA.pem, client.crt and client.key issued with `validity` and returns their paths.
    func kit(_ validity: CertificateValidity, ca: CertificateAuthority? = nil) throws -> (cert: String, key: String, root: String) {
        let authority = try ca ?? CertificateAuthority.create(commonName: "Test Root CA")
        let (key, cert) = try authority.issueIdentity(commonName: "site-1", purpose: .client, validity: validity)
        try authority.certificate.write(toFile: dir + "/rootCA.pem")
        try cert.write(toFile: dir + "/client.crt")
        try key.write(toFile: dir + "/client.key")
        return (dir + "/client.crt", dir + "/client.key", dir + "/rootCA.pem")
    }

    @Test("a valid certificate passes, and one expiring soon passes with a warning")
    func validAndExpiring() throws {
        let k = try kit(.days(365))
        let ok = try KitCertificateCheck.check(certificate: k.cert, privateKey: k.key, rootCA: k.root)
        #expect(ok.commonName == "site-1" && ok.warning == nil)
        let soon = try kit(.days(10))
        let w = try KitCertificateCheck.check(certificate: soon.cert, privateKey: soon.key, rootCA: soon.root)
        #expect(w.warning?.contains("expires in 9 days") == true || w.warning?.contains("expires in 10 days") == true)
    }

    @Test("an expired certificate, a foreign root CA and a mismatched key are refused with the fix")
    func refusals() throws {
        let past = Date().addingTimeInterval(-10 * 86_400)
        let expired = try kit(CertificateValidity(notBefore: past, notAfter: past.addingTimeInterval(86_400)))
        #expect { try KitCertificateCheck.check(certificate: expired.cert, privateKey: expired.key, rootCA: expired.root) }
            throws: { "\($0)".contains("expired on") && "\($0)".contains("ask lead IT for a new kit") }

        let k = try kit(.days(365))
        try CertificateAuthority.create(commonName: "Other Root CA").certificate.write(toFile: dir + "/other.pem")
        #expect { try KitCertificateCheck.check(certificate: k.cert, privateKey: k.key, rootCA: dir + "/other.pem") }
            throws: { "\($0)".contains("is not signed by the kit's") }

        try PrivateKey.generate(.ecP256).write(toFile: dir + "/other.key")
        #expect { try KitCertificateCheck.check(certificate: k.cert, privateKey: dir + "/other.key", rootCA: k.root) }
            throws: { "\($0)".contains("does not belong to") }
    }
}
