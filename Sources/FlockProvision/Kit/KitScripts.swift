import FlockCore

/// The shell scripts of the startup kits. Contract (docs/provisioning.md):
///
/// - Every script finds its own folder (`DIR`, absolute, symlinks resolved) so it works from any
///   current directory; the workspace is the folder above `startup/`.
/// - Programs are looked up as `$FLOCK_HOME/bin/NAME`, then `$FLOCK_HOME/NAME`, then `command -v NAME`;
///   if none exists the script says to install Flock or set FLOCK_HOME and exits 127.
/// - server: `start.sh [ARGS]` runs `sub_start.sh [ARGS]` in the background, which runs
///   `fl-server --startup "$DIR" [ARGS]` and restarts it after crashes.
/// - client: the same with `fl-client`; `start_mgpu.sh N [ARGS]` = `start.sh --gpus N [ARGS]`.
/// - admin: `fl_admin.sh [ARGS]` runs `fl-admin --startup "$DIR" --host HOST --port ADMIN_PORT [ARGS]`
///   in the foreground.
/// - Files in the workspace: `log.txt` (program output and supervisor notes, appended),
///   `fl_supervisor.pid`, `fl_process.pid` (while running), `fl_stop.request` (while stopping).
/// - `sub_start.sh` acts on the program's exit code (`FlockExitCode`): 0 stop, 3 restart at once,
///   78 stop without retrying (configuration error), other: restart after `FLOCK_RESTART_DELAY`
///   seconds (5), giving up after `FLOCK_MAX_FAILURES` (5) failures within `FLOCK_FAILURE_WINDOW`
///   seconds (60).
/// - `stop_fl.sh` asks the supervisor and the program to stop (SIGTERM) and waits up to
///   `FLOCK_STOP_TIMEOUT` seconds (30) before killing them.
enum KitScripts {
    static let supervisorPidFile = "fl_supervisor.pid"
    static let processPidFile = "fl_process.pid"
    static let stopRequestFile = "fl_stop.request"

