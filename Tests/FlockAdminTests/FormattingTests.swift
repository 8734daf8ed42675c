@testable import FlockAdmin
import FlockProto
import FlockRPC
import Foundation
import Testing

@Suite("Replies in the seed's shapes")
struct FormattingTests {
    @Test("ends a command with Done [N usecs] and a microsecond timestamp")
    func doneLine() {
        let line = ReplyFormatter.done(usecs: 9325, at: Date(timeIntervalSince1970: 1_594_139_475.175153))
        #expect(line.range(of: #"^Done \[9325 usecs\] \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$"#, options: .regularExpression) != nil)
    }

    @Test("shows check_status server before a run number is set, as the seed does")
    func serverStatusNotSet() {
        var s = Fl_V1_ServerStatus()
        s.status = .notStarted
        s.registeredClients = [Fl_V1_RegisteredClient(clientName: "flclient1", instanceName: "flclient1", token: "53b6"),
                               Fl_V1_RegisteredClient(clientName: "flclient2", instanceName: "flclient2", token: "b376")]
        #expect(ReplyFormatter.lines(s) == [
            "FL run number has not been set.",
            "FL server status: training not started",
            "Registered clients: 2",
            "client name:flclient1 instance name:flclient1 token: 53b6",
            "client name:flclient2 instance name:flclient2 token: b376",
        ])
    }

    @Test("shows the round in progress as round N of M while training, for scripts that poll")
    func serverStatusRounds() {
        var s = Fl_V1_ServerStatus()
        s.runNumberSet = true
        s.runNumber = 123
        s.status = .started
        s.numRounds = 3
        s.currentRound = 1
        s.minNumClients = 2
        s.maxNumClients = 10
        let lines = ReplyFormatter.lines(s)
        #expect(lines[0] == "FL run number: 123")
        #expect(lines[1] == "FL server status: training started")
        #expect(lines[2] == "Round 2 of 3 (start round 0, current round 1, min clients 2, max clients 10)")
        s.status = .finished
        s.currentRound = 3
        #expect(ReplyFormatter.lines(s)[2].hasPrefix("Round 3 of 3"))
    }

    @Test("shows check_status client one instance a line")
    func clientStatus() {
        let c = Fl_V1_ClientStatus(instanceName: "flclient1", clientName: "flclient1", token: "53b6", status: .notStarted, ok: true)
        #expect(ReplyFormatter.lines([c]) == ["instance:flclient1 : client name: flclient1 token: 53b6 status: training not started"])
    }

    @Test("prints the server's answer bare and each client's as instance:NAME : MESSAGE")
    func commandReplies() {
        #expect(ReplyFormatter.lines(Fl_V1_CommandReply(message: "mmar_server has been deployed.")) == ["mmar_server has been deployed."])
        let r = Fl_V1_CommandReply(replies: [Fl_V1_TargetReply(target: "flclient1", ok: true, message: "MMAR deployed."),
                                             Fl_V1_TargetReply(target: "flclient2", ok: true, message: "MMAR deployed.")])
        #expect(ReplyFormatter.lines(r) == ["instance:flclient1 : MMAR deployed.", "instance:flclient2 : MMAR deployed."])
    }

    @Test("prints errors as Error: ..., and a refusal as Error: Authorization Error: ...")
    func errors() {
        #expect(ReplyFormatter.error(RPCError(.permissionDenied, "Authorization Error: a@b does not have the deploy right on the server"))
                == "Error: Authorization Error: a@b does not have the deploy right on the server")
        #expect(ReplyFormatter.error(RPCError(.failedPrecondition, "the run number has not been set; use set_run_number first"))
                == "Error: the run number has not been set; use set_run_number first")
        #expect(ReplyFormatter.error(RPCError(.unavailable, "connection refused")).hasPrefix("Error: cannot reach the FL server"))
    }

    @Test("shows cross-site validation as a table of models by data sites")
    func validationTable() {
        func entry(_ s: String, _ t: String, _ v: Double) -> Fl_V1_ValidationEntry {
            Fl_V1_ValidationEntry(source: s, target: t, metrics: [Fl_V1_Metric(name: "mean_dice", value: v)])
        }
        let reply = Fl_V1_ValidateReply(runNumber: 1, entries: [entry("site-1", "site-1", 0.9), entry("server", "site-2", 0.85),
                                                                 entry("server", "site-1", 0.875), entry("site-1", "site-2", 0.8)])
        #expect(ReplyFormatter.lines(reply) == [
            "Cross-site validation of run 1: mean_dice (rows: model, columns: data site)",
            "model \\ site     site-1  site-2",
            "server (global)  0.8750  0.8500",
            "site-1           0.9000  0.8000",
        ])
        #expect(ReplyFormatter.lines(Fl_V1_ValidateReply(runNumber: 2)) == ["No cross-site validation results in run 2 yet."])
    }

    @Test("renders JSON with escaped strings and keys in order")
    func json() {
        let v = JSONValue.object([("command", .string("cat server \"a\"\n")), ("ok", .bool(true)), ("n", .int(3)), ("x", .null)])
        #expect(v.rendered == #"{"command":"cat server \"a\"\n","ok":true,"n":3,"x":null}"#)
    }
}

@Suite("Upload progress bar")
struct ProgressBarTests {
    @Test("draws a bar in place for large folders, once per percent, and ends the line at 100%")
    func largeFolder() {
        let bar = ProgressBar(width: 10)
        let total: UInt64 = 4 << 20
        #expect(bar.update(total / 2, total) == "\rUploading [#####.....]  50%  2.0 of 4.0 MiB")
        #expect(bar.update(total / 2 + 1, total) == nil)
        #expect(bar.update(total, total) == "\rUploading [##########] 100%  4.0 of 4.0 MiB\n")
    }

    @Test("stays quiet for small folders")
    func smallFolder() {
        #expect(ProgressBar().update(10, 1000) == nil)
    }
}
