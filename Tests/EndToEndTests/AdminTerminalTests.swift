import FlockCore
import Foundation
import Testing

/// The interactive shell on a pseudo-terminal: the `User Name:` prompt, line editing with Tab
/// completion, history recall with ↑, and the history file.
@Suite("fl-admin on a terminal", .serialized)
struct AdminTerminalTests {
    /// Reads from `fd` until `done` holds for everything read so far, at most `timeout` seconds.
    static func read(_ fd: Int32, into text: inout String, timeout: Double, until done: (String) -> Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !done(text) && Date() < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 200) > 0 else { continue }
            let n = Foundation.read(fd, &buffer, buffer.count)
            if n <= 0 { return }
            text += String(decoding: buffer[..<n], as: UTF8.self)
        }
    }

    static func send(_ fd: Int32, _ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
    }

    @Test("asks the user name, completes commands and targets with Tab, recalls history with the up arrow")
    func interactive() async throws {
        let fed = try Federation(label: "admintty")
        defer { fed.shutdownByAdmin() }
        try fed.start("server")
        for c in fed.clients { try fed.start(c) }
        try await fed.login()
        try await fed.waitForClients()

        var master: Int32 = 0, slave: Int32 = 0
        #expect(openpty(&master, &slave, nil, nil, nil) == 0)
        defer { close(master) }
        let history = fed.root + "/history"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
        posix_spawn_file_actions_addclose(&actions, master)
        let script = fed.workspace(fed.admin) + "/startup/fl_admin.sh"
        let env = ProcessInfo.processInfo.environment.merging(["FLOCK_HOME": Federation.binaries, "FLOCK_ADMIN_HISTORY": history, "TERM": "dumb"]) { $1 }
        let argv = [strdup(script)] + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        #expect(posix_spawn(&pid, script, &actions, nil, argv, envp) == 0)
        close(slave)

        var text = ""
        Self.read(master, into: &text, timeout: 30) { $0.contains("User Name: ") }
        Self.send(master, fed.admin + "\r")
        Self.read(master, into: &text, timeout: 30) { $0.contains("> ") }
        Self.send(master, "che\tser\t\r")
        Self.read(master, into: &text, timeout: 30) { $0.components(separatedBy: "Done [").count == 2 }
        Self.send(master, "\u{1b}[A\r")
        Self.read(master, into: &text, timeout: 30) { $0.components(separatedBy: "Done [").count == 3 }
        Self.send(master, "bye\r")
        Self.read(master, into: &text, timeout: 30) { _ in false }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(10)
        while waitpid(pid, &status, WNOHANG) == 0 && Date() < deadline { usleep(100_000) }

        #expect(text.contains("Admin Server: localhost on port \(fed.adminPort)"))
        #expect(text.contains("check_status server "), "Tab completed the command and the target:\n\(text)")
        #expect(text.components(separatedBy: "FL server status: training not started").count == 3, "\(text)")
        #expect((status >> 8) & 0xff == 0, "exit status \(status):\n\(text)")
        let saved = (try? String(contentsOfFile: history, encoding: .utf8)) ?? ""
        #expect(saved == "check_status server\nbye\n", "history file: \(saved)")
    }
}
