/// How one proto field looks on the Swift side and on the protobuf-c side; shared by the message
/// and fixture renderers.
struct FieldModel {
    /// A single value of a field (an element of a repeated field, a map key or value).
    enum Value {
        /// Numbers: the Swift type equals the C type (`Int32` = `int32_t`, ...).
        case number(swiftType: String)
        /// `Bool`; C `protobuf_c_boolean` is an `int`.
        case bool
        case string
        case bytes
        case enumeration(swiftType: String, cType: String, defaultCase: String, lastCase: String)
        case message(swiftType: String, cType: String, fullName: String)

        var swiftType: String {
            switch self {
            case .number(let t): return t
            case .bool: return "Bool"
            case .string: return "String"
            case .bytes: return "[UInt8]"
            case .enumeration(let t, _, _, _): return t
            case .message(let t, _, _): return t
            }
        }

        /// The proto3 default, as a Swift expression (messages: `T()`).
        var defaultValue: String {
            switch self {
            case .number: return "0"
            case .bool: return "false"
            case .string: return "\"\""
            case .bytes: return "[]"
            case .enumeration(_, _, let d, _): return "." + d
            case .message(let t, _, _): return "\(t)()"
            }
        }
    }

    enum Shape {
        case singular(Value)
        case repeated(Value)
        case map(key: Value, value: Value, entryCType: String, entryFunctionPrefix: String)
    }

    var field: ProtoField
    /// Swift property name, escaped.
    var swiftName: String
    /// Swift parameter label (the same name; labels need no backticks except a few).
    var cName: String
    var shape: Shape

    /// The property type.
    var swiftType: String {
        switch shape {
        case .singular(let v):
            if case .message = v { return v.swiftType + "?" }
            return v.swiftType
        case .repeated(let v): return "[\(v.swiftType)]"
        case .map(let k, let v, _, _): return "[\(k.swiftType): \(v.swiftType)]"
        }
    }

    /// The property's initial value.
    var defaultValue: String {
        switch shape {
        case .singular(let v):
            if case .message = v { return "nil" }
            return v.defaultValue
        case .repeated: return "[]"
        case .map: return "[:]"
        }
    }

    /// Builds the field models of `message`; throws for what Flock does not support.
    static func fields(of message: ProtoMessage, registry: TypeRegistry) throws -> [FieldModel] {
        var seen: Set<String> = []
        return try message.fields.map { field in
            if field.isProto3Optional {
                throw CodegenError("\(message.fullName).\(field.name): proto3 `optional` is not supported (protoc-c 1.4.1 cannot generate it); use a wrapper message or a plain field")
            }
            if field.oneofIndex != nil {
                throw CodegenError("\(message.fullName).\(field.name): `oneof` is not supported by fl-codegen yet; use separate fields (at most one set)")
            }
            if field.label == .required {
                throw CodegenError("\(message.fullName).\(field.name): `required` fields are not supported; Flock's protos are proto3")
            }
            let model = FieldModel(field: field, swiftName: SwiftNaming.escaped(SwiftNaming.lowerCamel(field.name)),
                                   cName: CNaming.fieldName(field.name),
                                   shape: try shape(of: field, in: message, registry: registry))
            guard seen.insert(model.swiftName).inserted else {
                throw CodegenError("\(message.fullName).\(field.name): its Swift name \(model.swiftName) collides with another field's")
            }
            return model
        }
    }

    private static func shape(of field: ProtoField, in message: ProtoMessage, registry: TypeRegistry) throws -> Shape {
        if field.label == .repeated, field.type == .message, let typeName = field.typeName {
            let target = try registry.message(typeName)
            if target.isMapEntry {
                guard let keyField = target.fields.first(where: { $0.number == 1 }),
                      let valueField = target.fields.first(where: { $0.number == 2 }) else {
                    throw CodegenError("\(typeName): a map entry without key and value fields")
                }
                let entry = try registry.entry(typeName)
                return .map(key: try value(of: keyField, in: message, registry: registry),
                            value: try value(of: valueField, in: message, registry: registry),
                            entryCType: entry.cTypeName, entryFunctionPrefix: entry.cFunctionPrefix)
            }
        }
        let v = try value(of: field, in: message, registry: registry)
        return field.label == .repeated ? .repeated(v) : .singular(v)
    }

    private static func value(of field: ProtoField, in message: ProtoMessage, registry: TypeRegistry) throws -> Value {
        switch field.type {
        case .double: return .number(swiftType: "Double")
        case .float: return .number(swiftType: "Float")
        case .int64, .sint64, .sfixed64: return .number(swiftType: "Int64")
        case .uint64, .fixed64: return .number(swiftType: "UInt64")
        case .int32, .sint32, .sfixed32: return .number(swiftType: "Int32")
        case .uint32, .fixed32: return .number(swiftType: "UInt32")
        case .bool: return .bool
        case .string: return .string
        case .bytes: return .bytes
        case .group:
            throw CodegenError("\(message.fullName).\(field.name): groups are not supported")
        case .enum:
            guard let typeName = field.typeName else { throw CodegenError("\(message.fullName).\(field.name): enum without a type name") }
            let entry = try registry.entry(typeName)
            guard case .enumeration(let e) = entry.kind, let first = e.values.first, let last = e.values.last else {
                throw CodegenError("\(message.fullName).\(field.name): \(typeName) is not an enum with values")
            }
            return .enumeration(swiftType: entry.swiftName, cType: entry.cTypeName,
                                defaultCase: EnumRenderer.caseName(first, of: e),
                                lastCase: EnumRenderer.caseName(last, of: e))
        case .message:
            guard let typeName = field.typeName else { throw CodegenError("\(message.fullName).\(field.name): message without a type name") }
            let entry = try registry.entry(typeName)
            return .message(swiftType: entry.swiftName, cType: entry.cTypeName, fullName: typeName)
        }
    }
}
