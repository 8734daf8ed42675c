import ArgumentParser
import FlockAdmin
import FlockCore
import Foundation

/// `fl-admin`: the admin shell. Thin: options, login, then FlockAdmin's `AdminShell`.
@main
struct FLAdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fl-admin",
        abstract: "The Flock admin shell: operate a federation from an admin kit.",
        discussion: """
        Started by the admin kit's startup/fl_admin.sh, which passes --startup, --host and --port.
        It connects with the kit's certificate, asks for the user name (the email the kit was issued
        to) and reads commands: from the terminal with line editing, history (~/.flock_admin_history)
        and Tab completion; from stdin when it is not a terminal; or from --script FILE.
        Type ? in the shell for the commands.
        Exit codes: 0 every command succeeded, 1 a command failed, 2 the login failed or the server
        could not be reached, 64 bad options.
        """)

    @Option(name: .long, help: "The admin kit's startup folder (client.crt, client.key, rootCA.pem); the workspace is its parent.")
    var startup: String

    @Option(name: .long, help: "The FL server's host name (the name in its certificate).")
    var host: String

    @Option(name: .long, help: "The server's admin port.")
    var port: Int

    @Option(name: .long, help: "Log in as this user (the kit's email) without asking.")
    var user: String?

    @Option(name: .long, help: "Run the commands in FILE (one a line, # comments) instead of reading stdin.")
    var script: String?

    @Option(name: .long, help: "Output: text (the seed's shapes) or json (one JSON object a command).")
    var output: String = "text"

    @Flag(name: .long, help: "Answer 'Are you sure (Y/N):' with Y (for scripts).")
    var yes = false

    @Option(name: .long, help: "Seconds each command waits for the server and clients (set_timeout changes it).")
    var timeout: Double = 30

    @Option(name: .long, help: "Connect to this address instead of --host (the certificate is still checked against --host).")
    var connect: String?

    func validate() throws {
        guard FileManager.default.fileExists(atPath: startup + "/client.crt") else {
            throw ValidationError("--startup \(startup) has no client.crt; give the admin kit's startup/ folder (fl_admin.sh does)")
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port \(port) is not a port number (1-65535)") }
        guard AdminShell.OutputFormat(rawValue: output) != nil else { throw ValidationError("--output must be text or json, not \(output)") }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
        if let script, !FileManager.default.isReadableFile(atPath: script) {
            throw ValidationError("--script \(script) cannot be read")
        }
    }

    func run() async throws {
        setvbuf(stdout, nil, _IOLBF, 0)
        // A closed connection must fail its call, not kill the shell (see FlockRPC's Sockets).
        signal(SIGPIPE, SIG_IGN)
        let format = AdminShell.OutputFormat(rawValue: output)!
        let say: (String) -> Void = format == .text ? { Swift.print($0) } : { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        let terminal = script == nil && TerminalLineEditor.stdinIsTerminal
        say("Admin Server: \(host) on port \(port)")

        let context: AdminContext
        do {
            context = try AdminContext.connect(startup: startup, host: connect ?? host, port: port, serverHostName: host,
                                               timeout: .milliseconds(Int64(timeout * 1000)))
        } catch {
            say(ReplyFormatter.error(error))
            throw ExitCode(2)
        }
        defer { context.close() }

        // Commands come from the script, the terminal, or stdin; the user name from --user, the
        // terminal, stdin's first line, or (a script without a terminal) the certificate's CN.
        let stdinSource = PlainLineSource(handle: .standardInput)
        var loggedIn = false
        for attempt in 1...(terminal ? 3 : 1) {
            var name = user
            if name == nil {
                if isatty(0) == 1 {
                    Swift.print("User Name: ", terminator: "")
                    fflush(stdout)
                    name = Swift.readLine()
                } else if script != nil {
                    name = AdminContext.certificateName(startup: startup)
                    if let name { say("User Name: \(name)") }
                } else {
                    name = stdinSource.readLine(prompt: "")
                    if let name { say("User Name: \(name)") }
                }
            } else {
                say("User Name: \(name!)")
            }
            guard let userName = name?.trimmingCharacters(in: .whitespaces), !userName.isEmpty else {
                say("Error: no user name given")
                throw ExitCode(2)
            }
            do {
                let reply = try await context.login(userName)
                say("Logged in as \(userName) (role: \(reply.role), project: \(reply.project)). Type ? to list commands; type \"? COMMAND\" for its usage.")
                loggedIn = true
                break
            } catch {
                say(ReplyFormatter.error(error))
                if format == .json {
                    let message = String(ReplyFormatter.error(error).dropFirst("Error: ".count))
                    Swift.print(JSONValue.object([("command", .string("login \(userName)")), ("ok", .bool(false)), ("error", .string(message))]).rendered)
                }
                if attempt == 3 || !terminal || user != nil { break }
            }
        }
        guard loggedIn else { throw ExitCode(2) }

        let source: LineSource
        if let script {
            source = try PlainLineSource(path: script)
        } else if terminal {
            let historyPath = ProcessInfo.processInfo.environment["FLOCK_ADMIN_HISTORY"]
                ?? (NSHomeDirectory() + "/.flock_admin_history")
            let editor = TerminalLineEditor(history: History(path: historyPath), complete: { _ in [] })
            editor.complete = { line in
                Completer(registry: .standard, clientNames: context.clientNames, localFolders: context.localFolders).candidates(for: line)
            }
            source = editor
        } else {
            source = stdinSource
        }
        if isatty(2) == 1 {
            let bar = ProgressBar()
            context.progress = { sent, total in
                if let line = bar.update(sent, total) { FileHandle.standardError.write(Data(line.utf8)) }
            }
        }
        let shell = AdminShell(context: context, source: source, format: format, assumeYes: yes) { Swift.print($0) }
        let ok = await shell.run()
        if !ok { throw ExitCode(1) }
    }
}

