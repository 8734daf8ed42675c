import FlockCore
import Foundation
import Testing

/// The bounded load test in small (`make bench-load` runs it with 1,000 clients): the real
/// `flock-load` drives a real fl-server with 100 simulated clients, each with its own mTLS
/// connection and certificate, for 10 s of register / admin stream / heartbeat / GetTask /
/// SubmitUpdate, and every call must succeed and reach the right client.
@Suite("Load: 100 simulated clients against one fl-server")
struct LoadTests {
    /// Runs flock-load to its end without blocking a Swift-concurrency thread (a blocking
    /// waitpid would hold one of the few cooperative threads for the whole run and stall every
    /// other test of the process); returns its exit status and output.
    func flockLoad(_ args: [String], timeout: Double) async throws -> (status: Int32, output: String) {
        let log = NSTemporaryDirectory() + "flock-load-test-\(UUID().uuidString.prefix(8)).log"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let pid = try ChildProcess.spawn(Federation.binaries + "/flock-load", args + ["--bin", Federation.binaries], stdout: log)
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline { kill(pid, SIGKILL); _ = ChildProcess.wait(pid); throw FlockError(.unavailable, "flock-load ran past \(timeout) s") }
            try await Task.sleep(for: .milliseconds(200))
        }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// The fl-server is started with a soft open-file limit (64) below the number of clients:
    /// it has to raise the limit itself (to the hard limit) to accept them all.
    @Test("100 clients for 10 s: no dropped or misrouted call, rounds with every client, a server started with ulimit -n 64")
    func hundredClients() async throws {
        let out = NSTemporaryDirectory() + "flock-load-test-\(UUID().uuidString.prefix(8)).json"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let exe = Federation.binaries + "/flock-load"
        try #require(FileManager.default.isExecutableFile(atPath: exe), "flock-load is not built in \(Federation.binaries)")
        try #require(OpenFileLimit.current.hard > 256, "the hard open-file limit is too low for this test")
        let run = try await flockLoad(["--clients", "100", "--duration", "10", "--train-ms", "500", "--ramp", "1",
                                       "--server-nofile", "64", "--timeout", "90", "--out", out], timeout: 120)
        let data = try #require(FileManager.default.contents(atPath: out), "flock-load wrote no result: \(run.output)")
        let r = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(run.status == 0, "\(run.output)")
        #expect(r["error"] == nil, "\(r["error"] ?? "")")
        #expect(r["registered"] as? Int == 100)
        #expect(r["dropped_total"] as? Int == 0, "\(r["dropped"] ?? "") \(r["examples"] ?? "")")
        #expect(r["misrouted_total"] as? Int == 0, "\(r["misrouted"] ?? "") \(r["examples"] ?? "")")
        #expect(r["check_status_replies_ok"] as? Int == 100)
        #expect(r["server_token_mismatches"] as? Int == 0)
        #expect(r["deploy_clients_ok"] as? Int == 100)
        #expect((r["rounds_completed"] as? Int ?? 0) >= 1)
        #expect((r["rounds_completed_before_stop"] as? Int ?? 0) >= 1)
        #expect(r["round_participants_min"] as? Int == 100, "every round closed while all clients were active had all of them")
        let calls = r["calls"] as? [String: [String: Any]] ?? [:]
        for kind in ["register", "heartbeat", "download_app", "get_task_train", "submit_update", "reply_admin_request", "quit"] {
            #expect((calls[kind]?["ok"] as? Int ?? 0) > 0, "no successful \(kind) call")
        }
        #expect(calls["register"]?["ok"] as? Int == 100)
        #expect(calls["quit"]?["ok"] as? Int == 100)
        // The server held ~100 connections although it was started with a limit of 64 descriptors.
        #expect((r["server_open_files"] as? Int ?? 0) > 100)
        #expect(r["ok"] as? Bool == true)
    }

    /// A server whose hard limit is too low runs out of descriptors: it refuses the connections
    /// beyond it, but the clients it did accept registered while no descriptor was left, and each
    /// must still get its own token (Foundation's UUID() reads /dev/urandom and returned the same
    /// all-zero UUID to every one of them).
    @Test("a server out of file descriptors refuses the extra clients but never gives two clients the same token")
    func descriptorExhaustion() async throws {
        let out = NSTemporaryDirectory() + "flock-load-drill-\(UUID().uuidString.prefix(8)).json"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let exe = Federation.binaries + "/flock-load"
        try #require(FileManager.default.isExecutableFile(atPath: exe), "flock-load is not built in \(Federation.binaries)")
        let run = try await flockLoad(["--clients", "100", "--duration", "5", "--ramp", "0.01", "--server-nofile", "64",
                                       "--server-nofile-hard", "--connect-timeout", "5", "--timeout", "60", "--out", out], timeout: 90)
        let data = try #require(FileManager.default.contents(atPath: out), "flock-load wrote no result: \(run.output)")
        let r = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let registered = r["registered"] as? Int ?? 0
        #expect(run.status != 0, "the server cannot hold 100 clients with 64 descriptors")
        #expect(registered > 10 && registered < 100, "\(run.output)")
        #expect(r["distinct_tokens"] as? Int == registered)
        #expect(r["misrouted_total"] as? Int == 0, "\(r["misrouted"] ?? "") \(r["examples"] ?? "")")
    }
}
