import FlockCodegen

/// Small models built in Swift (no protoc needed) for the snapshot and determinism tests.
enum SnapshotModel {
    static let messages: [ProtoMessage] = [
        ProtoMessage(name: "Request", fullName: "snap.v1.Request", fields: [
            ProtoField(name: "query", number: 1, type: .string, comments: ProtoComments(leading: " What to look for.\n")),
            ProtoField(name: "limit", number: 2, type: .uint32),
        ], comments: ProtoComments(leading: " A request.\n")),
        ProtoMessage(name: "Reply", fullName: "snap.v1.Reply", fields: [
            ProtoField(name: "items", number: 1, label: .repeated, type: .bytes),
        ]),
    ]

    /// A file with one service whose single method has the given streaming flags.
    static func service(clientStreaming: Bool, serverStreaming: Bool) -> ProtoFile {
        ProtoFile(name: "snap/v1/snap.proto", package: "snap.v1", messages: messages, services: [
            ProtoService(name: "Search", fullName: "snap.v1.Search", methods: [
                ProtoService.Method(name: "Find", inputType: "snap.v1.Request", outputType: "snap.v1.Reply",
                                    clientStreaming: clientStreaming, serverStreaming: serverStreaming,
                                    comments: ProtoComments(leading: " Finds things.\n")),
            ], comments: ProtoComments(leading: " Searches.\n")),
        ])
    }

    /// Messages with every shape the renderer knows: scalars of each kind, enum, string, bytes,
    /// repeated, map, sub-message, nested message and enum, a Swift/C keyword field.
    static let allShapes = ProtoFile(name: "snap/v1/shapes.proto", package: "snap.v1", messages: [
        ProtoMessage(name: "Shapes", fullName: "snap.v1.Shapes", fields: [
            ProtoField(name: "i32", number: 1, type: .int32),
            ProtoField(name: "s64", number: 2, type: .sint64),
            ProtoField(name: "f32", number: 3, type: .fixed32),
            ProtoField(name: "ratio", number: 4, type: .float),
            ProtoField(name: "flag", number: 5, type: .bool),
            ProtoField(name: "label", number: 6, type: .string),
            ProtoField(name: "blob", number: 7, type: .bytes),
            ProtoField(name: "color", number: 8, type: .enum, typeName: "snap.v1.Color"),
            ProtoField(name: "colors", number: 9, label: .repeated, type: .enum, typeName: "snap.v1.Color"),
            ProtoField(name: "flags", number: 10, label: .repeated, type: .bool),
            ProtoField(name: "names", number: 11, label: .repeated, type: .string),
            ProtoField(name: "parts", number: 12, label: .repeated, type: .message, typeName: "snap.v1.Shapes.Part"),
            ProtoField(name: "by_id", number: 13, label: .repeated, type: .message, typeName: "snap.v1.Shapes.ByIdEntry"),
            ProtoField(name: "main_part", number: 14, type: .message, typeName: "snap.v1.Shapes.Part"),
            ProtoField(name: "default", number: 15, type: .uint64),
        ], nestedMessages: [
            ProtoMessage(name: "Part", fullName: "snap.v1.Shapes.Part", fields: [
                ProtoField(name: "side", number: 1, type: .enum, typeName: "snap.v1.Shapes.Side"),
            ]),
            ProtoMessage(name: "ByIdEntry", fullName: "snap.v1.Shapes.ByIdEntry", fields: [
                ProtoField(name: "key", number: 1, type: .int64),
                ProtoField(name: "value", number: 2, type: .message, typeName: "snap.v1.Shapes.Part"),
            ], isMapEntry: true),
        ], nestedEnums: [
            ProtoEnum(name: "Side", fullName: "snap.v1.Shapes.Side", values: [
                .init(name: "SIDE_UNSPECIFIED", number: 0), .init(name: "SIDE_LEFT", number: 1),
            ]),
        ]),
        ProtoMessage(name: "Nothing", fullName: "snap.v1.Nothing"),
    ], enums: [
        ProtoEnum(name: "Color", fullName: "snap.v1.Color", values: [
            .init(name: "COLOR_UNSPECIFIED", number: 0),
            .init(name: "COLOR_RED", number: 1, comments: ProtoComments(leading: " Like a tomato.\n")),
            .init(name: "COLOR_CRIMSON", number: 1),
        ], comments: ProtoComments(leading: " A color; CRIMSON is an alias of RED.\n")),
    ])
}
