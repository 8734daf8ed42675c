import FlockCore
import FlockProto
import FlockRPC
import Foundation
import Testing

/// The server limits of project.yml (`max_num_clients`, `max_requests_per_second`,
/// `max_request_burst`, `max_message_length`, `max_upload_bytes`, `max_concurrent_streams`)
/// through real `fl-provision`, `fl-server` and `fl-client` processes.
@Suite("Server limits end to end", .serialized)
struct LimitsEndToEndTests {
    static let settings = [
        "max_num_clients": "1", "max_requests_per_second": "5", "max_request_burst": "10",
        "max_message_length": "4194304", "max_upload_bytes": "1048576", "max_concurrent_streams": "16",
    ]

    @Test("project.yml limits reach the server: one client too many, calls too fast and a message too large are refused with RESOURCE_EXHAUSTED naming the key")
    func refusals() async throws {
        let fed = try Federation(label: "limits", server: Self.settings)
        defer { fed.shutdownAll() }
        let kit = try FedServerConfig.load(path: fed.workspace("server") + "/startup/fed_server.json").server
        #expect(kit.maxNumClients == 1 && kit.maxRequestsPerSecond == 5 && kit.maxRequestBurst == 10)
        #expect(kit.maxMessageLength == 4 << 20 && kit.maxUploadBytes == 1 << 20 && kit.maxConcurrentStreams == 16)

        // max_num_clients: the second client is refused, and says why.
        try fed.start("server")
        let limits = try await fed.eventually("the server's limits line", timeout: 30) {
            fed.log("server").split(separator: "\n").first { $0.contains("Limits: ") }.map(String.init)
        }
        #expect(limits.contains("max_message_length 4194304 bytes, max_concurrent_streams 16 per connection, max_num_clients 1, max_upload_bytes 1048576, max_requests_per_second 5 per client or admin (bursts of 10)"), "\(limits)")
        try fed.start("site-1")
        try await fed.login()
        try await fed.waitForClients(["site-1"])
        try fed.start("site-2")
        let refusal = try await fed.eventually("site-2 to be refused", timeout: 30) { () -> String? in
            fed.log("site-2").split(separator: "\n").first { $0.contains("The server refused the registration") }.map(String.init)
        }
        #expect(refusal.contains("the server already has max_num_clients = 1 clients registered; site-2 was refused"), "\(refusal)")
        #expect(try await fed.serverStatus().registeredClients.map(\.clientName) == ["site-1"])

        // max_requests_per_second / max_request_burst: an admin polling far too fast.
        try await Task.sleep(for: .seconds(2.5)) // a full bucket to start from
        let admin = try fed.adminClient(), session = fed.session
        let began = Date()
        let outcomes = await withTaskGroup(of: RPCError?.self) { group in
            for _ in 0..<60 {
                group.addTask {
                    do {
                        _ = try await admin.checkStatus(Fl_V1_CheckStatusRequest(session: session, target: .server))
                        return nil
                    } catch let e as RPCError { return e } catch { return RPCError(.unknown, "\(error)") }
                }
            }
            var all: [RPCError?] = []
            for await o in group { all.append(o) }
            return all
        }
        let elapsed = Date().timeIntervalSince(began)
        let served = outcomes.filter { $0 == nil }.count
        let refused = outcomes.compactMap { $0 }
        // At most the burst (10) plus 5 per second of the time the calls took.
        #expect(served >= 10 && Double(served) <= 10 + 5 * elapsed + 1, "served \(served) of 60 in \(elapsed) s")
        #expect(refused.count >= 60 - Int(10 + 5 * elapsed + 1), "refused \(refused.count) of 60 in \(elapsed) s")
        #expect(refused.allSatisfy { $0.code == .resourceExhausted }, "\(refused.map(\.code))")
        let e = try #require(refused.first)
        #expect(e.code == .resourceExhausted)
        #expect(e.message.contains("too many requests from \(fed.admin)"), "\(e.message)")
        #expect(e.message.contains("max_requests_per_second = 5"), "\(e.message)")
        #expect(e.message.contains("raise max_requests_per_second in fed_server.json"), "\(e.message)")
        let logged = try await fed.eventually("the refusals in the server log", timeout: 10) {
            fed.log("server").split(separator: "\n").first { $0.contains("call(s) from \(fed.admin): more than max_requests_per_second = 5") }
        }
        #expect(logged.contains("Refused"))
        // The limit is per certificate: the client's heartbeats were not refused meanwhile, and
        // the admin is served again once it slows down.
        try await Task.sleep(for: .seconds(1))
        #expect(try await fed.serverStatus().registeredClients.map(\.clientName) == ["site-1"])
        #expect(!fed.log("site-1").contains("too many requests"))

        // max_message_length: a 5 MiB request (above 4 MiB) ends with RESOURCE_EXHAUSTED.
        let big = await rpcError { _ = try await admin.login(Fl_V1_LoginRequest(userName: String(repeating: "x", count: 5 << 20))) }
        #expect(big?.code == .resourceExhausted)
        #expect(big?.message.contains("received message larger than max (") == true && big?.message.contains(" vs. 4194304)") == true, "\(big?.message ?? "-")")
        // The server is still serving.
        #expect(try await fed.serverStatus().registeredClients.count == 1)
    }

