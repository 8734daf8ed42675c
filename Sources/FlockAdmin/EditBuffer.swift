import Foundation

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
