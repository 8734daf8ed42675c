import FlockRPC
import FlockTLS
import Foundation
import Testing

/// What the server accepts from a TLS client, checked with the `openssl s_client` CLI (a client
/// that can offer what FlockRPC's own client never would): TLS 1.2 minimum, TLS 1.3 preferred,
/// ECDHE with AEAD ciphers only, no renegotiation. Each client presents a valid certificate, so a
/// refusal is about the protocol, not the identity.
@Suite("HTTP/2 transport: TLS posture")
struct TLSPostureTests {
    /// Runs `openssl s_client` against `port` with stdin closed (it quits after the handshake);
    /// returns its exit status and output. Bounded by `timeout 15`.
    func sClient(_ port: Int, _ extra: [String]) throws -> (status: Int32, output: String) {
        let d = TestPKI.directory
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        p.arguments = ["15", "openssl", "s_client", "-connect", "127.0.0.1:\(port)", "-alpn", "h2",
                       "-cert", "\(d)/client.pem", "-key", "\(d)/client.key", "-CAfile", "\(d)/ca.pem"] + extra
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The server's handshake log line (polled: the tests are synchronous because they wait for a
    /// child process), at most 5 s.
    func handshakeLine(_ log: CapturedLog) -> String? {
        for _ in 0..<100 {
            if let l = log.all.first(where: { $0.contains("TLS handshake") }) { return l }
            usleep(50_000)
        }
        return nil
    }

    @Test("negotiates TLS 1.3 by default, and an ECDHE AEAD suite when the client caps at TLS 1.2")
    func accepted() throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let v13 = try sClient(h.server.port, ["-brief"])
        #expect(v13.status == 0, "\(v13.output)")
        #expect(v13.output.contains("Protocol version: TLSv1.3"), "\(v13.output)")
        let v12 = try sClient(h.server.port, ["-brief", "-tls1_2"])
        #expect(v12.status == 0, "\(v12.output)")
        #expect(v12.output.contains("Protocol version: TLSv1.2"), "\(v12.output)")
        let suite = v12.output.split(separator: "\n").first { $0.hasPrefix("Ciphersuite: ") } ?? ""
        #expect(suite.hasPrefix("Ciphersuite: ECDHE-") && (suite.contains("-GCM-") || suite.contains("CHACHA20-POLY1305")), "\(v12.output)")
    }

    @Test("refuses a TLS 1.1 client")
    func tls11Refused() throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let r = try sClient(h.server.port, ["-brief", "-tls1_1", "-cipher", "ALL:@SECLEVEL=0"])
        #expect(r.status != 0, "\(r.output)")
        #expect(!r.output.contains("Protocol version: TLSv1.1"), "\(r.output)")
        let line = handshakeLine(h.log)
        #expect(line?.contains("unsupported protocol") == true, "server logged: \(line ?? "-")")
    }

    @Test("refuses TLS 1.2 ciphers without AEAD or forward secrecy", arguments: ["AES128-SHA", "ECDHE-ECDSA-AES128-SHA", "AES128-GCM-SHA256"])
    func nonAEADRefused(cipher: String) throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let r = try sClient(h.server.port, ["-brief", "-tls1_2", "-cipher", cipher])
        #expect(r.status != 0, "\(r.output)")
        #expect(!r.output.contains("Ciphersuite: \(cipher)"), "\(r.output)")
        let line = handshakeLine(h.log)
        #expect(line?.contains("no shared cipher") == true, "server logged: \(line ?? "-")")
    }

    @Test("server and client contexts forbid renegotiation and compression")
    func noRenegotiationNoCompression() throws {
        #expect(try TLSContext(role: .server, configuration: TestPKI.server()).forbidsRenegotiationAndCompression)
        #expect(try TLSContext(role: .client, configuration: TestPKI.client()).forbidsRenegotiationAndCompression)
    }

    @Test("printing a configuration never prints the private key")
    func keyNotPrinted() {
        let tls = TestPKI.server()
        let key = tls.privateKeyPEM!.split(separator: "\n")[1]
        for text in ["\(tls)", String(reflecting: tls), "\(RPCServer.Configuration(host: "h", port: 1, tls: tls))"] {
            #expect(!text.contains(key), "\(text)")
            #expect(!text.contains("PRIVATE KEY"), "\(text)")
        }
        #expect("\(tls)".contains("privateKey: <redacted>"))
    }
}
