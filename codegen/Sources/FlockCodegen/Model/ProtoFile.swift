/// One `.proto` file as the generator sees it: the neutral model the parser produces from a
/// `FileDescriptorSet` and the renderers consume. It holds only what code generation needs.
public struct ProtoFile: Sendable, Equatable {
    /// Path relative to the include root, e.g. `fl/v1/common.proto`.
    public var name: String
    /// Proto package, e.g. `fl.v1` (empty for none).
    public var package: String
    /// `proto2` or `proto3`.
    public var syntax: String
    /// Files this one imports (their `name`s).
    public var dependencies: [String]
    public var messages: [ProtoMessage]
    public var enums: [ProtoEnum]
    public var services: [ProtoService]

    public init(name: String, package: String, syntax: String = "proto3", dependencies: [String] = [],
                messages: [ProtoMessage] = [], enums: [ProtoEnum] = [], services: [ProtoService] = []) {
        self.name = name
        self.package = package
        self.syntax = syntax
        self.dependencies = dependencies
        self.messages = messages
        self.enums = enums
        self.services = services
    }
}
