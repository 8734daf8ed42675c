internal import CFlockDescriptor
internal import CProtobufC

/// Turns the `FileDescriptorSet` protoc writes (`protoc --descriptor_set_out=F --include_imports
/// --include_source_info`) into the neutral model.
///
/// The set is decoded by protobuf-c with the protoc-c output for our own copy of
/// `codegen/proto/google/protobuf/descriptor.proto` (target `CFlockDescriptor`): the same wire
/// code the product uses, so the generator carries no hand-written protobuf decoder.
public enum DescriptorSetParser {
    /// Parses a serialized `FileDescriptorSet`. Files appear in the set's order (protoc writes
    /// dependencies first). Throws `CodegenError` when the bytes are not a descriptor set.
    public static func parse(_ bytes: [UInt8]) throws -> [ProtoFile] {
        let set = bytes.withUnsafeBufferPointer { buffer in
            google__protobuf__file_descriptor_set__unpack(nil, buffer.count, buffer.baseAddress)
        }
        guard let set else {
            throw CodegenError("the input is not a serialized google.protobuf.FileDescriptorSet (run protoc with --descriptor_set_out)")
        }
        defer { google__protobuf__file_descriptor_set__free_unpacked(set, nil) }
        return items(set.pointee.n_file, set.pointee.file).map(parseFile)
    }

    private static func parseFile(_ file: UnsafeMutablePointer<Google__Protobuf__FileDescriptorProto>) -> ProtoFile {
        let f = file.pointee
        let comments = SourceComments(f.source_code_info)
        let package = string(f.package)
        let prefix = package.isEmpty ? "" : package + "."
        return ProtoFile(
            name: string(f.name),
            package: package,
            syntax: f.syntax == nil ? "proto2" : string(f.syntax),
            dependencies: strings(f.n_dependency, f.dependency),
            messages: items(f.n_message_type, f.message_type).enumerated().map { i, m in
                parseMessage(m, scope: prefix, path: [4, Int32(i)], comments)
            },
            enums: items(f.n_enum_type, f.enum_type).enumerated().map { i, e in
                parseEnum(e, scope: prefix, path: [5, Int32(i)], comments)
            },
            services: items(f.n_service, f.service).enumerated().map { i, s in
                parseService(s, scope: prefix, path: [6, Int32(i)], comments)
            })
    }

    private static func parseMessage(_ message: UnsafeMutablePointer<Google__Protobuf__DescriptorProto>,
                                     scope: String, path: [Int32], _ comments: SourceComments) -> ProtoMessage {
        let m = message.pointee
        let name = string(m.name)
        let fullName = scope + name
        let isMapEntry = m.options.map { $0.pointee.has_map_entry != 0 && $0.pointee.map_entry != 0 } ?? false
        let fields = items(m.n_field, m.field).enumerated().map { i, field in
            parseField(field, comments[path + [2, Int32(i)]])
        }
        let proto3OptionalOneofs = Set(fields.filter(\.isProto3Optional).compactMap(\.oneofIndex))
        return ProtoMessage(
            name: name,
            fullName: fullName,
            fields: fields,
            oneofs: items(m.n_oneof_decl, m.oneof_decl).enumerated().map { i, o in
                ProtoOneof(name: string(o.pointee.name), isSynthetic: proto3OptionalOneofs.contains(i))
            },
            nestedMessages: items(m.n_nested_type, m.nested_type).enumerated().map { i, nested in
                parseMessage(nested, scope: fullName + ".", path: path + [3, Int32(i)], comments)
            },
            nestedEnums: items(m.n_enum_type, m.enum_type).enumerated().map { i, e in
                parseEnum(e, scope: fullName + ".", path: path + [4, Int32(i)], comments)
            },
            isMapEntry: isMapEntry,
            comments: comments[path])
    }

    private static func parseField(_ field: UnsafeMutablePointer<Google__Protobuf__FieldDescriptorProto>,
                                   _ comments: ProtoComments) -> ProtoField {
        let f = field.pointee
        let label: ProtoField.Label
        switch f.label.rawValue {
        case 2: label = .required
        case 3: label = .repeated
        default: label = .optional
        }
        let typeName = string(f.type_name)
        return ProtoField(
            name: string(f.name),
            number: f.number,
            label: label,
            type: ProtoField.FieldType(rawValue: Int(f.type.rawValue)) ?? .group,
            typeName: typeName.isEmpty ? nil : (typeName.hasPrefix(".") ? String(typeName.dropFirst()) : typeName),
            oneofIndex: f.has_oneof_index != 0 ? Int(f.oneof_index) : nil,
            isProto3Optional: f.has_proto3_optional != 0 && f.proto3_optional != 0,
            comments: comments)
    }

    private static func parseEnum(_ enumType: UnsafeMutablePointer<Google__Protobuf__EnumDescriptorProto>,
                                  scope: String, path: [Int32], _ comments: SourceComments) -> ProtoEnum {
        let e = enumType.pointee
        let name = string(e.name)
        return ProtoEnum(
            name: name,
            fullName: scope + name,
            values: items(e.n_value, e.value).enumerated().map { i, v in
                ProtoEnum.Value(name: string(v.pointee.name), number: v.pointee.number,
                                comments: comments[path + [2, Int32(i)]])
            },
            comments: comments[path])
    }

    private static func parseService(_ service: UnsafeMutablePointer<Google__Protobuf__ServiceDescriptorProto>,
                                     scope: String, path: [Int32], _ comments: SourceComments) -> ProtoService {
        let s = service.pointee
        let name = string(s.name)
        return ProtoService(
            name: name,
            fullName: scope + name,
            methods: items(s.n_method, s.method).enumerated().map { i, method in
                let m = method.pointee
                return ProtoService.Method(
                    name: string(m.name),
                    inputType: String(string(m.input_type).drop(while: { $0 == "." })),
                    outputType: String(string(m.output_type).drop(while: { $0 == "." })),
                    clientStreaming: m.has_client_streaming != 0 && m.client_streaming != 0,
                    serverStreaming: m.has_server_streaming != 0 && m.server_streaming != 0,
                    comments: comments[path + [2, Int32(i)]])
            },
            comments: comments[path])
    }
}

/// The elements of a protobuf-c repeated message field (`n_x`, `x`).
func items<T>(_ count: Int, _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<T>?>?) -> [UnsafeMutablePointer<T>] {
    guard let pointer, count > 0 else { return [] }
    return UnsafeBufferPointer(start: pointer, count: count).compactMap { $0 }
}

/// A protobuf-c string field; "" for NULL.
func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
    guard let pointer else { return "" }
    return String(cString: pointer)
}

/// A protobuf-c repeated string field.
func strings(_ count: Int, _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> [String] {
    guard let pointer, count > 0 else { return [] }
    return UnsafeBufferPointer(start: pointer, count: count).map { string($0) }
}
