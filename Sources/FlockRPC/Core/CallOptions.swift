/// Per-call options for a client call.
public struct CallOptions: Sendable {
    /// Deadline for the whole call, sent as `grpc-timeout`; nil for none. When it passes, the call
    /// fails with DEADLINE_EXCEEDED on the client and the server handler is cancelled.
    public var timeout: Duration?
    /// Ends the call with DEADLINE_EXCEEDED when nothing of it is sent or received for this long
    /// (HTTP/2: no DATA frame either way; in-process: no message); nil for none. Unlike `timeout`
    /// it does not limit a call that keeps moving (a large model over a slow link), and it is not
    /// sent to the server.
    public var idleTimeout: Duration?
    /// Custom metadata sent with the request headers.
    public var metadata: Metadata
    /// Largest response message accepted; larger ones fail the call with RESOURCE_EXHAUSTED.
    /// nil uses the channel's default.
    public var maxReceiveMessageSize: Int?

    public init(timeout: Duration? = nil, idleTimeout: Duration? = nil, metadata: Metadata = [:], maxReceiveMessageSize: Int? = nil) {
        self.timeout = timeout
        self.idleTimeout = idleTimeout
        self.metadata = metadata
        self.maxReceiveMessageSize = maxReceiveMessageSize
    }

    public static var defaults: CallOptions { CallOptions() }
}
