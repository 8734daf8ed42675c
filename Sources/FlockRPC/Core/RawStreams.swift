/// The request messages of a server call as serialized bytes, in arrival order. Iteration ends
/// (nil) when the client half-closes; it throws when the call is cancelled or the peer misbehaves.
///
/// The transport hands out more HTTP/2 flow-control window only as messages are taken from this
/// sequence, so a handler that reads slowly slows the sender instead of growing a buffer.
public struct RawRequestStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    private let nextMessage: @Sendable () async throws -> [UInt8]?

    /// `next` returns the next message, or nil once the request side has ended.
    public init(next: @escaping @Sendable () async throws -> [UInt8]?) {
        self.nextMessage = next
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let nextMessage: @Sendable () async throws -> [UInt8]?
        public mutating func next() async throws -> [UInt8]? { try await nextMessage() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(nextMessage: nextMessage) }
}

/// Sends response messages of a server call as serialized bytes. `write` suspends while HTTP/2
/// flow control holds data back (real back-pressure: a slow reader never makes the server buffer
/// without bound) and throws when the call was cancelled.
public struct RawResponseWriter: Sendable {
    private let writeMessage: @Sendable ([UInt8]) async throws -> Void
    private let writePieces: (@Sendable ([[UInt8]]) async throws -> Void)?

    public init(write: @escaping @Sendable ([UInt8]) async throws -> Void) {
        self.writeMessage = write
        self.writePieces = nil
    }

    /// A writer whose transport also takes a message as pieces (`write(pieces:)`) without joining them.
    init(write: @escaping @Sendable ([UInt8]) async throws -> Void, writePieces: @escaping @Sendable ([[UInt8]]) async throws -> Void) {
        self.writeMessage = write
        self.writePieces = writePieces
    }

    public func write(_ message: [UInt8]) async throws { try await writeMessage(message) }

    /// Writes one message given as pieces whose concatenation is the message
    /// (`RPCMessage.serializedPieces`).
    public func write(pieces: [[UInt8]]) async throws {
        if let writePieces { try await writePieces(pieces) } else { try await writeMessage(joinedPieces(pieces)) }
    }
}

/// A server handler over raw messages. Returning ends the call with status OK; throwing an
/// `RPCError` ends it with that status; any other error ends it with UNKNOWN and the error's text.
/// The transport cancels the handler's task when the client cancels (RST_STREAM), the deadline
/// passes, or the connection drops.
public typealias RawServerHandler = @Sendable (RawRequestStream, RawResponseWriter, ServerContext) async throws -> Void
