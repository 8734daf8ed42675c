@testable import FlockAdmin
import Testing

@Suite("Admin command lines")
struct ParsingTests {
    @Test("splits words on whitespace and keeps quoted spaces together")
    func splitsWords() throws {
        #expect(try CommandLineParser.split("  check_status   client site-1 site-2 ") == ["check_status", "client", "site-1", "site-2"])
        #expect(try CommandLineParser.split(#"grep server "Total clients" log.txt"#) == ["grep", "server", "Total clients", "log.txt"])
        #expect(try CommandLineParser.split(#"cat server 'a b'\ c"#) == ["cat", "server", "a b c"])
    }

    @Test("treats blank lines and # comments as nothing to run")
    func commentsAndBlanks() throws {
        #expect(try CommandLineParser.split("") == [])
        #expect(try CommandLineParser.split("   # set_run_number 1") == [])
    }

    @Test("refuses an unterminated quote with a message saying which")
    func unterminatedQuote() {
        #expect(throws: CommandLineParser.ParseError(message: "unterminated \" quote")) { try CommandLineParser.split(#"cat server "log.txt"#) }
    }
}

@Suite("Suggestions for typos")
struct SuggestionTests {
    let names = CommandRegistry.standard.names

    @Test("suggests check_status for chek_status and shutdown for shutdonw")
    func nearestCommand() {
        #expect(Suggestion.nearest("chek_status", in: names).first == "check_status")
        #expect(Suggestion.nearest("shutdonw", in: names).first == "shutdown")
        #expect(Suggestion.nearest("deply", in: names).first == "deploy")
    }

    @Test("offers commands that start with what was typed first")
    func prefixesFirst() {
        #expect(Suggestion.nearest("set", in: names).prefix(2) == ["set_run_number", "set_timeout"])
    }

    @Test("suggests nothing for a word far from every command")
    func nothingFar() {
        #expect(Suggestion.nearest("xyzzyplugh", in: names).isEmpty)
    }

    @Test("counts a swap of two neighbouring letters as one edit")
    func transposition() {
        #expect(Suggestion.distance("abrot", "abort") == 1)
        #expect(Suggestion.distance("", "ls") == 2)
    }
}

@Suite("The command registry")
struct RegistryTests {
    let registry = CommandRegistry.standard

    @Test("holds every command of the reference")
    func everyCommand() {
        for name in ["check_status", "set_run_number", "delete_run_number", "upload_folder", "download_folder", "deploy", "start",
                     "start_mgpu", "abort", "restart", "shutdown", "remove_client", "sys_info", "validate", "info", "lpwd",
                     "set_timeout", "help", "?", "bye", "ls", "cat", "head", "tail", "grep", "pwd", "env"] {
            #expect(registry.spec(named: name) != nil, "missing \(name)")
        }
    }

    @Test("asks for confirmation before shutdown, restart, remove_client and delete_run_number only")
    func confirmations() {
        let confirming = registry.specs.filter { $0.confirm([]) }.map(\.name).sorted()
        #expect(confirming == ["delete_run_number", "remove_client", "restart", "shutdown"])
    }

    @Test("names the right each remote command needs, as authorization.json groups them")
    func rights() {
        #expect(registry.spec(named: "upload_folder")?.right == "upload")
        #expect(registry.spec(named: "deploy")?.right == "deploy")
        #expect(registry.spec(named: "start")?.right == "train")
        #expect(registry.spec(named: "check_status")?.right == "view")
        #expect(registry.spec(named: "cat")?.right == "view")
        #expect(registry.spec(named: "shutdown")?.right == "operate")
        #expect(registry.spec(named: "lpwd")?.right == nil)
    }

    @Test("help lists the commands grouped by scope, and ? CMD shows the usage")
    func help() {
        let lines = registry.helpLines()
        #expect(lines.first == "Shell commands:")
        for group in ["Training commands:", "Files commands:", "Workspace commands:", "Operations commands:"] { #expect(lines.contains(group)) }
        #expect(lines.contains { $0.contains("deploy APP server|client [NAMES...]") })
        #expect(registry.usageLines(registry.spec(named: "deploy")!).prefix(1) == ["Usage: deploy APP server|client [NAMES...]"])
    }
}
