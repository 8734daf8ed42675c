@testable import FlockRPC
import FlockTLS
import Foundation
import Testing

/// A server name can resolve to several addresses (a host with two interfaces, IPv4 and IPv6):
/// the channel tries them in turn instead of failing on the first unreachable one.
@Suite("RPCChannel: every address of the host name")
struct AddressFallbackTests {
    /// A loopback port nothing listens on.
    func closedPort() throws -> Int {
        let (fd, port) = try Sockets.listen(host: "127.0.0.1", port: 0)
        close(fd)
        return port
    }

    func addresses(_ ports: [Int]) throws -> [Sockets.Address] {
        try ports.flatMap { try Sockets.resolve(host: "127.0.0.1", port: $0) }
    }

    @Test("an unreachable first address falls back to the next one")
    func fallsBack() async throws {
        let h = try Harness.start()
        defer { h.server.stop() }
        let dead = try closedPort()
        let channel = try RPCChannel(configuration: .init(host: "flock-server.test", port: h.server.port,
                                                          tls: TestPKI.client(serverName: "localhost")))
        let resolved = try addresses([dead, h.server.port])
        channel.resolver = { _, _ in resolved }
        let reply: Bytes = try await RPCClient(transport: channel).unary(EchoService.unary, request: Bytes("hello"))
        #expect(reply.string == "hello")
    }

    @Test("when every address fails, the error names each one and why")
    func allFail() async throws {
        let (a, b) = (try closedPort(), try closedPort())
        let channel = try RPCChannel(configuration: .init(host: "flock-server.test", port: a, tls: TestPKI.client(serverName: "localhost")))
        let resolved = try addresses([a, b])
        channel.resolver = { _, _ in resolved }
        let e = await rpcError { let _: Bytes = try await RPCClient(transport: channel).unary(EchoService.unary, request: Bytes("x")) }
        #expect(e?.code == .unavailable)
        let message = e?.message ?? ""
        #expect(message.contains("failed on each of its 2 addresses"), "\(message)")
        #expect(message.contains("127.0.0.1:\(a):") && message.contains("127.0.0.1:\(b):"), "\(message)")
        #expect(message.contains("refused"), "\(message)")
    }
}