    @Test("an upload over max_upload_bytes is refused with RESOURCE_EXHAUSTED and leaves the app stored before intact")
    func upload() async throws {
        let fed = try Federation(clients: ["site-1"], label: "limits-up", server: Self.settings)
        defer { fed.shutdownAll() }
        try fed.start("server")
        try await fed.login()
        let small = fed.root + "/small"
        try FileManager.default.copyItem(atPath: Federation.repository + "/examples/apps/segmentation_ct_phantom", toPath: small)
        try "first version\n".write(toFile: small + "/resources/version.txt", atomically: true, encoding: .utf8)
        _ = try await fed.upload("app1", from: small)
        let stored = fed.workspace("server") + "/transfer/app1"
        #expect(try String(contentsOfFile: stored + "/resources/version.txt", encoding: .utf8) == "first version\n")

        // A second version with a 2 MiB file: refused part-way (the header announced no size).
        let large = fed.root + "/large"
        try FileManager.default.copyItem(atPath: small, toPath: large)
        try "second version\n".write(toFile: large + "/resources/version.txt", atomically: true, encoding: .utf8)
        try Data(count: 2 << 20).write(to: URL(fileURLWithPath: large + "/resources/weights.bin"))
        let streamed = await rpcError { _ = try await fed.upload("app1", from: large) }
        #expect(streamed?.code == .resourceExhausted, "\(String(describing: streamed))")
        #expect(streamed?.message.contains("makes the transfer larger than the limit of 1048576 bytes; the server accepts at most max_upload_bytes; raise max_upload_bytes in fed_server.json") == true,
                "\(streamed?.message ?? "-")")

        // A header that announces the size is refused before any file is sent.
        let admin = try fed.adminClient(), s = fed.session
        let announced = await rpcError {
            _ = try await admin.uploadFolder { writer in
                try await writer.write(Fl_V1_UploadFolderChunk(header: Fl_V1_UploadFolderHeader(session: s, folder: "app1", totalBytes: 3 << 20)))
            }
        }
        #expect(announced?.code == .resourceExhausted)
        #expect(announced?.message.contains("app1 holds 3145728 bytes, more than the server's upload limit of 1048576 bytes (max_upload_bytes)") == true,
                "\(announced?.message ?? "-")")

        // The real admin shell: the same refusal, printed as an error.
        try FileManager.default.copyItem(atPath: large, toPath: fed.workspace(fed.admin) + "/transfer/app1")
        let shell = try fed.fl_admin("upload_folder app1\n", ["--user", fed.admin, "--yes"])
        #expect(shell.status != 0, "\(shell.output)")
        #expect(shell.output.contains("Error: app1 holds "), "\(shell.output)")
        #expect(shell.output.contains("more than the server's upload limit of 1048576 bytes (max_upload_bytes)"), "\(shell.output)")

        // The first version is still there, whole, and nothing was left behind.
        #expect(try String(contentsOfFile: stored + "/resources/version.txt", encoding: .utf8) == "first version\n")
        #expect(!FileManager.default.fileExists(atPath: stored + "/resources/weights.bin"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: fed.workspace("server") + "/transfer") == ["app1"])
        let audit = fed.auditLog
        #expect(audit.contains("command=upload_folder app1 | error: "), "\(audit)")
    }
}

/// Runs `body` and returns the RPCError it throws (nil when it does not throw one).
private func rpcError(_ body: () async throws -> Void) async -> RPCError? {
    do { try await body(); return nil } catch let e as RPCError { return e } catch { return RPCError(.unknown, "not an RPCError: \(error)") }
}
