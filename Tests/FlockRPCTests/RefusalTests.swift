import FlockRPC
import FlockTLS
import Foundation
import Testing

@Suite("HTTP/2 transport: TLS refusals")
struct RefusalTests {
    /// Makes one call with `tls` and returns the client's error.
    func refusedCall(_ h: Harness, _ tls: TLSConfiguration, host: String = "127.0.0.1") async throws -> RPCError? {
        let client = try h.client(tls, host: host)
        return await rpcError { let _: Bytes = try await client.unary(EchoService.unary, request: Bytes("x")) }
    }

    @Test("rejects a client without a certificate")
    func noClientCertificate() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let e = try await refusedCall(h, TestPKI.client(nil))
        #expect(e?.code == .unavailable)
        #expect(e?.message.contains("certificate required") == true, "client saw: \(e?.message ?? "-")")
        let line = await h.log.waitFor("TLS handshake")
        #expect(line?.contains("peer did not return a certificate") == true, "server logged: \(line ?? "-")")
    }

    @Test("rejects a client whose certificate is signed by another CA")
    func otherCA() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let e = try await refusedCall(h, TestPKI.client("intruder"))
        #expect(e?.code == .unavailable)
        #expect(e?.message.contains("unknown ca") == true, "client saw: \(e?.message ?? "-")")
        let line = await h.log.waitFor("TLS handshake")
        #expect(line?.contains("certificate verify failed: unable to get local issuer certificate") == true, "server logged: \(line ?? "-")")
    }

    @Test("rejects a client with an expired certificate")
    func expiredClient() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let e = try await refusedCall(h, TestPKI.client("expired"))
        #expect(e?.code == .unavailable)
        #expect(e?.message.contains("certificate expired") == true, "client saw: \(e?.message ?? "-")")
        let line = await h.log.waitFor("TLS handshake")
        #expect(line?.contains("certificate verify failed: certificate has expired") == true, "server logged: \(line ?? "-")")
    }

    @Test("the client refuses a server certificate whose name does not match the dialed host")
    func serverNameMismatch() async throws {
        let h = try Harness.start(tls: TestPKI.server("wrongname"))
        defer { h.server.stop() }
        let e = try await refusedCall(h, TestPKI.client())
        #expect(e?.code == .unavailable)
        #expect(e?.message.contains("certificate verify failed: hostname mismatch") == true ||
                e?.message.contains("certificate verify failed: IP address mismatch") == true, "client saw: \(e?.message ?? "-")")
        let line = await h.log.waitFor("TLS handshake")
        #expect(line?.contains("alert") == true, "server logged: \(line ?? "-")")
    }

    @Test("the client checks DNS names too: localhost matches, another name does not")
    func serverNameByDNS() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let ok: Bytes = try await h.client(TestPKI.client(serverName: "localhost")).unary(EchoService.unary, request: Bytes("dns"))
        #expect(ok.string == "dns")
        let e = try await refusedCall(h, TestPKI.client(serverName: "flock.example"))
        #expect(e?.message.contains("hostname mismatch") == true, "client saw: \(e?.message ?? "-")")
    }

    @Test("the client refuses a server from another CA")
    func serverFromOtherCA() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let e = try await refusedCall(h, TestPKI.client(roots: "other-ca"))
        #expect(e?.message.contains("certificate verify failed: self-signed certificate in certificate chain") == true, "client saw: \(e?.message ?? "-")")
    }

    @Test("a mismatched key and certificate are refused with OpenSSL's reason")
    func keyMismatch() throws {
        var tls = TestPKI.server()
        tls.privateKeyPEM = TestPKI.pem("client.key")
        #expect(throws: TLSError.self) { _ = try TLSContext(role: .server, configuration: tls) }
        do { _ = try TLSContext(role: .server, configuration: tls) } catch {
            #expect("\(error)".contains("key values mismatch"), "\(error)")
        }
    }

    @Test("a refused connection is retried on the next call (reconnect)")
    func reconnect() async throws {
        let h = try Harness.start()
        let port = h.server.port
        let channel = try h.channel()
        let client = RPCClient(transport: channel)
        let a: Bytes = try await client.unary(EchoService.unary, request: Bytes("a"))
        #expect(a.string == "a")
        h.server.stop()
        let e = await rpcError { let _: Bytes = try await client.unary(EchoService.unary, request: Bytes("b")) }
        #expect(e?.code == .unavailable)
        // A new server on the same port: the channel connects again.
        let log = CapturedLog()
        let server2 = RPCServer(configuration: .init(host: "127.0.0.1", port: port, tls: TestPKI.server()),
                                services: [EchoService(observations: Observations())], logger: log.logger)
        try server2.start()
        defer { server2.stop() }
        let c: Bytes = try await client.unary(EchoService.unary, request: Bytes("c"))
        #expect(c.string == "c")
    }
}
