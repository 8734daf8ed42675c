/// What a server handler knows about the call it serves.
public struct ServerContext: Sendable {
    /// The method being called.
    public let method: MethodDescriptor
    /// The peer's certificate subject CN, verified against the root CA during the TLS handshake
    /// (client name, admin email). nil only on a connection without a client certificate, which the
    /// mutual-TLS server never accepts.
    public let peerCommonName: String?
    /// The peer certificate's subject O and OU entries (Flock puts an admin's organisation and
    /// roles there), from the same verified certificate.
    public let peerOrganization: String?
    public let peerOrganizationalUnits: [String]
    /// The peer's address, `ip:port`.
    public let peerAddress: String
    /// Request metadata (custom headers; reserved `:`- and `grpc-`-prefixed headers excluded).
    public let metadata: Metadata
    /// When the client's `grpc-timeout` runs out, if it sent one. The transport cancels the handler's
    /// task at that moment; handlers need not check it themselves.
    public let deadline: ContinuousClock.Instant?

    public init(method: MethodDescriptor, peerCommonName: String?, peerAddress: String,
                metadata: Metadata = [:], deadline: ContinuousClock.Instant? = nil,
                peerOrganization: String? = nil, peerOrganizationalUnits: [String] = []) {
        self.method = method
        self.peerCommonName = peerCommonName
        self.peerOrganization = peerOrganization
        self.peerOrganizationalUnits = peerOrganizationalUnits
        self.peerAddress = peerAddress
        self.metadata = metadata
        self.deadline = deadline
    }
}
