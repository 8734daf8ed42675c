import Foundation
import Testing
import FlockCore
import FlockTLS
@testable import FlockProvision

@Suite("Encrypted packages open with standard tools and fl-provision unpack")
struct PackageTests {
    private func provision(_ encryption: ZipEncryption) throws -> (Fixtures.Sandbox, Provisioner.IssuedPackage) {
        let box = try Fixtures.Sandbox(Fixtures.project(clients: [("a", "site-1", nil)], admins: [("a", "a@b.org", nil)]))
        let result = try box.provision(encryption: encryption)
        return (box, result.packages[1])
    }

    private func checkExtracted(_ startup: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(Fixtures.entries(startup).contains("client.key"), sourceLocation: sourceLocation)
        #expect(try TestSupport.mode(startup + "/client.key") == 0o600, sourceLocation: sourceLocation)
        #expect(try TestSupport.mode(startup + "/start.sh") == 0o755, sourceLocation: sourceLocation)
        try KitSignature.verify(startupDirectory: startup)
    }

    @Test("unzip -P extracts a zipcrypto kit with its modes; a wrong password fails")
    func zipCryptoWithUnzip() throws {
        let (box, package) = try provision(.zipcrypto)
        defer { box.remove() }
        let good = try TestSupport.run("unzip", ["-q", "-P", package.password, package.path, "-d", box.root + "/good"])
        #expect(good.status == 0, "\(good.output)")
        try checkExtracted(box.root + "/good/startup")
        let bad = try TestSupport.run("unzip", ["-P", "WRONGpassword123", package.path, "-d", box.root + "/bad"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("incorrect password"))
        #expect(!FileManager.default.fileExists(atPath: box.root + "/bad/startup/client.key"))
    }

    @Test("7z x -p and bsdtar extract an AES-256 kit; unzip cannot, and a wrong password fails")
    func aesWith7zAndBsdtar() throws {
        let (box, package) = try provision(.aes256)
        defer { box.remove() }
        let sevenZip = try TestSupport.run("7z", ["x", "-p" + package.password, "-o" + box.root + "/7z", package.path])
        #expect(sevenZip.status == 0, "\(sevenZip.output)")
        try checkExtracted(box.root + "/7z/startup")
        let technical = try TestSupport.run("7z", ["l", "-slt", "-p" + package.password, package.path]).stdout
        #expect(technical.contains("Method = AES-256"))

        try FileManager.default.createDirectory(atPath: box.root + "/tar", withIntermediateDirectories: true)
        let tar = try TestSupport.run("bsdtar", ["--passphrase", package.password, "-xf", package.path, "-C", box.root + "/tar"])
        #expect(tar.status == 0, "\(tar.output)")
        try checkExtracted(box.root + "/tar/startup")

        let wrong = try TestSupport.run("7z", ["x", "-pWRONGpassword123", "-o" + box.root + "/wrong", package.path])
        #expect(wrong.status != 0)
        #expect(wrong.output.contains("Wrong password"))
        let unzip = try TestSupport.run("unzip", ["-P", package.password, package.path, "-d", box.root + "/unzip"])
        #expect(!FileManager.default.fileExists(atPath: box.root + "/unzip/startup/client.key"), "\(unzip.output)")
    }

    @Test("fl-provision unpack opens both kinds; a wrong password fails and leaves nothing")
    func unpackCommand() throws {
        for encryption in ZipEncryption.allCases {
            let (box, package) = try provision(encryption)
            defer { box.remove() }
            let ok = try TestSupport.run(TestSupport.flProvision, ["unpack", package.path, "-d", box.root + "/site", "-P", package.password])
            #expect(ok.status == 0, "\(encryption): \(ok.output)")
            #expect(ok.stderr.contains("kit signature verified"))
            try checkExtracted(box.root + "/site/startup")
            #expect(Fixtures.entries(box.root + "/site") == ["startup"])

            // Password from standard input; refusal to overwrite an existing startup/.
            let again = try TestSupport.run(TestSupport.flProvision, ["unpack", package.path, "-d", box.root + "/site"], stdin: package.password + "\n")
            #expect(again.status == 1)
            #expect(again.stderr.contains("already exists"))
            let piped = try TestSupport.run(TestSupport.flProvision, ["unpack", package.path, "-d", box.root + "/piped"], stdin: package.password + "\n")
            #expect(piped.status == 0, "\(piped.output)")

            let wrong = try TestSupport.run(TestSupport.flProvision, ["unpack", package.path, "-d", box.root + "/wrong", "-P", "WRONGpassword123"])
            #expect(wrong.status == 1)
            #expect(wrong.stderr.contains("wrong password"), "\(encryption): \(wrong.stderr)")
            #expect(!FileManager.default.fileExists(atPath: box.root + "/wrong"))
        }
    }

    @Test("zipcrypto prints a warning that it is weak")
    func zipCryptoWarning() throws {
        let box = try Fixtures.Sandbox(Fixtures.project())
        defer { box.remove() }
        let result = try TestSupport.run(TestSupport.flProvision, ["-p", box.projectFile, "-o", box.output, "--zip-encryption", "zipcrypto"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: --zip-encryption zipcrypto is weak"))
        let aes = try TestSupport.run(TestSupport.flProvision, ["-p", box.projectFile, "-o", box.root + "/aes"])
        #expect(!aes.stderr.contains("warning"))
    }

    @Test("unpack refuses a zip with entries outside startup/")
    func hostileZip() throws {
        let dir = try TestSupport.makeTempDirectory("hostile")
        defer { TestSupport.remove(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/src/startup", withIntermediateDirectories: true)
        try TestSupport.write("x", to: dir + "/src/startup/a.txt")
        try TestSupport.write("evil", to: dir + "/src/evil.txt")
        let zip = try TestSupport.run("zip", ["-q", "-P", "pw", "-r", dir + "/kit.zip", "startup", "evil.txt"], in: dir + "/src")
        #expect(zip.status == 0)
        do {
            _ = try KitUnpacker.unpack(package: dir + "/kit.zip", password: "pw", into: dir + "/out")
            Issue.record("a zip with evil.txt was unpacked")
        } catch let error as FlockError {
            #expect(error.message.contains("'evil.txt', which is not a file directly in startup/"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }

    @Test("unpack refuses a huge entry (a zip bomb) instead of reading it into memory, and leaves nothing")
    func hugeEntry() throws {
        let dir = try TestSupport.makeTempDirectory("bomb")
        defer { TestSupport.remove(dir) }
        try FileManager.default.createDirectory(atPath: dir + "/src/startup", withIntermediateDirectories: true)
        // Zeros compress about 1000:1, so the zip is small and the entry is over the limit.
        FileManager.default.createFile(atPath: dir + "/src/startup/big.bin", contents: Data(count: KitUnpacker.maxEntryBytes + 1))
        let zip = try TestSupport.run("zip", ["-q", "-P", "pw", "-r", dir + "/kit.zip", "startup"], in: dir + "/src")
        #expect(zip.status == 0)
        do {
            _ = try KitUnpacker.unpack(package: dir + "/kit.zip", password: "pw", into: dir + "/out")
            Issue.record("a kit with a 16 MiB entry was unpacked")
        } catch let error as FlockError {
            #expect(error.message.contains("'startup/big.bin' in '\(dir)/kit.zip' is larger than 16 MiB"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/out"))
    }
}

@Suite("fl-provision command line")
struct CommandLineTests {
    @Test("--help explains every option and subcommand")
    func help() throws {
        let help = try TestSupport.run(TestSupport.flProvision, ["--help"]).stdout
        for text in ["-p, --project <project.yml>", "-o, --output <OUTDIR>", "--zip-encryption <aes256|zipcrypto>", "--reissue-all", "-v, --verbose", "init", "unpack"] {
            #expect(help.contains(text), "\(text) missing from --help")
        }
        let unpack = try TestSupport.run(TestSupport.flProvision, ["help", "unpack"]).stdout
        for text in ["<KIT.zip>", "-d, --directory <DIR>", "-P, --password <PASSWORD>"] { #expect(unpack.contains(text)) }
    }

    @Test("init writes a commented example that provisions as is, and will not overwrite it")
    func initThenProvision() throws {
        let dir = try TestSupport.makeTempDirectory("init")
        defer { TestSupport.remove(dir) }
        let made = try TestSupport.run(TestSupport.flProvision, ["init"], in: dir)
        #expect(made.status == 0)
        let text = try TestSupport.read(dir + "/project.yml")
        #expect(text.contains("# The host name clients and admins dial"))
        let again = try TestSupport.run(TestSupport.flProvision, ["init"], in: dir)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        #expect(try TestSupport.read(dir + "/project.yml") == text)
        let elsewhere = try TestSupport.run(TestSupport.flProvision, ["init", "-o", "other.yml"], in: dir)
        #expect(elsewhere.status == 0, "\(elsewhere.output)")
        #expect(try TestSupport.read(dir + "/other.yml") == text)
        try FileManager.default.removeItem(atPath: dir + "/other.yml")

        // Defaults: ./project.yml into the current folder, passwords in the seed's format.
        let run = try TestSupport.run(TestSupport.flProvision, [], in: dir)
        #expect(run.status == 0, "\(run.output)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        let pattern = #"^===> password: [A-Za-z0-9]{16} for (server|flclient1|flclient2|email@hello\.world\.com|email@foo\.bar\.com)\.zip( to \S+)?$"#
        for line in lines { #expect(line.range(of: pattern, options: .regularExpression) != nil, "\(line)") }
        #expect(lines[1].hasSuffix("for flclient1.zip to optional.email@flclient.org"))
        #expect(lines[2].hasSuffix("for flclient2.zip"))
        #expect(lines[3].hasSuffix("for email@hello.world.com.zip to email@hello.world.com"))
        #expect(Fixtures.entries(dir) == ["audit.json", "packages", "project.yml", "state"])
        #expect(Set(lines).count == 5)
    }
}
