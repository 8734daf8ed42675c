import FlockCore
import Foundation

/// The read-run-print loop: reads lines, looks commands up in the registry, asks for
/// confirmation, runs them, prints their output in the seed's shapes (or JSON lines) followed by
/// `Done [N usecs] timestamp`, and remembers whether every command succeeded.
public final class AdminShell {
    public enum OutputFormat: String, Sendable, CaseIterable { case text, json }

    public let context: AdminContext
    public let registry: CommandRegistry
    public let format: OutputFormat
    /// Answer `Are you sure (Y/N):` with Y without asking (scripts).
    public let assumeYes: Bool
    let source: LineSource
    let print: (String) -> Void
    /// Commands run and commands that failed so far.
    public private(set) var commandCount = 0
    public private(set) var failureCount = 0

    public init(context: AdminContext, registry: CommandRegistry = .standard, source: LineSource, format: OutputFormat = .text,
                assumeYes: Bool = false, print: @escaping (String) -> Void) {
        self.context = context
        self.registry = registry
        self.source = source
        self.format = format
        self.assumeYes = assumeYes
        self.print = print
    }

    /// Runs until `bye` or the end of input. Returns true when every command succeeded.
    public func run() async -> Bool {
        while let line = source.readLine(prompt: TerminalLineEditor.commandPrompt) {
            if !source.isInteractive && format == .text && !line.trimmingCharacters(in: .whitespaces).isEmpty
                && !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
                print("> " + line)
            }
            if await execute(line) { break }
        }
        await context.logout()
        return failureCount == 0
    }

    /// Runs one line; returns true when the shell should end.
    @discardableResult
    public func execute(_ line: String) async -> Bool {
        let words: [String]
        do { words = try CommandLineParser.split(line) } catch {
            report(line, CommandOutput(["Error: \(error)"], ok: false, showsDone: false), usecs: nil)
            return false
        }
        guard let name = words.first else { return false }
        guard let spec = registry.spec(named: name) else {
            let near = Suggestion.nearest(name, in: registry.names)
            let hint = near.isEmpty ? "; type ? for the list of commands" : "; did you mean \(near.joined(separator: " or "))?"
            report(line, CommandOutput(["Error: unknown command '\(name)'\(hint)"], ok: false, showsDone: false), usecs: nil)
            return false
        }
        let args = Array(words.dropFirst())
        if spec.confirm(args) {
            let answer: String
            if assumeYes {
                answer = "Y"
                if format == .text { print("Are you sure (Y/N): Y") }
            } else {
                let prompt = "Are you sure (Y/N): "
                guard let a = source.readLine(prompt: source.isInteractive ? prompt : "") else {
                    report(line, CommandOutput(["Error: no answer to 'Are you sure (Y/N):'; not done (use --yes in scripts)"], ok: false, showsDone: false), usecs: nil)
                    return true
                }
                answer = a.trimmingCharacters(in: .whitespaces)
                if !source.isInteractive && format == .text { print(prompt + answer) }
            }
            guard answer.lowercased() == "y" || answer.lowercased() == "yes" else {
                report(line, CommandOutput(["Not done."], showsDone: false), usecs: nil)
                return false
            }
        }
        let start = ContinuousClock.now
        var output: CommandOutput
        do {
            output = try await spec.handler(context, args)
        } catch let e as UsageError {
            output = CommandOutput(["Error: \(e.message)"], ok: false, showsDone: false)
        } catch {
            output = CommandOutput([ReplyFormatter.error(error)], ok: false)
        }
        let elapsed = ContinuousClock.now - start
        let usecs = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        report(line, output, usecs: usecs)
        return output.quit
    }

    func report(_ line: String, _ output: CommandOutput, usecs: Int64?) {
        commandCount += 1
        if !output.ok { failureCount += 1 }
        let now = Date()
        switch format {
        case .text:
            for l in output.lines { print(l) }
            if output.showsDone, let usecs { print(ReplyFormatter.done(usecs: usecs, at: now)) }
        case .json:
            var fields: [(String, JSONValue)] = [("command", .string(line)), ("ok", .bool(output.ok)),
                                                 ("output", .array(output.lines.map { .string($0) }))]
            if let data = output.data { fields.append(("data", data)) }
            if !output.ok, let e = output.lines.last(where: { $0.hasPrefix("Error: ") }) {
                fields.append(("error", .string(String(e.dropFirst("Error: ".count)))))
            }
            if let usecs { fields.append(("usecs", .int(Int(usecs)))) }
            fields.append(("time", .string(String(ReplyFormatter.done(usecs: 0, at: now).dropFirst("Done [0 usecs] ".count)))))
            print(JSONValue.object(fields).rendered)
        }
    }
}
