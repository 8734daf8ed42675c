import FlockCore
import FlockProto
import FlockRPC
import Foundation

/// A command used with the wrong arguments; the shell prints `Error: usage: ...`.
public struct UsageError: Error, CustomStringConvertible {
    public let message: String
    public init(_ spec: CommandSpec, _ why: String? = nil) {
        message = (why.map { $0 + "; " } ?? "") + "usage: \(spec.synopsis)"
    }
    public var description: String { message }
}

/// Every admin command of the Clara 3.1 shell, as specs (name, usage, scope, right, confirm,
/// handler). The shell looks commands up here; help, completion and docs read it too.
public struct CommandRegistry: Sendable {
    public let specs: [CommandSpec]

    public init(specs: [CommandSpec]) { self.specs = specs }

    /// Names and aliases, sorted.
    public var names: [String] { specs.flatMap { [$0.name] + $0.aliases }.sorted() }

    public func spec(named name: String) -> CommandSpec? {
        specs.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// `help`: commands grouped by scope, one `name usage  summary` line each.
    public func helpLines() -> [String] {
        var out: [String] = []
        let width = specs.map { $0.synopsis.count }.max() ?? 0
        for scope in CommandScope.allCases {
            let group = specs.filter { $0.scope == scope }
            guard !group.isEmpty else { continue }
            out.append("\(scope.rawValue) commands:")
            for s in group {
                out.append("  " + s.synopsis.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + s.summary)
            }
        }
        out.append("Type ? COMMAND (or help COMMAND) for its usage and the right it needs.")
        return out
    }

    /// `? CMD`.
    public func usageLines(_ spec: CommandSpec) -> [String] {
        var out = ["Usage: \(spec.synopsis)", "  \(spec.summary)"]
        if !spec.aliases.isEmpty { out.append("  Also: \(spec.aliases.joined(separator: ", "))") }
        out.append("  Right needed: \(spec.right ?? "none (runs locally)")")
        return out
    }

    /// Parses `server` | `client [names...]`.
    static func target(_ spec: CommandSpec, _ args: ArraySlice<String>) throws -> (Fl_V1_Target, [String]) {
        guard let word = args.first else { throw UsageError(spec, "say server or client") }
        switch word {
        case "server":
            guard args.count == 1 else { throw UsageError(spec, "server takes no names") }
            return (.server, [])
        case "client": return (.client, Array(args.dropFirst()))
        default:
            let hint = Suggestion.nearest(word, in: ["server", "client"]).first.map { " (did you mean \($0)?)" } ?? ""
            throw UsageError(spec, "'\(word)' is neither server nor client\(hint)")
        }
    }

    static func positiveInt(_ spec: CommandSpec, _ word: String?, what: String) throws -> Int32 {
        guard let word else { throw UsageError(spec, "give the \(what)") }
        guard let n = Int32(word), n > 0 else { throw UsageError(spec, "the \(what) must be a whole number above 0, got '\(word)'") }
        return n
    }

    static func reply(_ r: Fl_V1_CommandReply) -> CommandOutput {
        CommandOutput(ReplyFormatter.lines(r), ok: r.replies.allSatisfy(\.ok), data: ReplyFormatter.json(r))
    }

    /// Whether destructive commands ask first: shutdown/restart always; remove_client and
    /// delete_run_number too.
    static let always: @Sendable ([String]) -> Bool = { _ in true }

    /// The registry of Flock's admin shell.
    public static let standard = CommandRegistry(specs: shellCommands + trainingCommands + fileCommands + operationCommands + workspaceCommands)

    // MARK: Shell (local)

    static let shellCommands: [CommandSpec] = [
        CommandSpec("help", aliases: ["?"], usage: "[COMMAND]", "list the commands, or show one command's usage", scope: .shell,
                    completions: [.command]) { _, args in
            let registry = CommandRegistry.standard
            guard let name = args.first else { return CommandOutput(registry.helpLines(), showsDone: false) }
            guard let spec = registry.spec(named: name) else {
                let near = Suggestion.nearest(name, in: registry.names)
                return CommandOutput(["Error: unknown command '\(name)'" + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: " or "))?")], ok: false, showsDone: false)
            }
            return CommandOutput(registry.usageLines(spec), showsDone: false)
        },
        CommandSpec("bye", aliases: ["exit", "quit"], "leave the shell", scope: .shell) { ctx, _ in
            await ctx.logout()
            return CommandOutput([], quit: true, showsDone: false)
        },
        CommandSpec("lpwd", "print the admin's local workspace folder", scope: .shell) { ctx, _ in
            CommandOutput([ctx.workspace], data: .string(ctx.workspace))
        },
        CommandSpec("info", "show the local and server folders used by upload_folder and download_folder", scope: .shell) { ctx, _ in
            CommandOutput([
                "Local Upload Source: \(ctx.transfer)",
                "Local Download Destination: \(ctx.transfer)",
                "Server Upload Destination: transfer/ in the server's workspace (\(ctx.host):\(ctx.port))",
                "Server Download Source: transfer/ in the server's workspace (\(ctx.host):\(ctx.port))",
            ], data: .object([("local_upload_source", .string(ctx.transfer)), ("local_download_destination", .string(ctx.transfer))]))
        },
        CommandSpec("set_timeout", usage: "SECONDS", "how long each command waits for the server and clients", scope: .shell,
                    completions: [.free]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: "set_timeout")!
            guard args.count == 1, let s = Double(args[0]), s > 0, s <= 86_400 else {
                throw UsageError(spec, args.isEmpty ? "give the seconds" : "the timeout must be a number of seconds between 0 and 86400")
            }
            ctx.timeout = .milliseconds(Int64(s * 1000))
            return CommandOutput(["Timeout set to \(args[0]) seconds."], data: .number(s))
        },
    ]

