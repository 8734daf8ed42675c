import FlockCodegen
import Foundation
import Testing

/// The committed generated code must equal what the protos generate now. When this fails, run
/// `make proto` and commit the result (`make check-proto` does the same check from the shell).
@Suite("Committed generated code is current")
struct GeneratedCodeIsCurrentTests {
    @Test("regenerating into a temporary folder matches every committed generated file (else run `make proto`)")
    func current() throws {
        let root = Tools.repositoryRoot
        let temp = try Tools.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: temp) }
        let protos = Tools.protoFiles(under: root.appendingPathComponent("proto"))
        #expect(!protos.isEmpty)

        let cOut = temp.appendingPathComponent("c"), descriptorOut = temp.appendingPathComponent("descriptor-c")
        try FileManager.default.createDirectory(at: cOut, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: descriptorOut, withIntermediateDirectories: true)
        try Tools.run("protoc-c", ["-I", "proto", "--c_out=\(cOut.path)"] + protos, in: root)
        try Tools.run("protoc-c", ["-I", "codegen/proto", "--c_out=\(descriptorOut.path)", "google/protobuf/descriptor.proto"], in: root)
        let generator = Generator(files: try DescriptorSetParser.parse(
            try Tools.descriptorSet(root: root.appendingPathComponent("proto"), protos: protos)))

        try compare(try generator.swiftSources(), with: "Sources/FlockProto/Generated")
        try compare(try generator.testFixtures(), with: "Tests/FlockProtoTests/Generated")
        try compare(CSources.arrange(protocOutput: try read(cOut), module: "CFlockProto"), with: "Sources/CFlockProto")
        try compare(CSources.arrange(protocOutput: try read(descriptorOut), module: "CFlockDescriptor"),
                    with: "codegen/Sources/CFlockDescriptor")

        // fl-codegen's own test samples.
        let sampleRoot = Tools.testsFolder.appendingPathComponent("Protos")
        let samples = Tools.protoFiles(under: sampleRoot)
        let samplesOut = temp.appendingPathComponent("samples-c")
        try FileManager.default.createDirectory(at: samplesOut, withIntermediateDirectories: true)
        try Tools.run("protoc-c", ["-I", sampleRoot.path, "--c_out=\(samplesOut.path)"] + samples, in: root)
        let sampleGenerator = Generator(files: try DescriptorSetParser.parse(try Tools.descriptorSet(root: sampleRoot, protos: samples)),
                                        cModule: "CFlockCodegenSamples")
        try compare(try sampleGenerator.swiftSources(), with: "codegen/Tests/Samples/FlockCodegenSamples")
        try compare(CSources.arrange(protocOutput: try read(samplesOut), module: "CFlockCodegenSamples"),
                    with: "codegen/Tests/Samples/CFlockCodegenSamples")
    }

    private func read(_ folder: URL) throws -> [GeneratedFile] {
        try Tools.files(under: folder).map { GeneratedFile(path: $0.path, contents: $0.contents) }
    }

    private func compare(_ fresh: [GeneratedFile], with committedFolder: String) throws {
        let committed = try Tools.files(under: Tools.repositoryRoot.appendingPathComponent(committedFolder))
        let committedByPath = Dictionary(uniqueKeysWithValues: committed.map { ($0.path, $0.contents) })
        let freshByPath = Dictionary(uniqueKeysWithValues: fresh.map { ($0.path, $0.contents) })
        for path in freshByPath.keys.sorted() {
            if committedByPath[path] == nil {
                Issue.record("\(committedFolder)/\(path) is missing; run `make proto` and commit the result")
            } else if committedByPath[path] != freshByPath[path] {
                Issue.record("\(committedFolder)/\(path) is stale; run `make proto` and commit the result")
            }
        }
        for path in committedByPath.keys.sorted() where freshByPath[path] == nil {
            Issue.record("\(committedFolder)/\(path) is no longer generated; run `make proto` (it deletes stale outputs) and commit")
        }
    }
}
