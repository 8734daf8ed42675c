import Foundation
@testable import FlockAdmin
import Testing

@Suite("Tab completion")
struct CompletionTests {
    let completer = Completer(registry: .standard, clientNames: ["site-1", "site-2"], localFolders: ["phantom", "spleen"])

    @Test("completes command names")
    func commands() {
        #expect(completer.candidates(for: "che") == ["check_status"])
        #expect(completer.candidates(for: "s").contains("set_run_number"))
        #expect(completer.candidates(for: "start") == ["start", "start_mgpu"])
    }

    @Test("completes server or client, then client names not yet given")
    func targets() {
        #expect(completer.candidates(for: "check_status ") == ["client", "server"])
        #expect(completer.candidates(for: "start cl") == ["client"])
        #expect(completer.candidates(for: "abort client ") == ["site-1", "site-2"])
        #expect(completer.candidates(for: "abort client site-1 ") == ["site-2"])
        #expect(completer.candidates(for: "abort server ").isEmpty)
    }

    @Test("completes uploadable folders, then the deploy target")
    func folders() {
        #expect(completer.candidates(for: "upload_folder p") == ["phantom"])
        #expect(completer.candidates(for: "deploy phantom ") == ["client", "server"])
        #expect(completer.candidates(for: "deploy phantom client s") == ["site-1", "site-2"])
    }

    @Test("completes server or a client name for the workspace commands")
    func sites() {
        #expect(completer.candidates(for: "tail ") == ["server", "site-1", "site-2"])
        #expect(completer.candidates(for: "? dep") == ["deploy"])
        #expect(completer.candidates(for: "validate ") == ["all", "server", "site-1", "site-2"])
        #expect(completer.candidates(for: "validate server s") == ["site-1", "site-2"])
    }

    @Test("Tab inserts the common prefix, and lists the candidates when it cannot choose")
    func tabInEditBuffer() {
        var buffer = EditBuffer()
        for c in "abort client si" { _ = buffer.handle(.char(c)) }
        #expect(buffer.handle(.tab, complete: completer.candidates) == .redraw)
        #expect(buffer.line == "abort client site-")
        #expect(buffer.handle(.tab, complete: completer.candidates) == .showCandidates(["site-1", "site-2"]))
        _ = buffer.handle(.char("2"))
        #expect(buffer.handle(.enter) == .submit("abort client site-2"))
    }
}

@Suite("Line editing")
struct LineEditingTests {
    @Test("moves the cursor, inserts in the middle and deletes words")
    func editing() {
        var b = EditBuffer()
        for c in "start server" { _ = b.handle(.char(c)) }
        _ = b.handle(.home)
        for c in "re" { _ = b.handle(.char(c)) }
        #expect(b.line == "restart server")
        _ = b.handle(.end)
        _ = b.handle(.killWord)
        #expect(b.line == "restart ")
        _ = b.handle(.killToStart)
        #expect(b.line == "" && b.handle(.backspace) == .bell)
    }

    @Test("walks the history with up and down, keeping the draft")
    func history() {
        var b = EditBuffer(history: ["check_status server", "start client"])
        for c in "ls" { _ = b.handle(.char(c)) }
        _ = b.handle(.up)
        #expect(b.line == "start client")
        _ = b.handle(.up)
        #expect(b.line == "check_status server")
        #expect(b.handle(.up) == .bell)
        _ = b.handle(.down)
        _ = b.handle(.down)
        #expect(b.line == "ls")
    }

    @Test("ends input with Ctrl-D on an empty line and discards the line with Ctrl-C")
    func controlKeys() {
        var b = EditBuffer()
        #expect(b.handle(.eof) == .endOfInput)
        _ = b.handle(.char("x"))
        #expect(b.handle(.interrupt) == .cancel && b.line == "")
    }

    @Test("decodes arrow keys, Delete and UTF-8 from terminal bytes, keeping incomplete sequences")
    func decoding() {
        let (keys, used) = EditBuffer.keys(from: Array("a\u{1b}[A\u{1b}[D\u{1b}[3~é\r".utf8))
        #expect(keys == [.char("a"), .up, .left, .delete, .char("é"), .enter])
        #expect(used == Array("a\u{1b}[A\u{1b}[D\u{1b}[3~é\r".utf8).count)
        let partial = EditBuffer.keys(from: [0x61, 0x1b, 0x5b])
        #expect(partial.keys == [.char("a")] && partial.used == 1)
    }

    @Test("keeps a bounded history file without blanks or repeats")
    func persistentHistory() throws {
        let path = NSTemporaryDirectory() + "flock-history-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var h = History(path: path, limit: 3)
        for line in ["a", "a", " ", "b", "c", "d"] { h.add(line) }
        #expect(h.entries == ["b", "c", "d"])
        #expect(History(path: path, limit: 3).entries == ["b", "c", "d"])
    }
}
