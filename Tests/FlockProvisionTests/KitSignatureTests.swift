import Foundation
import Testing
import FlockCore
import FlockTLS

@Suite("Kit signature")
struct KitSignatureTests {
    /// A small signed kit in a temp folder; returns (root folder, startup folder, CA).
    private func makeKit() throws -> (String, String, CertificateAuthority) {
        let root = try TestSupport.makeTempDirectory("kit")
        let startup = root + "/startup"
        try FileManager.default.createDirectory(atPath: startup, withIntermediateDirectories: true)
        let ca = try CertificateAuthority.create(commonName: "root")
        let (key, cert) = try ca.issueIdentity(commonName: "site-1", purpose: .client)
        try ca.certificate.write(toFile: startup + "/rootCA.pem")
        try cert.write(toFile: startup + "/client.crt")
        try key.write(toFile: startup + "/client.key")
        try TestSupport.write("{\"client\": 1}\n", to: startup + "/fed_client.json")
        try KitSignature.sign(startupDirectory: startup, with: ca)
        try LocalSettings(dataRoot: "/data").write(to: startup + "/local_settings.json")
        return (root, startup, ca)
    }

    private func tamperMessage(_ startup: String) -> String? {
        do {
            try KitSignature.verify(startupDirectory: startup)
            return nil
        } catch let error as FlockError {
            #expect(error.code == .tampered || error.code == .notFound)
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("an untouched kit verifies, and the manifest lines match sha256sum")
    func untouched() throws {
        let (root, startup, ca) = try makeKit()
        defer { TestSupport.remove(root) }
        let manifest = try KitSignature.verify(startupDirectory: startup)
        #expect(manifest.files.keys.sorted() == ["client.crt", "client.key", "fed_client.json", "rootCA.pem"])
        #expect(manifest.signer == ca.certificate.fingerprint)
        let sums = try TestSupport.run("sha256sum", ["client.crt", "client.key", "fed_client.json", "rootCA.pem"], in: startup).stdout
        let message = String(decoding: KitSignature.signedMessage(files: manifest.files), as: UTF8.self)
        #expect(message == KitSignature.format + "\n" + sums)
    }

    @Test("editing one byte of a signed file fails and names the file")
    func editedByte() throws {
        let (root, startup, _) = try makeKit()
        defer { TestSupport.remove(root) }
        let path = startup + "/fed_client.json"
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        bytes[3] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let message = try #require(tamperMessage(startup))
        #expect(message.contains("'startup/fed_client.json' was edited"))
        #expect(message.contains("re-provision"))
    }

    @Test("a missing signed file, an extra file, or a missing signature is named")
    func missingAndExtra() throws {
        let (root, startup, _) = try makeKit()
        defer { TestSupport.remove(root) }
        try TestSupport.write("echo hi\n", to: startup + "/extra.sh")
        #expect(tamperMessage(startup)?.contains("'startup/extra.sh' is not part of the signed kit") == true)
        try FileManager.default.removeItem(atPath: startup + "/extra.sh")

        try FileManager.default.moveItem(atPath: startup + "/client.crt", toPath: root + "/client.crt")
        #expect(tamperMessage(startup)?.contains("'startup/client.crt' is missing") == true)
        try FileManager.default.moveItem(atPath: root + "/client.crt", toPath: startup + "/client.crt")
        #expect(tamperMessage(startup) == nil)

        try FileManager.default.removeItem(atPath: startup + "/signature.json")
        #expect(tamperMessage(startup)?.contains("'startup/signature.json' is missing") == true)
    }

    @Test("local settings and hidden files may change freely")
    func unsignedFiles() throws {
        let (root, startup, _) = try makeKit()
        defer { TestSupport.remove(root) }
        try TestSupport.write("{\"data_root\": \"/elsewhere\", \"_note\": \"x\"}", to: startup + "/local_settings.json")
        try TestSupport.write("swap", to: startup + "/.fed_client.json.swp")
        #expect(tamperMessage(startup) == nil)
        #expect(try LocalSettings.load(startupDirectory: startup).dataRoot == "/elsewhere")
        try FileManager.default.removeItem(atPath: startup + "/local_settings.json")
        #expect(tamperMessage(startup) == nil)
        #expect(try LocalSettings.load(startupDirectory: startup) == LocalSettings())
    }

    @Test("a manifest re-hashed by hand, or a kit re-signed by another CA, fails the signature")
    func forgedManifest() throws {
        let (root, startup, _) = try makeKit()
        defer { TestSupport.remove(root) }
        try TestSupport.write("{\"client\": 2}\n", to: startup + "/fed_client.json")
        let path = startup + "/signature.json"
        var manifest = try JSONDecoder().decode(KitSignature.Manifest.self, from: FileManager.default.contents(atPath: path)!)
        manifest.files["fed_client.json"] = try KitSignature.sha256Hex(ofFile: startup + "/fed_client.json")
        try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: path))
        #expect(tamperMessage(startup)?.contains("'startup/signature.json' was edited or was not made with this kit's root CA") == true)

        // Signed by a stranger's CA while the kit keeps its rootCA.pem.
        let stranger = try CertificateAuthority.create(commonName: "root")
        try KitSignature.sign(startupDirectory: startup, with: stranger)
        #expect(tamperMessage(startup)?.contains("was not made with this kit's root CA") == true)
    }

    @Test("a startup folder that does not exist says how to unpack a kit")
    func noFolder() throws {
        let message = try #require(tamperMessage("/nonexistent/startup"))
        #expect(message.contains("does not exist"))
        #expect(message.contains("fl-provision unpack"))
    }
}
