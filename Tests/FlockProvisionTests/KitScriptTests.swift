import Foundation
import Testing
import FlockCore
@testable import FlockProvision

/// The kit scripts driven for real, with a tiny fake fl-server / fl-client / fl-admin in a temp
/// FLOCK_HOME that records its arguments and exits as told.
@Suite("Kit scripts", .serialized)
struct KitScriptTests {
    /// Records "ARGS: ..." per run. With FAKE_SEQUENCE="1 3 0" the n-th run exits with the n-th code;
    /// without it the program runs until SIGTERM, then exits 0.
    static let fakeProgram = #"""
    #!/usr/bin/env bash
    echo "ARGS: $*" >> "$FAKE_RECORD"
    n=$(wc -l < "$FAKE_RECORD")
    if [ -n "${FAKE_SEQUENCE:-}" ]; then
      set -- $FAKE_SEQUENCE
      code="${!n:-0}"
      echo "fake run $n exits with $code"
      exit "$code"
    fi
    trap 'echo "fake got TERM"; exit 0' TERM
    echo "fake $(basename "$0") running"
    while true; do sleep 0.05; done
    """#

    struct Site {
        let box: Fixtures.Sandbox
        let workspace: String
        var startup: String { workspace + "/startup" }
        var flockHome: String { box.root + "/flock" }
        var record: String { box.root + "/record.txt" }

        /// Provisions, unpacks `kind`'s kit into a workspace, and installs fakes in FLOCK_HOME/bin.
        init(_ kind: Participant.Kind) throws {
            box = try Fixtures.Sandbox(Fixtures.project())
            let result = try box.provision()
            let package = result.packages.first { $0.kind == kind }!
            workspace = box.root + "/ws"
            _ = try KitUnpacker.unpack(package: package.path, password: package.password, into: workspace)
            try FileManager.default.createDirectory(atPath: flockHome + "/bin", withIntermediateDirectories: true)
            for name in ["fl-server", "fl-client", "fl-admin"] { try install(at: flockHome + "/bin/" + name) }
        }

        /// Written through an O_CLOEXEC descriptor: Foundation's atomic write goes through mkstemp,
        /// whose descriptor a process that a concurrent test spawns at that moment inherits and
        /// keeps across exec; running the fake then fails with ETXTBSY ("Text file busy").
        func install(at path: String) throws {
            let file = try FileDescriptor(path: path, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o755)
            try file.write(Array(KitScriptTests.fakeProgram.utf8), at: 0)
        }

        func environment(_ extra: [String: String] = [:]) -> [String: String] {
            ["FLOCK_HOME": flockHome, "FAKE_RECORD": record, "FLOCK_RESTART_DELAY": "0"].merging(extra) { _, new in new }
        }

        /// Runs a kit script from `/` (not the kit's folder).
        func script(_ name: String, _ args: [String] = [], env: [String: String] = [:]) throws -> TestSupport.ProcessResult {
            try TestSupport.run("/bin/bash", [startup + "/" + name] + args, in: "/", environment: environment(env))
        }

        var runs: [String] {
            ((try? TestSupport.read(record)) ?? "").split(separator: "\n").map(String.init)
        }
        var log: String { (try? TestSupport.read(workspace + "/log.txt")) ?? "" }

        func pid(_ file: String) -> Int32? {
            (try? TestSupport.read(workspace + "/" + file)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }

        /// Stops anything this test started (by the pids it wrote) and removes the sandbox.
        func cleanUp() {
            for file in [KitScripts.processPidFile, KitScripts.supervisorPidFile] {
                if let pid = pid(file) { kill(pid, SIGKILL) }
            }
            box.remove()
        }
    }

    static func waitFor(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    static func alive(_ pid: Int32?) -> Bool { pid.map { kill($0, 0) == 0 } ?? false }

    @Test("server start.sh runs fl-server from any folder with the absolute startup path; stop_fl.sh stops it")
    func startAndStop() throws {
        let site = try Site(.server)
        defer { site.cleanUp() }
        let start = try site.script("start.sh", ["--extra", "arg"])
        #expect(start.status == 0, "\(start.output)")
        #expect(start.stdout.contains("is starting in the background"))
        #expect(Self.waitFor { site.runs.count == 1 && site.log.contains("fake fl-server running") })
        let realStartup = URL(fileURLWithPath: site.startup).resolvingSymlinksInPath().path
        #expect(site.runs == ["ARGS: --startup \(realStartup) --extra arg"])
        let supervisor = site.pid(KitScripts.supervisorPidFile)
        let program = site.pid(KitScripts.processPidFile)
        #expect(Self.alive(supervisor) && Self.alive(program))

        let twice = try site.script("start.sh")
        #expect(twice.status == 1)
        #expect(twice.stderr.contains("already running"))

        let stop = try site.script("stop_fl.sh")
        #expect(stop.status == 0, "\(stop.output)")
        #expect(stop.stdout.contains("stopped"))
        #expect(Self.waitFor(5) { !Self.alive(supervisor) && !Self.alive(program) })
        #expect(site.log.contains("fake got TERM"))
        #expect(site.log.contains("stopped on request"))
        #expect(!FileManager.default.fileExists(atPath: site.workspace + "/" + KitScripts.supervisorPidFile))
        #expect(site.runs.count == 1)  // not restarted after the stop

        let notRunning = try site.script("stop_fl.sh")
        #expect(notRunning.status == 1)
        #expect(notRunning.stderr.contains("is not running"))
    }

    @Test("sub_start.sh restarts a crashed program and stops on a clean exit")
    func restartsAfterCrash() throws {
        let site = try Site(.client)
        defer { site.cleanUp() }
        let run = try site.script("sub_start.sh", env: ["FAKE_SEQUENCE": "1 2 0"])
        #expect(run.status == 0, "\(run.output)")
        #expect(site.runs.count == 3)
        #expect(run.stderr.contains("fl-client exited with code 1; restarting"))
        #expect(run.stderr.contains("fl-client exited with code 2; restarting"))
        #expect(run.stderr.contains("fl-client shut down cleanly"))
        #expect(site.log.contains("fake run 3 exits with 0"))
    }

    @Test("sub_start.sh gives up after five quick failures with a clear message")
    func givesUp() throws {
        let site = try Site(.client)
        defer { site.cleanUp() }
        let run = try site.script("sub_start.sh", env: ["FAKE_SEQUENCE": "1 1 1 1 1 1 1 1"])
        #expect(run.status == 1)
        #expect(site.runs.count == 5)
        #expect(run.stderr.contains("fl-client failed 5 times within 60 seconds (last exit code 1); giving up"))
        #expect(run.stderr.contains("log.txt"))
        #expect(site.log.contains("giving up"))
        #expect(!FileManager.default.fileExists(atPath: site.workspace + "/" + KitScripts.supervisorPidFile))
    }

    @Test("a restart request restarts at once; a configuration error stops without retrying")
    func exitCodes() throws {
        let site = try Site(.server)
        defer { site.cleanUp() }
        let restart = try site.script("sub_start.sh", env: ["FAKE_SEQUENCE": "3 3 3 3 3 3 0"])
        #expect(restart.status == 0, "\(restart.output)")
        #expect(site.runs.count == 7)  // restart requests are not failures
        #expect(restart.stderr.contains("asked to be restarted"))

        try FileManager.default.removeItem(atPath: site.record)
        let config = try site.script("sub_start.sh", env: ["FAKE_SEQUENCE": "\(FlockExitCode.configurationError) 0"])
        #expect(config.status == 78)
        #expect(site.runs.count == 1)
        #expect(config.stderr.contains("refused to start because of its configuration"))
        #expect(config.stderr.contains("not restarting"))
    }

    @Test("a missing program is reported with how to install Flock or set FLOCK_HOME")
    func missingProgram() throws {
        let site = try Site(.client)
        defer { site.cleanUp() }
        for script in ["start.sh", "sub_start.sh"] {
            let run = try site.script(script, env: ["FLOCK_HOME": site.box.root + "/nowhere", "PATH": "/usr/bin:/bin"])
            #expect(run.status == 127, "\(script): \(run.output)")
            #expect(run.stderr.contains("cannot find fl-client. Install Flock so that fl-client is on PATH, or set FLOCK_HOME"))
            #expect(run.stderr.contains(site.box.root + "/nowhere"))
        }
        #expect(site.runs.isEmpty)
    }

    @Test("start_mgpu.sh passes --gpus N and checks its argument")
    func multiGPU() throws {
        let site = try Site(.client)
        defer { site.cleanUp() }
        let bad = try site.script("start_mgpu.sh", ["two"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("usage: start_mgpu.sh GPU_COUNT"))
        let run = try site.script("start_mgpu.sh", ["2"])
        #expect(run.status == 0, "\(run.output)")
        #expect(Self.waitFor { site.runs.count == 1 })
        #expect(site.runs.first?.hasSuffix("/startup --gpus 2") == true)
        #expect(try site.script("stop_fl.sh").status == 0)
    }

    @Test("fl_admin.sh runs fl-admin with host and port baked in, found in FLOCK_HOME or on PATH")
    func adminScript() throws {
        let site = try Site(.admin)
        defer { site.cleanUp() }
        let realStartup = URL(fileURLWithPath: site.startup).resolvingSymlinksInPath().path
        let run = try site.script("fl_admin.sh", ["--verbose"], env: ["FAKE_SEQUENCE": "0"])
        #expect(run.status == 0, "\(run.output)")
        #expect(site.runs == ["ARGS: --startup \(realStartup) --host localhost --port 8003 --verbose"])

        // $FLOCK_HOME/NAME when there is no bin/ folder.
        try FileManager.default.removeItem(atPath: site.flockHome + "/bin")
        try site.install(at: site.flockHome + "/fl-admin")
        #expect(try site.script("fl_admin.sh", env: ["FAKE_SEQUENCE": "0 0"]).status == 0)
        #expect(site.runs.count == 2)

        // PATH when FLOCK_HOME is unset; the program's exit code comes back.
        let pathDir = site.box.root + "/pathbin"
        try FileManager.default.createDirectory(atPath: pathDir, withIntermediateDirectories: true)
        try site.install(at: pathDir + "/fl-admin")
        let viaPath = try TestSupport.run("/usr/bin/env", ["-u", "FLOCK_HOME", "/bin/bash", site.startup + "/fl_admin.sh"], in: "/",
                                          environment: ["PATH": pathDir + ":/usr/bin:/bin", "FAKE_RECORD": site.record, "FAKE_SEQUENCE": "0 0 5"])
        #expect(viaPath.status == 5, "\(viaPath.output)")
        #expect(site.runs.count == 3)
    }
}
