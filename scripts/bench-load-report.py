#!/usr/bin/env python3
"""Writes the "## 1,000-client load" section of BENCHMARKS.md from a flock-load result.

usage: bench-load-report.py RESULT_JSON COMMAND WRITE(0|1)
Prints the section; replaces it in BENCHMARKS.md when WRITE=1 (other sections are kept).
"""
import json
import os
import subprocess
import sys
import time

path, command, write = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)
r = json.load(open(path))
TITLE = "## 1,000-client load"


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def mem_gib():
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                return round(int(line.split()[1]) / 1024 / 1024)
    except OSError:
        pass
    return 0


def commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def f(x, spec="{:.1f}", none="–"):
    return none if x is None else spec.format(x)


n = r.get("clients")
calls = r.get("calls", {})
L = [TITLE, ""]
L.append(f"Command: `{command}` (scripts/bench-load.sh; load generator `flock-load`, Sources/flock-load; report "
         f"scripts/bench-load-report.py). Run finished {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit()}, release build.")
L.append("")
L.append(f"Machine: {cpu_model()}, {os.cpu_count()} cores **shared with other engineers' builds and tests**, {mem_gib()} GiB RAM. "
         f"Load average (1/5/15 min) at start {r.get('load_start', '?')}, at end {r.get('load_end', '?')}. "
         f"Everything on 127.0.0.1; the server and the load generator share the cores.")
L.append("")
L.append(f"Workload: one release `fl-server` and {n} simulated clients in one `flock-load` process, **each with its own mTLS "
         f"connection and its own certificate** (CN = client name, issued from the project's root CA). Each client: Register → "
         f"AdminRequests stream kept open (DEPLOY answered with DownloadApp, START, CHECK_STATUS) → Heartbeat at the interval the "
         f"server returns → after the admin's `start client`, the GetTask loop: TRAIN brings the global model "
         f"({r.get('model_kb')} KiB, one float32 tensor), the client \"trains\" {r.get('train_ms')} ms and sends it back with "
         f"SubmitUpdate; WAIT → sleep `retry_after_ms`. The app has min_num_clients = max_num_clients = {n}, so every round "
         f"has all {n} clients. The admin deploys and starts all clients through the server and runs `check_status client` "
         f"({n} relayed requests) in the middle of the {f(r.get('window_s'), '{:.0f}')} s measured window. Then the clients stop "
         f"starting calls, finish those in flight, and Quit.")
L.append("")
L.append("Dropped call: any error or unexpected status (transport failure, deadline, a refused update, the server closing an admin "
         "stream). Misrouted call: a reply for another client or session (a token or TRAIN task id given to two clients, "
         "UNAUTHENTICATED for a call with the client's own token, a heartbeat answered `registered: false`, an update refused "
         "as \"not taking part\", a CHECK_STATUS answer filed under another client, a server-side token that is not the client's).")
L.append("")
verdict = "**passed**" if r.get("ok") else "**FAILED**" + (f": {r.get('error')}" if r.get("error") else "")
L.append(f"### Correctness: {verdict}")
L.append("")
L.append("| check | result |")
L.append("|---|---|")
L.append(f"| clients registered | {r.get('registered', 0)} / {n} (ramp {f(r.get('ramp_s'))} s) |")
L.append(f"| **dropped calls** | **{r.get('dropped_total', '?')}** {json.dumps(r.get('dropped')) if r.get('dropped') else ''} |")
L.append(f"| **misrouted calls** | **{r.get('misrouted_total', '?')}** {json.dumps(r.get('misrouted')) if r.get('misrouted') else ''} |")
L.append(f"| distinct tokens / TRAIN task ids | {r.get('distinct_tokens', '?')} / {r.get('distinct_train_tasks', '?')} (each held by one client only) |")
L.append(f"| `deploy … client` / `start client` through the server | {r.get('deploy_clients_ok', 0)} / {r.get('start_clients_ok', 0)} of {n} ok "
         f"({f(r.get('deploy_clients_s'))} s / {f(r.get('start_clients_s'))} s) |")
L.append(f"| `check_status client` mid-window: answers from the right client | {r.get('check_status_replies_ok', 0)} of {n} "
         f"in {f(r.get('check_status_s'))} s |")
