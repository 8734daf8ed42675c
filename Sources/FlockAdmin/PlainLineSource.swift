import Foundation

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
