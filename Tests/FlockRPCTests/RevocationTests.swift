import FlockRPC
import FlockTLS
import Foundation
import Testing

/// Certificate revocation at the transport: a CRL signed by the root CA makes the server refuse
/// the certificates it lists at the handshake, naming them in its log; a new list takes effect
/// without a restart and closes the revoked peers' open connections.
@Suite("HTTP/2 transport: certificate revocation")
struct RevocationTests {
    static let authority = try! CertificateAuthority(certificateFile: TestPKI.directory + "/ca.pem",
                                                     privateKeyFile: TestPKI.directory + "/ca.key")

    /// A CRL from the test root CA revoking the given test certificates ("client", "admin").
    static func crl(revoking names: [String], by authority: CertificateAuthority = authority) throws -> String {
        let entries = try names.map { CertificateRevocationList.Entry(serial: try serial($0), revokedAt: Date()) }
        return try authority.makeRevocationList(revoking: entries).pemEncoded()
    }

    static func serial(_ name: String) throws -> String {
        try Certificate(pemFile: TestPKI.directory + "/\(name).pem").serialNumber
    }

    static func serverTLS(crl: String?) -> TLSConfiguration {
        var tls = TestPKI.server()
        tls.revocationListPEM = crl
        return tls
    }

    func call(_ h: Harness, _ who: String) async -> RPCError? {
        await rpcError {
            let reply: Bytes = try await h.client(TestPKI.client(who)).unary(EchoService.whoAmI, request: Bytes("x"))
            #expect(!reply.string.isEmpty)
        }
    }

    @Test("a CRL made by the CA lists the revoked serials and verifies against the root only")
    func crlContents() throws {
        let pem = try Self.crl(revoking: ["client", "admin"])
        let list = try CertificateRevocationList(pemEncoded: pem)
        #expect(list.revokedSerials == [try Self.serial("client"), try Self.serial("admin")])
        #expect(list.isSigned(by: Self.authority.certificate))
        #expect(!list.isSigned(by: try Certificate(pemFile: TestPKI.directory + "/other-ca.pem")))
    }

    @Test("refuses a revoked client at the handshake and logs its CN, serial and 'revoked'; others still get in")
    func revokedClient() async throws {
        let h = try Harness.start(tls: Self.serverTLS(crl: try Self.crl(revoking: ["client"])))
        defer { h.server.stop() }
        let e = await call(h, "client")
        #expect(e?.code == .unavailable)
        #expect(e?.message.contains("certificate revoked") == true, "client saw: \(e?.message ?? "-")")
        let line = await h.log.waitFor("TLS handshake")
        let serial = try Self.serial("client")
        #expect(line?.contains("certificate CN=site-1 serial=\(serial): certificate revoked") == true, "server logged: \(line ?? "-")")
        #expect(await call(h, "admin") == nil)
    }

    @Test("refuses a revoked admin certificate at the handshake")
    func revokedAdmin() async throws {
        let h = try Harness.start(tls: Self.serverTLS(crl: try Self.crl(revoking: ["admin"])))
        defer { h.server.stop() }
        let e = await call(h, "admin")
        #expect(e?.code == .unavailable)
        let line = await h.log.waitFor("TLS handshake")
        #expect(line?.contains("certificate CN=admin@flock.test serial=\(try Self.serial("admin")): certificate revoked") == true,
                "server logged: \(line ?? "-")")
        #expect(await call(h, "client") == nil)
    }

    @Test("a new CRL loaded into a running server refuses new connections and closes the revoked peer's open one")
    func liveReload() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let channel = try h.channel(TestPKI.client("client"))
        let open = RPCClient(transport: channel)
        let before: Bytes = try await open.unary(EchoService.whoAmI, request: Bytes("x"))
        #expect(before.string == "site-1")
        let admin = RPCClient(transport: try h.channel(TestPKI.client("admin")))
        let _: Bytes = try await admin.unary(EchoService.whoAmI, request: Bytes("x"))
        #expect(h.server.connectionCount == 2)

        let closed = try h.server.updateRevocationList(try Self.crl(revoking: ["client"]))
        #expect(closed == 1)
        let line = await h.log.waitFor("closing the connection")
        #expect(line?.contains("CN=site-1 serial=\(try Self.serial("client")): certificate revoked") == true, "server logged: \(line ?? "-")")
        // A fresh connection is refused at the handshake.
        let e = await call(h, "client")
        #expect(e?.message.contains("certificate revoked") == true, "client saw: \(e?.message ?? "-")")
        // The admin's open connection and new ones are unaffected.
        let still: Bytes = try await admin.unary(EchoService.whoAmI, request: Bytes("y"))
        #expect(still.string == "admin@flock.test")
        #expect(await call(h, "admin") == nil)
        channel.close()
    }

    @Test("a CRL not signed by the root CA is refused, and the list in force stays")
    func foreignCRL() async throws {
        let h = try Harness.start(tls: Self.serverTLS(crl: try Self.crl(revoking: ["admin"])))
        defer { h.server.stop() }
        let other = try CertificateAuthority(certificateFile: TestPKI.directory + "/other-ca.pem",
                                             privateKeyFile: TestPKI.directory + "/other-ca.key")
        let foreign = try Self.crl(revoking: ["client"], by: other)
        #expect {
            try h.server.updateRevocationList(foreign)
        } throws: { error in
            "\(error)".contains("not signed by the root CA")
        }
        #expect(await call(h, "client") == nil)
        #expect(await call(h, "admin")?.message.contains("certificate revoked") == true)
        // A server cannot start with it either.
        #expect(throws: TLSError.self) { try TLSContext(role: .server, configuration: Self.serverTLS(crl: foreign)) }
    }
}

@Suite("Private key file permissions")
struct KeyFilePermissionTests {
    @Test("a key readable by group or others is refused with the chmod fix; 0600 and 0400 pass")
    func permissions() throws {
        let dir = NSTemporaryDirectory() + "flock-keyperm-\(getpid())-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/client.key"
        try TestPKI.pem("client.key").write(toFile: path, atomically: false, encoding: .utf8)
        for mode in [0o644, 0o640, 0o604, 0o660] as [mode_t] {
            chmod(path, mode)
            #expect {
                try KeyFilePermissions.check(path)
            } throws: { error in
                let text = "\(error)"
                return text.contains("private key \(path) is accessible by group or others (mode 0\(String(mode, radix: 8)))")
                    && text.contains("Fix: chmod 600 \(path)")
            }
        }
        for mode in [0o600, 0o400] as [mode_t] {
            chmod(path, mode)
            try KeyFilePermissions.check(path)
        }
    }
}
