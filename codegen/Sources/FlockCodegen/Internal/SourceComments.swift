internal import CFlockDescriptor

/// The comments of a file's `SourceCodeInfo`, looked up by location path (the field-number /
/// index path protoc uses, e.g. `[4, 0, 2, 1]` = message 0, field 1).
struct SourceComments {
    private var byPath: [[Int32]: ProtoComments] = [:]

    init(_ info: UnsafeMutablePointer<Google__Protobuf__SourceCodeInfo>?) {
        guard let info else { return }
        for location in items(info.pointee.n_location, info.pointee.location) {
            let l = location.pointee
            guard l.leading_comments != nil || l.trailing_comments != nil, l.n_path > 0 else { continue }
            let path = Array(UnsafeBufferPointer(start: l.path, count: l.n_path))
            // The first location recorded for a path is the declaration itself.
            if byPath[path] == nil {
                byPath[path] = ProtoComments(leading: string(l.leading_comments), trailing: string(l.trailing_comments))
            }
        }
    }

    subscript(path: [Int32]) -> ProtoComments { byPath[path] ?? .none }
}
