/// Per-call options for a client call.
public struct CallOptions: Sendable {
    /// Deadline for the whole call, sent as `grpc-timeout`; nil for none. When it passes, the call
    /// fails with DEADLINE_EXCEEDED on the client and the server handler is cancelled.
    public var timeout: Duration?
    /// Custom metadata sent with the request headers.
    public var metadata: Metadata
    /// Largest response message accepted; larger ones fail the call with RESOURCE_EXHAUSTED.
    /// nil uses the channel's default.
    public var maxReceiveMessageSize: Int?

    public init(timeout: Duration? = nil, metadata: Metadata = [:], maxReceiveMessageSize: Int? = nil) {
        self.timeout = timeout
        self.metadata = metadata
        self.maxReceiveMessageSize = maxReceiveMessageSize
    }

    public static var defaults: CallOptions { CallOptions() }
}
