import Foundation
import Testing
import FlockCore
import FlockTLS
@testable import FlockProvision

/// Project files and provisioning helpers shared by the provisioning tests.
enum Fixtures {
    static func project(name: String = "project1", cn: String = "localhost", fedPort: Int = 8002, adminPort: Int = 8003,
                        clients: [(org: String, name: String, email: String?)] = [("hospital-a", "flclient1", "optional.email@flclient.org"), ("hospital-b", "flclient2", nil)],
                        admins: [(org: String, email: String, roles: String?)] = [("nvidia", "email@hello.world.com", nil), ("hospital-a", "email@foo.bar.com", "[org_admin]")],
                        extra: String = "") -> String {
        var text = """
        name: \(name)
        \(extra)
        server:
          org: nvidia
          cn: \(cn)
          fed_learn_port: \(fedPort)
          admin_port: \(adminPort)
          admin_storage: transfer
          min_num_clients: 1
          max_num_clients: 100
        fl_clients:

        """
        for client in clients {
            text += "  - org: \(client.org)\n    client_name: \(client.name)\n"
            if let email = client.email { text += "    email: \(email)\n" }
        }
        text += "admin_clients:\n"
        for admin in admins {
            text += "  - org: \(admin.org)\n    email: \(admin.email)\n"
            if let roles = admin.roles { text += "    roles: \(roles)\n" }
        }
        return text
    }

    /// A temp folder holding `project.yml` with `text`; output goes to `<folder>/out`.
    struct Sandbox {
        let root: String
        var projectFile: String { root + "/project.yml" }
        var output: String { root + "/out" }

        init(_ text: String) throws {
            root = try TestSupport.makeTempDirectory("prov")
            try TestSupport.write(text, to: root + "/project.yml")
        }

        func provision(encryption: ZipEncryption = .aes256, reissueAll: Bool = false,
                       hook: ((String) throws -> Void)? = nil) throws -> Provisioner.Result {
            let provisioner = Provisioner()
            provisioner.afterKitHook = hook
            return try provisioner.run(.init(projectFile: projectFile, outputDirectory: output,
                                             zipEncryption: encryption, reissueAll: reissueAll))
        }

        /// Extracts a package into `<root>/kits/<name>` and returns its startup folder.
        func unpack(_ package: Provisioner.IssuedPackage) throws -> String {
            let dir = root + "/kits/" + package.name
            return try KitUnpacker.unpack(package: package.path, password: package.password, into: dir).startupDirectory
        }

        func remove() { TestSupport.remove(root) }
    }

    /// Every file under `root` with its SHA-256, to compare states before and after a run.
    static func snapshot(_ root: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for file in TestSupport.listFiles(root) {
            result[file] = try KitSignature.sha256Hex(ofFile: root + "/" + file)
        }
        return result
    }

    /// Every entry (files and folders, hidden ones included) directly in `dir`.
    static func entries(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }
}
