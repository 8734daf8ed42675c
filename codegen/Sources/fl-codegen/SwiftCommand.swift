import ArgumentParser
import FlockCodegen
import Foundation

/// `fl-codegen swift`: FileDescriptorSet in, Swift sources out.
struct SwiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swift",
        abstract: "Renders Swift message types, service protocols and clients from a descriptor set.",
        discussion: "Make the descriptor set with: protoc -I proto --include_imports --include_source_info --descriptor_set_out=FILE PROTOS")

    @Option(name: .customLong("descriptor-set"), help: "A FileDescriptorSet written by protoc.")
    var descriptorSet: String

    @Option(name: .customLong("out"), help: "Folder for the generated Swift sources (FlockProto/Generated).")
    var out: String

    @Option(name: .customLong("fixtures-out"), help: "Folder for the generated test fixtures (optional).")
    var fixturesOut: String?

    @Option(name: .customLong("c-module"), help: "The C module with the protoc-c output.")
    var cModule = "CFlockProto"

    @Option(name: .customLong("runtime-module"), help: "The module with the conversion runtime.")
    var runtimeModule = "FlockProtoRuntime"

    func validate() throws {
        guard FileManager.default.fileExists(atPath: descriptorSet) else {
            throw ValidationError("no descriptor set at \(descriptorSet); create it with protoc --descriptor_set_out")
        }
    }

    func run() throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: descriptorSet)))
        let generator = Generator(files: try DescriptorSetParser.parse(bytes), cModule: cModule, runtimeModule: runtimeModule)
        try OutputWriter.write(try generator.swiftSources(), to: out)
        if let fixturesOut {
            try OutputWriter.write(try generator.testFixtures(), to: fixturesOut)
        }
    }
}
