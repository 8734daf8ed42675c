import ArgumentParser
import FlockCodegen
import Foundation

/// `fl-codegen c`: protoc-c output in, a SwiftPM C target's sources out.
struct CCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "c",
        abstract: "Places protoc-c output in a C target (.c in the target, .h under include/) with headers and an umbrella header.")

    @Option(name: .customLong("protoc-c-out"), help: "The folder protoc-c wrote into (--c_out).")
    var protocCOut: String

    @Option(name: .customLong("out"), help: "The C target's folder, e.g. Sources/CFlockProto.")
    var out: String

    @Option(name: .customLong("module"), help: "The C module name; its umbrella header is include/<module>.h.")
    var module: String

    func run() throws {
        let root = URL(fileURLWithPath: protocCOut)
        guard let enumerator = FileManager.default.enumerator(atPath: protocCOut) else {
            throw ValidationError("cannot read \(protocCOut)")
        }
        var raw: [GeneratedFile] = []
        for case let path as String in enumerator where path.hasSuffix(".pb-c.c") || path.hasSuffix(".pb-c.h") {
            let contents = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            raw.append(GeneratedFile(path: path, contents: contents))
        }
        guard !raw.isEmpty else { throw ValidationError("no protoc-c output (*.pb-c.c, *.pb-c.h) under \(protocCOut)") }
        try OutputWriter.write(CSources.arrange(protocOutput: raw, module: module), to: out)
    }
}