    /// Quotes `text` for bash (single quotes).
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The preamble every script shares: folders and the program lookup.
    private static func preamble(program: String) -> String {
        #"""
        # Absolute path of this kit's startup/ folder and of the workspace above it.
        DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
        WORKSPACE="$(dirname "$DIR")"
        PROGRAM=\#(program)

        # Finds PROGRAM: $FLOCK_HOME/bin/NAME, then $FLOCK_HOME/NAME, then PATH.
        find_program() {
          if [ -n "${FLOCK_HOME:-}" ]; then
            if [ -x "$FLOCK_HOME/bin/$1" ] && [ ! -d "$FLOCK_HOME/bin/$1" ]; then echo "$FLOCK_HOME/bin/$1"; return 0; fi
            if [ -x "$FLOCK_HOME/$1" ] && [ ! -d "$FLOCK_HOME/$1" ]; then echo "$FLOCK_HOME/$1"; return 0; fi
          fi
          command -v "$1" 2>/dev/null
        }
        program_missing() {
          echo "$(basename "$0"): cannot find $PROGRAM. Install Flock so that $PROGRAM is on PATH, or set FLOCK_HOME to the Flock installation folder (looked in \${FLOCK_HOME}/bin/$PROGRAM, \${FLOCK_HOME}/$PROGRAM and PATH; FLOCK_HOME is '${FLOCK_HOME:-}')." >&2
          exit 127
        }

        """#
    }

    // MARK: Server and client

    /// `start.sh` for the server (`role` "server") or a client ("client").
    static func start(role: String, program: String, project: String, name: String) -> String {
        #"""
        #!/usr/bin/env bash
        # Starts the Flock \#(role) '\#(name)' of project '\#(project)' in the background, supervised by
        # sub_start.sh (which restarts it after a crash). Works from any folder.
        # Usage: start.sh [EXTRA ARGUMENTS FOR \#(program)]
        # Output goes to the workspace's log.txt; stop with stop_fl.sh.
        set -u
        \#(preamble(program: program))
        PIDFILE="$WORKSPACE/\#(supervisorPidFile)"
        if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE" 2>/dev/null)" 2>/dev/null; then
          echo "start.sh: the Flock \#(role) is already running in $WORKSPACE (supervisor pid $(cat "$PIDFILE")); stop it first with $DIR/stop_fl.sh" >&2
          exit 1
        fi
        find_program "$PROGRAM" > /dev/null || program_missing
        if ! touch "$WORKSPACE/log.txt" 2>/dev/null; then
          echo "start.sh: cannot write $WORKSPACE/log.txt: the workspace (the folder holding startup/) must be writable" >&2
          exit 1
        fi
        nohup "$DIR/sub_start.sh" "$@" > /dev/null 2>&1 < /dev/null &
        echo "Flock \#(role) '\#(name)' of project '\#(project)' is starting in the background (supervisor pid $!)."
        echo "Log: $WORKSPACE/log.txt    Stop: $DIR/stop_fl.sh"

        """#
    }

    /// `sub_start.sh`: the supervisor.
    static func subStart(role: String, program: String, project: String, name: String) -> String {
        #"""
        #!/usr/bin/env bash
        # Supervises the Flock \#(role) '\#(name)' of project '\#(project)': runs
        #   \#(program) --startup <this startup folder> [ARGS]
        # in the foreground and restarts it when it crashes. Usually started by start.sh.
        # Exit codes of \#(program): 0 clean shutdown (stop), 3 restart requested (restart at once),
        # 78 configuration error such as an edited kit file (stop, no retry), other: crash (restart
        # after FLOCK_RESTART_DELAY seconds, default 5; give up after FLOCK_MAX_FAILURES crashes,
        # default 5, within FLOCK_FAILURE_WINDOW seconds, default 60).
        # Program output is appended to <workspace>/log.txt, as are this script's notes.
        set -u
        \#(preamble(program: program))
        LOG="$WORKSPACE/log.txt"
        PIDFILE="$WORKSPACE/\#(supervisorPidFile)"
        CHILD_PIDFILE="$WORKSPACE/\#(processPidFile)"
        STOPFILE="$WORKSPACE/\#(stopRequestFile)"
        RESTART_DELAY="${FLOCK_RESTART_DELAY:-5}"
        MAX_FAILURES="${FLOCK_MAX_FAILURES:-5}"
        FAILURE_WINDOW="${FLOCK_FAILURE_WINDOW:-60}"

        say() {
          local line
          line="$(date '+%Y-%m-%d %H:%M:%S') - sub_start.sh - $*"
          echo "$line" >&2
          echo "$line" >> "$LOG" 2>/dev/null
        }

        BIN="$(find_program "$PROGRAM")" || program_missing
        if [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE" 2>/dev/null)" 2>/dev/null && [ "$(cat "$PIDFILE")" != "$$" ]; then
          say "the Flock \#(role) is already running in $WORKSPACE (supervisor pid $(cat "$PIDFILE")); not starting another"
          exit 1
        fi
        if ! echo "$$" > "$PIDFILE" 2>/dev/null; then
          echo "sub_start.sh: cannot write $PIDFILE: the workspace (the folder holding startup/) must be writable" >&2
          exit 1
        fi
        rm -f "$STOPFILE"
        child=""
        finish() { rm -f "$PIDFILE" "$CHILD_PIDFILE" "$STOPFILE"; exit "$1"; }
        on_signal() {
          touch "$STOPFILE"
          if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; fi
        }
        trap on_signal TERM INT HUP

        failures=()
        while true; do
          say "starting $BIN --startup $DIR $*"
          "$BIN" --startup "$DIR" "$@" >> "$LOG" 2>&1 < /dev/null &
          child=$!
          echo "$child" > "$CHILD_PIDFILE"
          status=0
          wait "$child" || status=$?
          # A trapped signal interrupts wait; keep waiting until the program has really exited.
          while kill -0 "$child" 2>/dev/null; do status=0; wait "$child" || status=$?; done
          child=""
          rm -f "$CHILD_PIDFILE"
          if [ -f "$STOPFILE" ]; then
            say "$PROGRAM stopped on request (exit code $status)"
            finish 0
          fi
          case "$status" in
            0)  say "$PROGRAM shut down cleanly"
                finish 0 ;;
            3)  say "$PROGRAM asked to be restarted; restarting"
                continue ;;
            78) say "$PROGRAM refused to start because of its configuration (the reason is in $LOG); not restarting. Fix the cause (for an edited kit file: restore it or ask lead IT for a new kit), then run $DIR/start.sh again"
                finish 78 ;;
          esac
          now=$(date +%s)
          recent=()
          for t in "${failures[@]}"; do
            if [ $((now - t)) -lt "$FAILURE_WINDOW" ]; then recent+=("$t"); fi
          done
          recent+=("$now")
          failures=("${recent[@]}")
          if [ "${#failures[@]}" -ge "$MAX_FAILURES" ]; then
            say "$PROGRAM failed ${#failures[@]} times within $FAILURE_WINDOW seconds (last exit code $status); giving up. Look for the cause in $LOG, fix it, then run $DIR/start.sh again"
            finish 1
          fi
          say "$PROGRAM exited with code $status; restarting in $RESTART_DELAY seconds (failure ${#failures[@]} of $MAX_FAILURES allowed within $FAILURE_WINDOW seconds)"
          sleep "$RESTART_DELAY" &
          wait $! 2>/dev/null
          if [ -f "$STOPFILE" ]; then
            say "stop requested; not restarting $PROGRAM"
            finish 0
          fi
        done

        """#
    }

    /// `stop_fl.sh`.
    static func stop(role: String, program: String, project: String, name: String) -> String {
        #"""
        #!/usr/bin/env bash
        # Stops the Flock \#(role) '\#(name)' of project '\#(project)' that start.sh / sub_start.sh run in
        # this workspace: asks the supervisor and \#(program) to stop (SIGTERM), waits up to
        # FLOCK_STOP_TIMEOUT seconds (default 30), then kills them.
        set -u
        DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
        WORKSPACE="$(dirname "$DIR")"
        PIDFILE="$WORKSPACE/\#(supervisorPidFile)"
        CHILD_PIDFILE="$WORKSPACE/\#(processPidFile)"
        STOPFILE="$WORKSPACE/\#(stopRequestFile)"
        TIMEOUT="${FLOCK_STOP_TIMEOUT:-30}"

        supervisor="$(cat "$PIDFILE" 2>/dev/null || true)"
        if [ -z "$supervisor" ] || ! kill -0 "$supervisor" 2>/dev/null; then
          echo "stop_fl.sh: the Flock \#(role) is not running in $WORKSPACE (no live process in \#(supervisorPidFile))" >&2
          rm -f "$PIDFILE" "$CHILD_PIDFILE" "$STOPFILE"
          exit 1
        fi
        child="$(cat "$CHILD_PIDFILE" 2>/dev/null || true)"
        touch "$STOPFILE"
        if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; fi
        kill -TERM "$supervisor" 2>/dev/null
        waited=0
        while kill -0 "$supervisor" 2>/dev/null; do
          if [ "$waited" -ge $((TIMEOUT * 10)) ]; then
            echo "stop_fl.sh: \#(program) did not stop within $TIMEOUT seconds; killing it" >&2
            if [ -n "$child" ]; then kill -KILL "$child" 2>/dev/null; fi
            kill -KILL "$supervisor" 2>/dev/null
            rm -f "$PIDFILE" "$CHILD_PIDFILE" "$STOPFILE"
            exit 1
          fi
          sleep 0.1
          waited=$((waited + 1))
        done
        echo "Flock \#(role) '\#(name)' stopped."

        """#
    }

    /// The client's `start_mgpu.sh`.
    static func startMultiGPU(project: String, name: String) -> String {
        #"""
        #!/usr/bin/env bash
        # Starts the Flock client '\#(name)' of project '\#(project)' training on several GPUs:
        # start_mgpu.sh GPU_COUNT [EXTRA ARGUMENTS] runs start.sh --gpus GPU_COUNT [EXTRA ARGUMENTS].
        set -u
        DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
        count="${1:-}"
        if ! [[ "$count" =~ ^[1-9][0-9]*$ ]]; then
          echo "usage: start_mgpu.sh GPU_COUNT [ARGS]  (GPU_COUNT: a whole number of GPUs, at least 1, e.g. start_mgpu.sh 2)" >&2
          exit 2
        fi
        shift
        exec "$DIR/start.sh" --gpus "$count" "$@"

        """#
    }

    // MARK: Admin

    /// The admin's `fl_admin.sh`.
    static func admin(project: String, email: String, host: String, port: Int) -> String {
        #"""
        #!/usr/bin/env bash
        # Starts the Flock admin shell of '\#(email)' for project '\#(project)', connected to the
        # server's admin service at \#(host):\#(port). Works from any folder.
        # Usage: fl_admin.sh [EXTRA ARGUMENTS FOR fl-admin]
        set -u
        \#(preamble(program: "fl-admin"))
        BIN="$(find_program "$PROGRAM")" || program_missing
        exec "$BIN" --startup "$DIR" --host \#(quote(host)) --port \#(port) "$@"

        """#
    }
}
