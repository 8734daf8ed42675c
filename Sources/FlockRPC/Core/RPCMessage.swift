/// A message that can travel in a gRPC call: generated message types conform (protobuf-c does the
/// wire encoding).
public protocol RPCMessage: Sendable {
    /// Decodes the protobuf wire format; throws `RPCError(.internal/.invalidArgument, ...)` on bad
    /// input.
    init(serializedBytes: [UInt8]) throws
    /// Encodes to the protobuf wire format.
    func serializedBytes() -> [UInt8]
}
