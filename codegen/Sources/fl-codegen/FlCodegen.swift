import ArgumentParser

/// fl-codegen: Flock's protocol code generator. Thin: parsing and rendering live in FlockCodegen.
/// `make proto` (scripts/gen-proto.sh) runs it; see there for the whole pipeline.
@main
struct FlCodegen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fl-codegen",
        abstract: "Generates Flock's Swift protocol code and arranges protoc-c output.",
        subcommands: [SwiftCommand.self, CCommand.self])
}
