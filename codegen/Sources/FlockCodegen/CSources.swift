/// Places protoc-c output in a SwiftPM C target: `.pb-c.c` files at their relative path in the
/// target, `.pb-c.h` files under `include/` at the same relative path (the `.c` files include
/// them as `"fl/v1/common.pb-c.h"`), each headed with a DO NOT EDIT banner, plus the umbrella
/// header `include/<Module>.h` that includes every generated header, and `include/module.modulemap`
/// naming it (SwiftPM takes an umbrella header only when `include/` has no subfolders).
public enum CSources {
    /// `protocOutput`: the files protoc-c wrote, paths relative to its `--c_out` folder.
    public static func arrange(protocOutput: [GeneratedFile], module: String,
                               regenerateCommand: String = "make proto") -> [GeneratedFile] {
        var output: [GeneratedFile] = []
        var headers: [String] = []
        for file in protocOutput.sorted(by: { $0.path < $1.path }) {
            let source: String
            if file.path.hasSuffix(".pb-c.c") {
                source = String(file.path.dropLast(".pb-c.c".count)) + ".proto"
                output.append(GeneratedFile(path: file.path,
                                            contents: FileHeader.c(source: source, command: regenerateCommand) + file.contents))
            } else if file.path.hasSuffix(".pb-c.h") {
                source = String(file.path.dropLast(".pb-c.h".count)) + ".proto"
                headers.append(file.path)
                output.append(GeneratedFile(path: "include/" + file.path,
                                            contents: FileHeader.c(source: source, command: regenerateCommand)
                                                + renamingKeywordServiceMembers(file.contents)))
            }
        }
        let guardName = module.uppercased() + "_H"
        var umbrella = """
            /* DO NOT EDIT.
             * Source: \(headers.map { String($0.dropLast(".pb-c.h".count)) + ".proto" }.joined(separator: ", "))
             * Regenerate with `\(regenerateCommand)`.
             * Umbrella header of the \(module) module: every header protoc-c generated. */
            #ifndef \(guardName)
            #define \(guardName)
            #include <protobuf-c/protobuf-c.h>

            """
        for header in headers { umbrella += "#include \"\(header)\"\n" }
        umbrella += "#endif\n"
        output.append(GeneratedFile(path: "include/\(module).h", contents: umbrella))
        output.append(GeneratedFile(path: "include/module.modulemap", contents: """
            // DO NOT EDIT. Regenerate with `\(regenerateCommand)`.
            module \(module) {
                header "\(module).h"
                export *
            }

            """))
        return output.sorted(by: { $0.path < $1.path })
    }

    /// protoc-c 1.4.1 names the function-pointer members of a service's C struct after the methods,
    /// lower-cased, without escaping C keywords: `rpc Register` gives `void (*register)(...)`, which
    /// does not compile. Those members get the `_` suffix protoc-c itself gives keyword fields. Only
    /// the member name changes (protobuf-c calls service methods by index), and Flock does not use
    /// protobuf-c's RPC services anyway.
    static func renamingKeywordServiceMembers(_ header: String) -> String {
        var result = header
        for keyword in CNaming.keywords.sorted() where result.contains("(*\(keyword))(") {
            result = result.replacing("(*\(keyword))(", with: "(*\(keyword)_)(")
        }
        return result
    }
}
