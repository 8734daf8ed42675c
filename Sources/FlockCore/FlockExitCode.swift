/// Exit codes of `fl-server` and `fl-client` that the kit's `sub_start.sh` supervisor acts on
/// (see docs/provisioning.md):
///
/// | code | meaning | sub_start.sh |
/// |---|---|---|
/// | 0 | clean shutdown (admin `shutdown`, SIGTERM from stop_fl.sh) | stops |
/// | 3 | restart requested (admin `restart`) | restarts at once, not counted as a failure |
/// | 78 | configuration error: edited kit, bad config, missing file (EX_CONFIG) | stops, does not retry |
/// | other | crash | restarts after a delay; gives up after repeated quick failures |
///
/// A process that exits 78 must first print why (the `FlockError` message) to its log.
public enum FlockExitCode {
    public static let cleanShutdown: Int32 = 0
    public static let restartRequested: Int32 = 3
    public static let configurationError: Int32 = 78
}
