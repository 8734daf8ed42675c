/// Reassembles gRPC's length-prefixed messages (1 byte compressed flag, 4 bytes big-endian length,
/// the message) from DATA payloads split anywhere. One per stream, used on its loop thread.
///
/// `@_spi(Fuzzing)`: public only for the fuzz targets in `fuzz/`.
@_spi(Fuzzing) public struct GRPCMessageReassembler {
    public let maxMessageSize: Int
    private var prefix: (UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0)
    private var prefixFilled = 0
    private var message: [UInt8] = []
    private var messageExpected = -1

    public init(maxMessageSize: Int) {
        self.maxMessageSize = maxMessageSize
    }

    /// Whether a message is partly received (an END_STREAM now truncates it).
    public var hasPartialMessage: Bool { messageExpected >= 0 || prefixFilled > 0 }

    /// Bytes of the message being assembled (held until it completes).
    public var partialBytes: Int { messageExpected >= 0 ? message.count : 0 }

    /// Feeds `count` bytes, calling `deliver` for each completed message; returns an error that
    /// ends the call (compressed or oversized message), after which no more bytes may be fed.
    public mutating func feed(_ data: UnsafePointer<UInt8>, _ count: Int, deliver: ([UInt8]) -> Void) -> RPCError? {
        var p = data
        var left = count
        while left > 0 {
            if messageExpected < 0 {
                let take = min(5 - prefixFilled, left)
                let filled = prefixFilled
                withUnsafeMutableBytes(of: &prefix) { raw in
                    for i in 0..<take { raw[filled + i] = p[i] }
                }
                prefixFilled += take; p += take; left -= take
                if prefixFilled < 5 { break }
                prefixFilled = 0
                if prefix.0 != 0 {
                    return RPCError(.internal, "received a compressed message (compressed flag \(prefix.0)); FlockRPC supports only uncompressed messages (grpc-encoding identity)")
                }
                let length = Int(prefix.1) << 24 | Int(prefix.2) << 16 | Int(prefix.3) << 8 | Int(prefix.4)
                if length > maxMessageSize {
                    return RPCError(.resourceExhausted, "received message larger than max (\(length) vs. \(maxMessageSize))")
                }
                messageExpected = length
                message = []
                // Reserve what is announced only up to 1 MiB: a peer announcing large messages
                // on many calls must send the bytes before the receiver holds memory for them.
                message.reserveCapacity(min(length, 1 << 20))
            }
            let take = min(messageExpected - message.count, left)
            if take > 0 {
                message.append(contentsOf: UnsafeBufferPointer(start: p, count: take))
                p += take; left -= take
            }
            if message.count == messageExpected {
                messageExpected = -1
                let m = message
                message = []
                deliver(m)
            }
        }
        return nil
    }
}