    // MARK: Training

    static let trainingCommands: [CommandSpec] = [
        CommandSpec("check_status", usage: "server|client [NAMES...]", "status of the server, or of clients (all when none are named)",
                    scope: .training, right: "view", completions: [.target]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: "check_status")!
            let (target, names) = try target(spec, args[...])
            let r = try await ctx.client.checkStatus(Fl_V1_CheckStatusRequest(session: ctx.session, target: target, clientNames: names), options: ctx.options)
            if target == .server {
                let s = r.server ?? Fl_V1_ServerStatus()
                ctx.clientNames = s.registeredClients.map(\.clientName)
                return CommandOutput(ReplyFormatter.lines(s), data: ReplyFormatter.json(s))
            }
            return CommandOutput(ReplyFormatter.lines(r.clients), ok: r.clients.allSatisfy(\.ok), data: ReplyFormatter.json(r.clients))
        },
        CommandSpec("set_run_number", usage: "N", "start a new run: create run_N on the server and clients", scope: .training,
                    right: "train", completions: [.free]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: "set_run_number")!
            guard args.count <= 1 else { throw UsageError(spec) }
            let n = try positiveInt(spec, args.first, what: "run number")
            return reply(try await ctx.client.setRunNumber(Fl_V1_RunNumberRequest(session: ctx.session, runNumber: n), options: ctx.options))
        },
        CommandSpec("delete_run_number", usage: "N", "delete run_N on the server and clients (not the run in progress)",
                    scope: .training, right: "train", confirm: always, completions: [.free]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: "delete_run_number")!
            guard args.count <= 1 else { throw UsageError(spec) }
            let n = try positiveInt(spec, args.first, what: "run number")
            return reply(try await ctx.client.deleteRunNumber(Fl_V1_RunNumberRequest(session: ctx.session, runNumber: n), options: ctx.options))
        },
        CommandSpec("deploy", usage: "APP server|client [NAMES...]", "deploy an uploaded app (MMAR) to the current run",
                    scope: .training, right: "deploy", completions: [.localFolder, .target]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: "deploy")!
            guard let app = args.first else { throw UsageError(spec, "name the app") }
            let (target, names) = try target(spec, args.dropFirst())
            return reply(try await ctx.client.deploy(Fl_V1_DeployRequest(session: ctx.session, app: app, target: target, clientNames: names), options: ctx.options))
        },
        CommandSpec("start", usage: "server|client [NAMES...]", "start training on the server, or on clients", scope: .training,
                    right: "train", completions: [.target]) { ctx, args in
            let (target, names) = try target(CommandRegistry.standard.spec(named: "start")!, args[...])
            return reply(try await ctx.client.start(Fl_V1_TargetRequest(session: ctx.session, target: target, clientNames: names), options: ctx.options))
        },
        CommandSpec("start_mgpu", usage: "client GPU_COUNT NAME", "start multi-GPU training on one client", scope: .training,
                    right: "train", completions: [.words(["client"]), .free, .clientName]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: "start_mgpu")!
            guard args.count == 3, args[0] == "client" else { throw UsageError(spec) }
            let n = try positiveInt(spec, args[1], what: "GPU count")
            return reply(try await ctx.client.startMgpu(Fl_V1_StartMgpuRequest(session: ctx.session, gpuCount: UInt32(n), clientName: args[2]), options: ctx.options))
        },
        CommandSpec("abort", usage: "server|client [NAMES...]", "stop training (abort server stops the clients first)", scope: .training,
                    right: "train", completions: [.target]) { ctx, args in
            let (target, names) = try target(CommandRegistry.standard.spec(named: "abort")!, args[...])
            return reply(try await ctx.client.abort(Fl_V1_TargetRequest(session: ctx.session, target: target, clientNames: names), options: ctx.options))
        },
        CommandSpec("validate", usage: "all|SOURCE TARGET", "cross-site validation results of the current run, as a table",
                    scope: .training, right: "view", completions: [.siteOrAll, .clientName]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: "validate")!
            var request = Fl_V1_ValidateRequest(session: ctx.session)
            if args == ["all"] { request.all = true }
            else if args.count == 2 { request.source = args[0]; request.target = args[1] }
            else { throw UsageError(spec, "say all, or name the model's owner (server or a client) and the client whose data evaluated it") }
            let r = try await ctx.client.validate(request, options: ctx.options)
            return CommandOutput(ReplyFormatter.lines(r), data: ReplyFormatter.json(r))
        },
    ]

    // MARK: Files

    static let fileCommands: [CommandSpec] = [
        CommandSpec("upload_folder", usage: "FOLDER", "upload an app from the local transfer/ to the server's transfer/ (config/ and resources/ only)",
                    scope: .files, right: "upload", completions: [.localFolder]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: "upload_folder")!
            guard args.count == 1 else { throw UsageError(spec, args.isEmpty ? "name the folder in \(ctx.transfer)" : nil) }
            let name = try SafePath.name(args[0], what: "folder")
            let source = ctx.transfer + "/" + name
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isDir), isDir.boolValue else {
                let near = Suggestion.nearest(name, in: ctx.localFolders)
                throw FlockError(.notFound, "there is no folder \(source)" + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: " or "))?"))
            }
            let reader = FolderReader(root: source, only: ["config", "resources"])
            let total = try reader.totalBytes()
            let progress = ctx.progress
            var sent: UInt64 = 0
            let session = ctx.session
            let r = try await ctx.client.uploadFolder(options: ctx.options) { writer in
                try await writer.write(Fl_V1_UploadFolderChunk(header: Fl_V1_UploadFolderHeader(session: session, folder: name, totalBytes: total)))
                try await reader.forEachChunk { chunk in
                    try await writer.write(Fl_V1_UploadFolderChunk(file: Fl_V1_FileChunk(chunk)))
                    sent += UInt64(chunk.data.count)
                    progress?(sent, total)
                }
            }
            return reply(r)
        },
        CommandSpec("download_folder", usage: "FOLDER", "download a folder from the server's transfer/ into the local transfer/",
                    scope: .files, right: "upload", completions: [.localFolder]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: "download_folder")!
            guard args.count == 1 else { throw UsageError(spec) }
            let name = try SafePath.name(args[0], what: "folder")
            let dest = ctx.transfer + "/" + name
            let writer = try FolderWriter(destination: dest, maxBytes: 64 << 30)
            do {
                try await ctx.client.downloadFolder(Fl_V1_DownloadFolderRequest(session: ctx.session, folder: name), options: ctx.options) { stream in
                    for try await chunk in stream { try writer.write(chunk.folderChunk) }
                }
                try writer.commit()
            } catch {
                writer.abandon()
                throw error
            }
            return CommandOutput(["Downloaded folder \(name) to \(dest)"], data: .string(dest))
        },
    ]

    // MARK: Operations

    static let operationCommands: [CommandSpec] = [
        CommandSpec("restart", usage: "server|client [NAMES...]", "restart the server or client processes", scope: .operations,
                    right: "operate", confirm: always, completions: [.target]) { ctx, args in
            let (target, names) = try target(CommandRegistry.standard.spec(named: "restart")!, args[...])
            return reply(try await ctx.client.restart(Fl_V1_TargetRequest(session: ctx.session, target: target, clientNames: names), options: ctx.options))
        },
        CommandSpec("shutdown", usage: "server|client [NAMES...]", "end the server or client processes (shut clients down first)",
                    scope: .operations, right: "operate", confirm: always, completions: [.target]) { ctx, args in
            let (target, names) = try target(CommandRegistry.standard.spec(named: "shutdown")!, args[...])
            return reply(try await ctx.client.shutdown(Fl_V1_TargetRequest(session: ctx.session, target: target, clientNames: names), options: ctx.options))
        },
        CommandSpec("remove_client", usage: "NAME", "drop a registered client from the federation", scope: .operations,
                    right: "operate", confirm: always, completions: [.clientName]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: "remove_client")!
            guard args.count == 1 else { throw UsageError(spec) }
            let r = try await ctx.client.removeClient(Fl_V1_RemoveClientRequest(session: ctx.session, clientName: args[0]), options: ctx.options)
            ctx.clientNames.removeAll { $0 == args[0] }
            return reply(r)
        },
        CommandSpec("sys_info", usage: "server|client NAME", "system information: OS, CPUs, memory, GPUs", scope: .operations,
                    right: "view", completions: [.target]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: "sys_info")!
            let (target, names) = try target(spec, args[...])
            guard target == .server || names.count == 1 else { throw UsageError(spec, "name one client") }
            let r = try await ctx.client.sysInfo(Fl_V1_TargetRequest(session: ctx.session, target: target, clientNames: names), options: ctx.options)
            return CommandOutput(ReplyFormatter.lines(r), ok: r.infos.allSatisfy(\.ok), data: ReplyFormatter.json(r))
        },
    ]

    // MARK: Workspace (read-only, sandboxed on the server's side)

    static let workspaceSummaries = [
        ("ls", "[-l] [-a] [PATH...]", "list files in a workspace"),
        ("cat", "FILE", "show a file"),
        ("head", "[-n N] FILE", "show the first lines of a file"),
        ("tail", "[-n N] FILE", "show the last lines of a file, e.g. tail server log.txt -n 15"),
        ("grep", "[-i] [-n] PATTERN FILE...", "search files"),
        ("pwd", "", "the workspace's folder"),
        ("env", "", "the process environment (secrets hidden)"),
    ]

    static let workspaceCommands: [CommandSpec] = workspaceSummaries.map { name, usage, summary in
        CommandSpec(name, usage: "server|CLIENT" + (usage.isEmpty ? "" : " " + usage), summary + " (read-only; paths stay inside the workspace)",
                    scope: .workspace, right: "view", completions: [.site]) { ctx, args in
            let spec = CommandRegistry.standard.spec(named: name)!
            guard let site = args.first else { throw UsageError(spec, "say server or a client name") }
            if site == "client" { throw UsageError(spec, "name the client (e.g. \(name) \(ctx.clientNames.first ?? "flclient1"))") }
            let r = try await ctx.client.shell(Fl_V1_ShellRequest(session: ctx.session, target: site, command: name, args: Array(args.dropFirst())),
                                               options: ctx.options)
            var lines = r.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            return CommandOutput(lines, data: .string(r.output))
        }
    }
}
