import FlockCore
import FlockProto
import Foundation
import Testing

/// The issue's acceptance run for the admin shell: the real `fl-admin`, started by the admin
/// kit's `fl_admin.sh` with commands on stdin (or `--script`), against a real server and two
/// clients from provisioned kits.
@Suite("fl-admin operating a real federation", .serialized)
struct AdminShellTests {
    /// Lines of a transcript.
    static func lines(_ o: Federation.Output) -> [String] { o.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    static func doneCount(_ o: Federation.Output) -> Int {
        lines(o).filter { $0.range(of: #"^Done \[\d+ usecs\] \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$"#, options: .regularExpression) != nil }.count
    }

    @Test("runs every command through fl_admin.sh and prints what the seed shows")
    func everyCommand() async throws {
        let fed = try Federation(label: "admin")
        defer { fed.shutdownAll() }
        try fed.start("server")
        for c in fed.clients { try fed.start(c) }
        try await fed.login()
        try await fed.waitForClients()
        let transfer = fed.workspace(fed.admin) + "/transfer"
        try FileManager.default.createDirectory(atPath: transfer, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try fed.makeApp(rounds: 2, epochs: 1, minClients: 2), toPath: transfer + "/phantom")
        try FileManager.default.copyItem(atPath: try fed.makeApp(rounds: 500, epochs: 1, minClients: 2), toPath: transfer + "/long")
        let server = fed.workspace("server")

        // 1. Login by prompt, status, run, upload, deploy, start: the seed's walkthrough.
        let first = try fed.fl_admin("""
        \(fed.admin)
        check_status server
        check_status client
        set_run_number 1
        upload_folder phantom
        deploy phantom server
        deploy phantom client
        start server
        start client site-1
        start_mgpu client 1 site-2
        bye
        """)
        let out1 = Self.lines(first)
        #expect(first.status == 0, "\(first.output)")
        for expected in [
            "Admin Server: localhost on port \(fed.adminPort)",
            "User Name: \(fed.admin)",
            "> check_status server",
            "FL run number has not been set.",
            "FL server status: training not started",
            "Registered clients: 2",
            "Create a new run folder: run_1",
            "Created folder \(server)/transfer/phantom",
            "mmar_server has been deployed.",
            "instance:site-1 : MMAR deployed.",
            "instance:site-2 : MMAR deployed.",
            "Server training is starting....",
            "instance:site-1 : Starting the client...",
            "instance:site-2 : Starting the client with 1 GPU...",
        ] {
            #expect(out1.contains(expected), "missing '\(expected)' in:\n\(first.output)")
        }
        for c in fed.clients {
            #expect(out1.contains { $0.hasPrefix("client name:\(c) instance name:\(c) token: ") })
            #expect(out1.contains { $0.hasPrefix("instance:\(c) : client name: \(c) token: ") && $0.hasSuffix("status: training not started") })
        }
        #expect(Self.doneCount(first) == 9, "\(first.output)")

        // 2. A polling script sees the rounds, then the run finishes.
        _ = try await fed.eventually("the run to finish", timeout: 240, every: 1) { () -> Bool? in
            try await fed.serverStatus().status == .finished ? true : nil
        }
        let scriptPath = fed.root + "/poll.txt"
        try "# a demo script polls this\ncheck_status server\n".write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let poll = try fed.fl_admin("", ["--script", scriptPath])
        #expect(poll.status == 0, "\(poll.output)")
        #expect(Self.lines(poll).contains("FL run number: 1"))
        #expect(Self.lines(poll).contains("FL server status: training finished"))
        #expect(Self.lines(poll).contains { $0.hasPrefix("Round 2 of 2 (") }, "\(poll.output)")

        // 3. Results, files, information, workspace inspection, typos, abort and the confirmations.
        let second = try fed.fl_admin("""
        validate all
        validate server site-1
        download_folder phantom
        sys_info server
        sys_info client site-1
        info
        lpwd
        set_timeout 20
        help
        ? deploy
        chek_status server
        ls server
        ls site-1 run_1
        tail server log.txt -n 3
        head site-1 startup/fed_client.json -n 2
        grep server "Total clients" log.txt
        cat site-2 startup/fed_client.json
        pwd server
        env site-1
        upload_folder long
        set_run_number 2
        deploy long server
        deploy long client
        start server
        start client
        abort client site-1
        abort server
        delete_run_number 1
        Y
        remove_client site-2
        Y
        restart client site-1
        y
        bye
        """, ["--user", fed.admin])
        let out2 = Self.lines(second)
        #expect(second.status == 1, "the typo makes the exit status 1:\n\(second.output)")
        for expected in [
            "Cross-site validation of run 1: mean_dice (rows: model, columns: data site)",
            "Downloaded folder phantom to \(transfer)/phantom",
            "Local Upload Source: \(transfer)",
            fed.workspace(fed.admin),
            "Timeout set to 20 seconds.",
            "Shell commands:", "Training commands:", "Workspace commands:",
            "Usage: deploy APP server|client [NAMES...]",
            "Error: unknown command 'chek_status'; did you mean check_status?",
            server,
            "Create a new run folder: run_2",
            "instance:site-1 : Aborting the client...",
            "Are you sure (Y/N): Y",
            "Client site-2 removed.",
            "Are you sure (Y/N): y",
            "instance:site-1 : Restarting the client...",
        ] {
            #expect(out2.contains(expected), "missing '\(expected)' in:\n\(second.output)")
        }
        #expect(out2.contains { $0.hasPrefix("model \\ site") && $0.contains("site-1") && $0.contains("site-2") })
        #expect(out2.contains { $0.hasPrefix("server (global)") })
        #expect(out2.contains { $0.hasPrefix("  cpus: ") })
        #expect(out2.contains("instance:site-1 :"))
        #expect(out2.contains { $0.contains("transfer") } && out2.contains { $0.contains("Total clients") })
        #expect(out2.contains { $0.contains("\"servers\"") || $0.contains("servers") })
        #expect(out2.contains { $0.hasPrefix("Server training is starting") })
        #expect(out2.contains { $0.lowercased().contains("abort") && !$0.hasPrefix(">") && !$0.hasPrefix("instance:") }, "abort server says what it did:\n\(second.output)")
        #expect(FileManager.default.fileExists(atPath: transfer + "/phantom/config/config_fed_server.json"))
        #expect(!FileManager.default.fileExists(atPath: server + "/run_1"), "delete_run_number 1 removed run_1")

        // 4. JSON output for automation, and an exit status that reports a failed command.
        let oldPid = fed.pid("site-1")
        _ = try await fed.eventually("site-1 to come back after restart", timeout: 60) { () -> Bool? in
            guard let p = fed.pid("site-1"), p != oldPid else { return nil }
            let r = try await fed.adminClient().checkStatus(Fl_V1_CheckStatusRequest(session: fed.session, target: .client, clientNames: ["site-1"]))
            return r.clients.first?.ok == true ? true : nil
        }
        let json = try fed.fl_admin("check_status server\ncheck_status client site-9\n", ["--user", fed.admin, "--output", "json"])
        #expect(json.status == 1, "\(json.output)")
        let objects = json.output.split(separator: "\n").filter { $0.hasPrefix("{") }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(objects.count == 2, "\(json.output)")
        #expect(objects.first?["ok"] as? Bool == true && objects.first?["command"] as? String == "check_status server")
        #expect(((objects.first?["data"] as? [String: Any])?["status"] as? String) != nil)
        #expect(objects.last?["ok"] as? Bool == false)
        #expect((objects.last?["error"] as? String)?.contains("site-9") == true)

        // 5. Shutdown, clients before the server, each confirmed.
        let last = try fed.fl_admin("shutdown client site-1\nY\nshutdown server\nY\n", ["--user", fed.admin])
        #expect(last.status == 0, "\(last.output)")
        #expect(Self.lines(last).contains("Are you sure (Y/N): Y"))
        #expect(Self.lines(last).contains("instance:site-1 : Shutdown the client..."), "\(last.output)")
        #expect(Self.lines(last).contains { $0.hasPrefix("Shutting down the server") })
        _ = try await fed.eventually("every process to exit", timeout: 30) { () -> Bool? in
            (["server"] + fed.clients).allSatisfy { fed.pid($0) == nil } ? true : nil
        }

        // Every command was audited with user, time, command line and outcome.
        let audit = fed.auditLog
        for line in ["command=set_run_number 1 | ok", "command=deploy phantom client | ok", "command=validate all | ok",
                     "command=shutdown client site-1 | ok", "command=check_status client site-9 | error: "] {
            #expect(audit.contains(line), "audit lacks '\(line)'")
        }
        #expect(audit.contains("user=\(fed.admin)"))
    }
}
