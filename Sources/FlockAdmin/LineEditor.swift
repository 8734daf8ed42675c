import Foundation

/// Where the shell reads its lines from.
public protocol LineSource: AnyObject {
    /// The next line without its newline, or nil at the end of input.
    func readLine(prompt: String) -> String?
    /// True for a person at a terminal (prompts are drawn, history is kept).
    var isInteractive: Bool { get }
}

/// Plain lines from a file descriptor (stdin that is not a terminal, or `--script FILE`).
public final class PlainLineSource: LineSource {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var atEnd = false
    public let isInteractive = false

    public init(handle: FileHandle) { self.handle = handle }

    public convenience init(path: String) throws {
        guard let h = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        self.init(handle: h)
    }

    public func readLine(prompt: String) -> String? {
        while true {
            if let i = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<i])
                buffer.removeFirst(i + 1)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = [] }
                return String(decoding: buffer, as: UTF8.self)
            }
            let data = handle.availableData
            if data.isEmpty { atEnd = true } else { buffer += data }
        }
    }
}

/// The editing state of one line, free of I/O: keys in, actions out (so it is unit-tested
/// without a terminal). Emacs keys: ←/→ Ctrl-B/F, Home/End Ctrl-A/E, ↑/↓ history, Backspace,
/// Delete, Ctrl-U (kill to start), Ctrl-K (kill to end), Ctrl-W (kill word), Tab completion,
/// Ctrl-C (discard the line), Ctrl-D (end of input on an empty line).
public struct EditBuffer: Sendable, Equatable {
    public enum Key: Sendable, Equatable {
        case char(Character), enter, backspace, delete, left, right, home, end, up, down, tab
        case killToStart, killToEnd, killWord, interrupt, eof, clearScreen, ignore
    }

    public enum Action: Sendable, Equatable {
        /// Redraw the line (text and cursor changed).
        case redraw
        /// The line is done.
        case submit(String)
        /// Ctrl-C: the line is discarded.
        case cancel
        /// Ctrl-D on an empty line.
        case endOfInput
        /// Several completions: show them, then redraw.
        case showCandidates([String])
        case bell
        case none
    }

    public private(set) var text: [Character] = []
    public private(set) var cursor = 0
    private var history: [String]
    private var historyIndex: Int
    private var draft: [Character] = []

    public init(history: [String] = []) {
        self.history = history
        historyIndex = history.count
    }

    public var line: String { String(text) }

    public mutating func handle(_ key: Key, complete: (String) -> [String] = { _ in [] }) -> Action {
        switch key {
        case .char(let c):
            text.insert(c, at: cursor)
            cursor += 1
            return .redraw
        case .enter: return .submit(line)
        case .backspace:
            guard cursor > 0 else { return .bell }
            cursor -= 1
            text.remove(at: cursor)
            return .redraw
        case .delete:
            guard cursor < text.count else { return .bell }
            text.remove(at: cursor)
            return .redraw
        case .left:
            guard cursor > 0 else { return .bell }
            cursor -= 1
            return .redraw
        case .right:
            guard cursor < text.count else { return .bell }
            cursor += 1
            return .redraw
        case .home: cursor = 0; return .redraw
        case .end: cursor = text.count; return .redraw
        case .up:
            guard historyIndex > 0 else { return .bell }
            if historyIndex == history.count { draft = text }
            historyIndex -= 1
            text = Array(history[historyIndex])
            cursor = text.count
            return .redraw
        case .down:
            guard historyIndex < history.count else { return .bell }
            historyIndex += 1
            text = historyIndex == history.count ? draft : Array(history[historyIndex])
            cursor = text.count
            return .redraw
        case .killToStart:
            text.removeFirst(cursor)
            cursor = 0
            return .redraw
        case .killToEnd:
            text.removeLast(text.count - cursor)
            return .redraw
        case .killWord:
            var i = cursor
            while i > 0 && text[i - 1] == " " { i -= 1 }
            while i > 0 && text[i - 1] != " " { i -= 1 }
            text.removeSubrange(i..<cursor)
            cursor = i
            return .redraw
        case .interrupt:
            text = []
            cursor = 0
            historyIndex = history.count
            return .cancel
        case .eof:
            if text.isEmpty { return .endOfInput }
            return handle(.delete)
        case .tab:
            let before = String(text[..<cursor])
            let candidates = complete(before)
            guard !candidates.isEmpty else { return .bell }
            let current = before.last == " " ? "" : String(before.split(separator: " ").last ?? "")
            let common = Completer.commonPrefix(candidates)
            var insert = String(common.dropFirst(current.count))
            if candidates.count == 1 { insert += " " }
            if insert.isEmpty { return candidates.count > 1 ? .showCandidates(candidates) : .bell }
            text.insert(contentsOf: insert, at: cursor)
            cursor += insert.count
            return .redraw
        case .clearScreen, .ignore: return .redraw
        }
    }

