import Foundation

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