L.append(f"| server's registered clients: token and instance = the client's own | {r.get('server_registered_clients', 0) - r.get('server_token_mismatches', 0)} of {n} |")
L.append(f"| rounds completed (every one with all {n} clients) | {r.get('rounds_completed', 0)} (min participants in the {r.get('rounds_completed_before_stop', '–')} closed before the stop: {r.get('round_participants_min', '–')}), "
         f"median round {f(r.get('round_median_s'), '{:.2f}')} s |")
L.append(f"| loops still running 20 s after the window / quits ok | {r.get('loops_interrupted_at_stop', '?')} / {calls.get('quit', {}).get('ok', 0)} of {n} |")
L.append("")
L.append("### The fl-server process")
L.append("")
L.append("| measure | value |")
L.append("|---|---|")
L.append(f"| CPU over the window (utime+stime, /proc/PID/stat) | {f(r.get('server_cpu_s'))} s in {f(r.get('window_s'))} s = **{f(r.get('server_cores'), '{:.2f}')} cores** |")
L.append(f"| RSS steady (median of {r.get('server_rss_mib_samples', 0)} VmRSS samples, 1/s) | **{f(r.get('server_rss_mib_steady'), '{:.0f}')} MiB** "
         f"(window start {f(r.get('server_rss_mib_at_window_start'), '{:.0f}')}, max {f(r.get('server_rss_mib_max'), '{:.0f}')}, "
         f"after all quit {f(r.get('server_rss_mib_after_quit'), '{:.0f}')}) |")
L.append(f"| peak RSS (VmHWM) | **{f(r.get('server_vmhwm_mib'), '{:.0f}')} MiB** |")
L.append(f"| threads / open descriptors at the window's end | {f(r.get('server_threads'), '{:.0f}')} / {r.get('server_open_files', '–')} "
         f"(after every client quit: {r.get('server_open_files_after_quit', '–')}) |")
L.append(f"| ramp: {n} TLS handshakes + registrations + admin streams | server CPU {f(r.get('ramp_server_cpu_s'))} s |")
L.append(f"| the load generator itself (all {n} clients) | {f(r.get('generator_cores'), '{:.2f}')} cores in the window |")
L.append("")
L.append("### Calls")
L.append("")
L.append("Latency = call start to its last reply message, measured in the client; percentiles over the calls that ended in the "
         "window (register, download_app and quit: over all of them). `get_task_wait` includes the server's long poll "
         "(up to 5 s while a round is waiting for updates); `get_task_train` includes the model download.")
L.append("")
L.append("| call | completed | in window | per s (window) | p50 ms | p90 ms | p99 ms | max ms |")
L.append("|---|---|---|---|---|---|---|---|")
order = ["register", "heartbeat", "reply_admin_request", "download_app", "get_task_train", "get_task_wait", "get_task_end",
         "submit_update", "admin_check_status_all_clients", "quit"]
for k in order + sorted(set(calls) - set(order)):
    c = calls.get(k)
    if not c:
        continue
    L.append(f"| {k} | {c['ok']} | {c['ok_in_window']} | {c['per_s_in_window']:.1f} | {c['p50_ms']:.1f} | {c['p90_ms']:.1f} | "
             f"{c['p99_ms']:.1f} | {c['max_ms']:.1f} |")
L.append("")
counters = r.get("counters", {})
L.append(f"Also: {counters.get('admin_stream_opened', 0)} admin streams opened, {counters.get('admin_pings', 0)} keepalive pings received, "
         f"{counters.get('model_bytes_fetched', 0) / 1048576:.1f} MiB of global models fetched.")
if r.get("examples"):
    L.append("")
    L.append("First problems seen: " + "; ".join(f"`{e}`" for e in r["examples"][:5]))
L.append("")
notes = os.path.join(here, "bench-load-notes.md")
if os.path.exists(notes):
    L.append(open(notes).read().strip())
    L.append("")

section = "\n".join(L)
print(section)
if write:
    bm = os.path.join(repo, "BENCHMARKS.md")
    text = open(bm).read() if os.path.exists(bm) else "# Benchmarks\n"
    lines = text.split("\n")
    start = next((i for i, l in enumerate(lines) if l.strip() == TITLE), None)
    if start is None:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        before = "\n".join(lines[:start]).rstrip("\n")
        after = "\n".join(lines[end:])
        text = before + "\n\n" + section + "\n" + ("\n" + after if after.strip() else "")
    open(bm, "w").write(text)
    print(f"bench-load: wrote the {TITLE[3:]} section of {bm}", file=sys.stderr)
