public import CProtobufC
internal import FlockRPC

// Copies out of unpacked protobuf-c messages; generated `init(_cMessage:arena:)`s call these
// (`bytes` values come from `CUnpackArena.bytes`).

/// A protobuf-c string ("" for NULL). Invalid UTF-8 (which proto3 forbids) fails the decode.
public func decodeString(_ pointer: UnsafePointer<CChar>?, in message: String) throws -> String {
    guard let pointer else { return "" }
    guard let string = String(validatingCString: pointer) else {
        throw RPCError(.invalidArgument, "cannot decode \(message): a string field is not valid UTF-8")
    }
    return string
}

/// A protobuf-c repeated field of plain values.
public func decodeArray<T>(_ count: Int, _ pointer: UnsafeMutablePointer<T>?) -> [T] {
    guard count > 0, let pointer else { return [] }
    return Array(UnsafeBufferPointer(start: pointer, count: count))
}

/// A protobuf-c repeated message field.
public func decodeMessages<C, S>(_ count: Int, _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<C>?>?, in message: String,
                          _ transform: (UnsafePointer<C>) throws -> S) throws -> [S] {
    guard count > 0, let pointer else { return [] }
    return try UnsafeBufferPointer(start: pointer, count: count).map { element in
        guard let element else { throw RPCError(.invalidArgument, "cannot decode \(message): a missing repeated element") }
        return try transform(element)
    }
}

/// A protobuf-c map field (repeated entries); a later entry for a key wins, as protobuf specifies.
public func decodeMap<C, K: Hashable, V>(_ count: Int, _ pointer: UnsafeMutablePointer<UnsafeMutablePointer<C>?>?, in message: String,
                                  _ transform: (UnsafePointer<C>) throws -> (K, V)) throws -> [K: V] {
    var result: [K: V] = [:]
    for (key, value) in try decodeMessages(count, pointer, in: message, transform) {
        result[key] = value
    }
    return result
}