    /// Decodes keys from terminal input bytes; returns the keys and how many bytes were used
    /// (an incomplete escape sequence or UTF-8 character is left for the next read).
    public static func keys(from bytes: [UInt8]) -> (keys: [Key], used: Int) {
        var keys: [Key] = [], i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case 0x0d, 0x0a: keys.append(.enter); i += 1
            case 0x7f, 0x08: keys.append(.backspace); i += 1
            case 0x09: keys.append(.tab); i += 1
            case 0x01: keys.append(.home); i += 1
            case 0x05: keys.append(.end); i += 1
            case 0x02: keys.append(.left); i += 1
            case 0x06: keys.append(.right); i += 1
            case 0x10: keys.append(.up); i += 1
            case 0x0e: keys.append(.down); i += 1
            case 0x15: keys.append(.killToStart); i += 1
            case 0x0b: keys.append(.killToEnd); i += 1
            case 0x17: keys.append(.killWord); i += 1
            case 0x03: keys.append(.interrupt); i += 1
            case 0x04: keys.append(.eof); i += 1
            case 0x0c: keys.append(.clearScreen); i += 1
            case 0x1b:
                guard i + 1 < bytes.count else { return (keys, i) }
                if bytes[i + 1] != UInt8(ascii: "[") && bytes[i + 1] != UInt8(ascii: "O") { keys.append(.ignore); i += 2; continue }
                var j = i + 2
                while j < bytes.count && !(0x40...0x7e).contains(bytes[j]) { j += 1 }
                guard j < bytes.count else { return (keys, i) }
                let params = String(decoding: bytes[(i + 2)..<j], as: UTF8.self)
                switch (bytes[j], params) {
                case (UInt8(ascii: "A"), _): keys.append(.up)
                case (UInt8(ascii: "B"), _): keys.append(.down)
                case (UInt8(ascii: "C"), _): keys.append(.right)
                case (UInt8(ascii: "D"), _): keys.append(.left)
                case (UInt8(ascii: "H"), _), (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): keys.append(.home)
                case (UInt8(ascii: "F"), _), (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): keys.append(.end)
                case (UInt8(ascii: "~"), "3"): keys.append(.delete)
                default: keys.append(.ignore)
                }
                i = j + 1
            case 0x20...0x7e: keys.append(.char(Character(Unicode.Scalar(b)))); i += 1
            case 0xc0...0xff:
                let n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
                guard i + n <= bytes.count else { return (keys, i) }
                if let s = String(bytes: bytes[i..<(i + n)], encoding: .utf8), let c = s.first { keys.append(.char(c)) }
                i += n
            default: i += 1
            }
        }
        return (keys, i)
    }
}

/// Persistent, bounded command history (one command a line).
public struct History: Sendable {
    public let path: String?
    public let limit: Int
    public private(set) var entries: [String]

    public init(path: String?, limit: Int = 1000) {
        self.path = path
        self.limit = limit
        let text = path.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        entries = Array(text.split(separator: "\n").map(String.init).suffix(limit))
    }

    /// Adds `line` (not blank, not a repeat of the last one) and saves the file.
    public mutating func add(_ line: String) {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, entries.last != t else { return }
        entries.append(t)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        guard let path else { return }
        let data = Data((entries.joined(separator: "\n") + "\n").utf8)
        let tmp = path + ".tmp"
        if FileManager.default.createFile(atPath: tmp, contents: data, attributes: [.posixPermissions: 0o600]) {
            _ = rename(tmp, path)
        }
    }
}

/// Line editing on a terminal in raw mode, with history and Tab completion.
public final class TerminalLineEditor: LineSource {
    public let isInteractive = true
    public var history: History
    public var complete: (String) -> [String]
    private let input: Int32 = 0, output: Int32 = 1
    private var pending: [UInt8] = []

    public init(history: History, complete: @escaping (String) -> [String]) {
        self.history = history
        self.complete = complete
    }

    /// The shell's command prompt; lines read with another prompt are not kept in the history.
    public static let commandPrompt = "> "

    public static var stdinIsTerminal: Bool { isatty(0) == 1 && isatty(1) == 1 }

    private func write(_ s: String) {
        var bytes = Array(s.utf8)
        while !bytes.isEmpty {
            let n = Foundation.write(output, bytes, bytes.count)
            if n <= 0 { if errno == EINTR { continue } else { return } }
            bytes.removeFirst(n)
        }
    }

    /// Reads one line in raw mode; the terminal's mode is restored before returning.
    public func readLine(prompt: String) -> String? {
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { return PlainLineSource(handle: .standardInput).readLine(prompt: prompt) }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        tcsetattr(input, TCSANOW, &raw)
        defer { tcsetattr(input, TCSANOW, &saved) }

        var buffer = EditBuffer(history: history.entries)
        write(prompt)
        func redraw() {
            let tail = buffer.text.count - buffer.cursor
            write("\r\u{1b}[K" + prompt + buffer.line + (tail > 0 ? "\u{1b}[\(tail)D" : ""))
        }
        while true {
            var chunk = [UInt8](repeating: 0, count: 256)
            let n = read(input, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { write("\r\n"); return buffer.text.isEmpty ? nil : buffer.line }
            pending += chunk[..<n]
            let (keys, used) = EditBuffer.keys(from: pending)
            pending.removeFirst(used)
            for key in keys {
                switch buffer.handle(key, complete: complete) {
                case .redraw: redraw()
                case .submit(let line):
                    write("\r\n")
                    // Commands only: answers to Are you sure (Y/N) are not history.
                    if prompt == Self.commandPrompt { history.add(line) }
                    return line
                case .cancel:
                    write("^C\r\n" + prompt)
                case .endOfInput:
                    write("\r\n")
                    return nil
                case .showCandidates(let c):
                    write("\r\n" + c.joined(separator: "  ") + "\r\n")
                    redraw()
                case .bell: write("\u{07}")
                case .none: break
                }
            }
        }
    }
}
