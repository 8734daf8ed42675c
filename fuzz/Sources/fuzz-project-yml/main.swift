// Fuzz target: project.yml parsing (ProjectConfig.parse, Yams + ProjectFileReader). Any input
// must parse or fail with a FlockError; a parsed project must hold only safe names.
import FlockCore
import FlockProvision
import FuzzSupport

fuzzMain { bytes in
    let text = String(decoding: bytes, as: UTF8.self)
    do {
        let project = try ProjectConfig.parse(yaml: text)
        for client in project.clients {
            precondition(!client.name.isEmpty && !client.name.contains("/") && client.name != ".." && client.name != ".",
                         "project.yml accepted an unsafe client name \(client.name)")
        }
    } catch is FlockError {
    } catch {
        fatalError("project.yml parsing threw a non-FlockError: \(error)")
    }
}
