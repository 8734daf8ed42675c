/// Request messages of a server call, decoded.
public struct RequestStream<Message: RPCMessage>: AsyncSequence, Sendable {
    public typealias Element = Message
    public let raw: RawRequestStream

    public init(raw: RawRequestStream) { self.raw = raw }

    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate var base: RawRequestStream.AsyncIterator
        public mutating func next() async throws -> Message? {
            guard let bytes = try await base.next() else { return nil }
            return try Message(serializedBytes: bytes)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: raw.makeAsyncIterator()) }
}

/// Writes response messages of a server call.
public struct ResponseWriter<Message: RPCMessage>: Sendable {
    public let raw: RawResponseWriter

    public init(raw: RawResponseWriter) { self.raw = raw }

    public func write(_ message: Message) async throws { try await raw.write(pieces: message.serializedPieces()) }
}

/// Response messages of a client call, decoded. Iteration ends (nil) when the call ends with OK and
/// throws `RPCError` when it ends with another status.
public struct ResponseStream<Message: RPCMessage>: AsyncSequence, Sendable {
    public typealias Element = Message
    let call: any RPCClientCall

    public init(call: any RPCClientCall) { self.call = call }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let call: any RPCClientCall
        public mutating func next() async throws -> Message? {
            guard let bytes = try await call.receive() else { return nil }
            return try Message(serializedBytes: bytes)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(call: call) }
}

/// Sends request messages of a client call.
public struct RequestWriter<Message: RPCMessage>: Sendable {
    let call: any RPCClientCall

    public init(call: any RPCClientCall) { self.call = call }

    /// Suspends while flow control holds data back; throws the call's status if it already ended.
    public func write(_ message: Message) async throws { try await call.send(pieces: message.serializedPieces()) }

    /// Half-closes the request side: the server's request sequence ends after the messages written
    /// so far. Needed in bidirectional calls to let the server finish while the client still reads
    /// responses; client-streaming calls half-close by themselves when their closure returns.
    /// Later `write`s throw.
    public func finish() async throws { try await call.closeSend() }
}
