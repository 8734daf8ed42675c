/// A message that can travel in a gRPC call: generated message types conform (protobuf-c does the
/// wire encoding).
public protocol RPCMessage: Sendable {
    /// Decodes the protobuf wire format; throws `RPCError(.internal/.invalidArgument, ...)` on bad
    /// input.
    init(serializedBytes: [UInt8]) throws
    /// Encodes to the protobuf wire format.
    func serializedBytes() -> [UInt8]
    /// The wire format as pieces whose concatenation is `serializedBytes()`, for transports that
    /// send pieces without joining them: generated messages hand over their large `bytes` values
    /// as the value's own arrays instead of copying them. Default: one piece, `serializedBytes()`.
    func serializedPieces() -> [[UInt8]]
}

extension RPCMessage {
    public func serializedPieces() -> [[UInt8]] { [serializedBytes()] }
}

/// The concatenation of `pieces` (no copy for a single piece).
func joinedPieces(_ pieces: [[UInt8]]) -> [UInt8] {
    if pieces.count == 1 { return pieces[0] }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.count })
    for piece in pieces { bytes.append(contentsOf: piece) }
    return bytes
}
