#!/usr/bin/env python3
"""Writes the "## Federated rounds" section of BENCHMARKS.md from a bench-fl results folder.

usage: bench-fl-report.py RESULTS_DIR COMMAND WRITE(0|1)
RESULTS_DIR holds flock.jsonl (flock-bench-fl lines), peers/results/*.jsonl (the peers' harnesses),
facts (load averages) and peer_notes. Prints the section; replaces it in BENCHMARKS.md when WRITE=1.
Hand-written analysis comes from scripts/bench-fl-notes.md (appended to the section).
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

res, command, write = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)


def jsonl(path):
    out = []
    if os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if line:
                try:
                    out.append(json.loads(line))
                except ValueError:
                    pass
    return out


def facts():
    f = {}
    if os.path.exists(os.path.join(res, "facts")):
        for line in open(os.path.join(res, "facts")):
            k, _, v = line.strip().partition("=")
            f[k] = v
    return f


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def mem_gib():
    for line in open("/proc/meminfo"):
        if line.startswith("MemTotal"):
            return int(line.split()[1]) / 2**20
    return 0


def fmt_s(x):
    if x is None:
        return "n/a"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def mbps(mb, n, med):
    return 2 * n * mb * 2**20 / med / 1e6 if med else None


flock = jsonl(os.path.join(res, "flock.jsonl"))
flower = jsonl(os.path.join(res, "peers", "results", "flower_legacy.jsonl"))
nvflare = jsonl(os.path.join(res, "peers", "results", "nvflare_sim.jsonl"))
notes = open(os.path.join(res, "peer_notes")).read().strip().splitlines() if os.path.exists(os.path.join(res, "peer_notes")) else []
f = facts()

matrix = {}
for d in flock:
    if d.get("label") == "matrix":
        matrix[(float(d["mb"]), int(d["clients"]))] = d
large = [d for d in flock if d.get("label") == "large"]


def cpu_pair(d):
    sv, cl = d.get("server_cpu_s_per_round"), d.get("clients_cpu_s_per_round")
    if sv is None or cl is None:
        return "n/a"
    return f"{fmt_s(sv)} / {fmt_s(cl)}"


def peer_rounds(d):
    return [r["round_s"] for r in d.get("rounds", []) if r.get("round_s") is not None
            and not r.get("n_failures") and not r.get("n_errors")]


def peer_index(rows):
    idx = {}
    for d in rows:
        rs = peer_rounds(d)
        med = statistics.median(rs) if len(rs) == d.get("rounds_requested", 3) else None
        idx[(float(d["model_mb"]), int(d["clients"]))] = (d, rs, med)
    return idx


fl_idx, nv_idx = peer_index(flower), peer_index(nvflare)
L = []
L.append("## Federated rounds")
L.append("")
L.append(f"Command: `{command}` (scripts/bench-fl.sh; Flock driver `flock-bench-fl`, report scripts/bench-fl-report.py). "
         f"Run finished {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.")
L.append("")
L.append(f"Machine: {cpu_model()}, {os.cpu_count()} cores **shared with other engineers' work**, {mem_gib():.0f} GiB RAM, "
         f"Linux {platform.release()}. Load average (1/5/15 min) at start {f.get('load_start', '?')}, at end {f.get('load_end', '?')}. "
         "Everything on 127.0.0.1; server and all clients share the cores.")
L.append("")
L.append("Workload (the peers' harnesses, `/work/shared/reference/peers/README.md`): one float32 array of the given size "
         "(1 MB = 1 MiB), client \"training\" = w + noise, FedAvg, 3 rounds. Flock: real `fl-server` and N `fl-client` "
         "processes from kits provisioned by `fl-provision`, **mTLS** on every connection, release build, the pass-through "
         "trainer (`client.benchmark_model_mb`), driven through the generated Admin client. Round time = the server's "
         "`fl_state.json` `history[].seconds` (round start to the new global model written and the next round able to start from it; its fsync and `fl_state.json` follow off the critical path, see the notes); median of the 3 rounds. "
         "Round 0 has no global model to send (clients start from their own zeros + noise), rounds 1 and 2 are full rounds. "
         "Server peak RSS = `VmHWM` of the fl-server process. Eff. MB/s = 2·N·model bytes / median round (1 MB = 10^6 B). "
         "CPU-s per round = user + system CPU of fl-server and of all fl-client processes over the run, divided by the rounds "
         "(round 0 has no download, so this is a little under a full round's); with everything on 2 cores, a round cannot take "
         "less than (server + clients) / 2.")
L.append("")

L.append("### Flock (mTLS)")
L.append("")
L.append("| model | N | round times | **median round** | eff. MB/s | server peak RSS MiB | clients' peak RSS sum MiB | CPU-s per round: server / clients |")
L.append("|---|---|---|---|---|---|---|---|")
for (mb, n), d in sorted(matrix.items()):
    rs = d.get("rounds", [])
    med = d.get("median_s") if d.get("ok") else None
    thr = mbps(mb, n, med)
    err = "" if d.get("ok") else f" — failed: {str(d.get('error', ''))[:160]}"
    L.append(f"| {mb:.0f} MiB | {n} | {', '.join(fmt_s(x) for x in rs)}{err} | **{fmt_s(med)}** | "
             f"{'n/a' if thr is None else f'{thr:.0f}'} | {d.get('server_peak_rss_mib', 0) or 0:.0f} | {d.get('clients_peak_rss_mib_sum', 0) or 0:.0f} | "
             f"{cpu_pair(d)} |")
L.append("")

if large:
    L.append("### Flock, large models (2 clients, 2 rounds; round 1 is the full round: global model down, updates up)")
    L.append("")
    L.append("| model | N | round 0 (no download) | **round 1 (full)** | eff. MB/s (round 1) | server peak RSS MiB | result |")
    L.append("|---|---|---|---|---|---|---|")
    for d in large:
        rs = d.get("rounds", [])
        r0 = fmt_s(rs[0]) if len(rs) > 0 else "n/a"
        r1 = rs[1] if len(rs) > 1 else None
        thr = mbps(float(d["mb"]), 2, r1)
        L.append(f"| {float(d['mb']) / 1024:.0f} GiB | 2 | {r0} | **{fmt_s(r1)}** | {'n/a' if thr is None else f'{thr:.0f}'} | "
                 f"{d.get('server_peak_rss_mib', 0) or 0:.0f} | {'completed' if d.get('ok') else 'FAILED: ' + str(d.get('error', ''))[:200]} |")
    L.append("")

L.append("### Side by side, measured in this run (median round / server peak RSS MiB)")
L.append("")
L.append("| model | N | Flock (mTLS) | Flower 1.42 legacy gRPC (insecure) | NVFlare 2.9 simulator (tcp) |")
L.append("|---|---|---|---|---|")
keys = sorted(set(matrix) | set(fl_idx) | set(nv_idx))
for k in keys:
    mb, n = k
    cells = []
    d = matrix.get(k)
    cells.append("not run" if d is None else f"{fmt_s(d.get('median_s') if d.get('ok') else None)} / {d.get('server_peak_rss_mib', 0) or 0:.0f}")
    fd = fl_idx.get(k)
    cells.append("not run" if fd is None else f"{fmt_s(fd[2])} / {fd[0].get('server_peak_rss_time_v_mb', fd[0].get('server_peak_rss_psutil_mb', 0)):.0f}")
    nd = nv_idx.get(k)
    cells.append("not run" if nd is None else f"{fmt_s(nd[2])} / {nd[0].get('server_largest_proc_peak_rss_mb', 0):.0f}")
    L.append(f"| {mb:.0f} MiB | {n} | " + " | ".join(cells) + " |")
L.append("")
L.append("Peer round times are each harness's own (see the peers' RESULTS.md, \"What a round covers\"); Flower's server RSS is "
         "`/usr/bin/time -v` of the server process, NVFlare's the largest simulator process. A peer with \"n/a\" did not finish "
         "its 3 rounds. Earlier reference figures on this kind of machine (peers' RESULTS.md): 128 MiB × 8: Flower 22 s, "
         "6.0 GB; NVFlare 20 s, 4.3 GB (POC, mTLS); 1 MiB × 8: Flower 0.2 s, NVFlare 2.5 s; 1 GiB × 2 under a 16 GiB cap: no peer finished a round.")
for note in notes:
    L.append("")
    L.append(f"**Peers:** {note}")
L.append("")

# Targets
def med(k):
    d = matrix.get(k)
    return d.get("median_s") if d and d.get("ok") else None


def rss(k):
    d = matrix.get(k)
    return d.get("server_peak_rss_mib") if d else None


def verdict(ok):
    return "n/a (not run)" if ok is None else ("**met**" if ok else "**not met**")


L.append("### Targets (all with mTLS)")
L.append("")
L.append("| target | measured | verdict |")
L.append("|---|---|---|")
m128_8, r128_8, r128_2 = med((128.0, 8)), rss((128.0, 8)), rss((128.0, 2))
m128_2 = med((128.0, 2))
L.append(f"| 128 MiB × 8: ≤ 2 s per round | {fmt_s(m128_8)} | {verdict(None if m128_8 is None else m128_8 <= 2)} |")
L.append(f"| 128 MiB × 8: server peak RSS ≤ 1 GB | {'n/a' if r128_8 is None else f'{r128_8:.0f} MiB'} | {verdict(None if r128_8 is None else r128_8 <= 1024)} |")
if r128_8 and r128_2:
    g = (r128_8 - r128_2) / r128_2 * 100
    tg = f"; round time {((m128_8 - m128_2) / m128_2 * 100):+.0f} %" if m128_8 and m128_2 else ""
    per_client = (r128_8 - r128_2) / 6
    L.append(f"| 128 MiB: server RSS grows ≤ 25 % from 2 to 8 clients | {r128_2:.0f} → {r128_8:.0f} MiB ({g:+.0f} %, "
             f"{per_client:.1f} MiB per added client; both include the model's in-memory FedAvg sum, see the notes){tg} | {verdict(g <= 25)} |")
else:
    L.append("| 128 MiB: server RSS grows ≤ 25 % from 2 to 8 clients | n/a | n/a (not run) |")
m1_8 = med((1.0, 8))
L.append(f"| 1 MiB × 8: ≤ 20 ms per round | {fmt_s(m1_8)} | {verdict(None if m1_8 is None else m1_8 <= 0.020)} |")
for gib in (1, 3):
    d = next((x for x in large if abs(float(x["mb"]) - gib * 1024) < 1), None)
    if d is None:
        L.append(f"| {gib} GiB × 2: a round completes, server RSS ≤ 2 GB | not run | n/a (not run) |")
    else:
        r = d.get("server_peak_rss_mib") or 0
        ok = bool(d.get("ok")) and r <= 2048
        L.append(f"| {gib} GiB × 2: a round completes, server RSS ≤ 2 GB | {'completed' if d.get('ok') else 'failed'}, "
                 f"rounds {', '.join(fmt_s(x) for x in d.get('rounds', []))}, {r:.0f} MiB | {verdict(ok)} |")
L.append("")
notes_md = os.path.join(here, "bench-fl-notes.md")
if os.path.exists(notes_md):
    L.append(open(notes_md).read().strip())
    L.append("")

section = "\n".join(L)
print(section)
if write:
    path = os.path.join(repo, "BENCHMARKS.md")
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    lines = text.split("\n")
    start = next((i for i, l in enumerate(lines) if l.strip() == "## Federated rounds"), None)
    if start is None:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        before = "\n".join(lines[:start]).rstrip("\n")
        after = "\n".join(lines[end:])
        text = before + "\n\n" + section + "\n" + ("\n" + after if after.strip() else "")
    open(path, "w").write(text)
    print(f"bench-fl: wrote the Federated rounds section of {path}", file=sys.stderr)
