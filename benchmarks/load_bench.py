"""Load on a shared explorer: N users at once against the production server.

    python benchmarks/load_bench.py [--users 20] [--events 20000] [--seconds 60]
                                    [--budget 4000] [--ramp 5,10,20,30]

A server process serves ``synth_events(--events)`` with login on waitress, exactly as
``python app.py serve`` does, on a free port of 127.0.0.1. Each simulated user (a thread
with its own HTTP session) logs in, then repeats a round until ``--seconds`` have passed
or the step has spent ``--budget`` requests:

* **filter**: a new actor and date range (the URL/filter sync, then the timeline and the
  graph it triggers, as the browser sends them);
* **detail**: open an event's detail;
* **table**: one page of the events table (when the explorer has one);
* **export**: download the filtered graph as GraphML (one round in five).

It reports throughput, p50/p95/p99 latency per action, errors, and the server's resident
memory at the start (after its first page) and at the end. With ``--ramp`` it first runs a
short step at each user count and reports where p95 of filter or detail passes 1 s. The
baseline in the same run is one user alone: the ratio of p95 under load to p95 alone shows
what sharing costs. The last line is one JSON object.

Targets (issue 18): at 20 users, 0 errors, p95 <= 1 s for filters and details, memory
growth <= 10% over the run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "load-test-password"
P95_TARGET_S = 1.0
MEMORY_GROWTH_TARGET = 0.10

_SERVER = r"""
import sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[4])
import logging
import waitress
import app as eventline
logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" notes
from benchmarks.synth_events import synth_events
from explorer.accounts import UserStore
events, documents = synth_events(int(sys.argv[2]), seed=0)
tmp = Path(tempfile.mkdtemp(prefix="eventline-load-"))
users = UserStore(tmp / "users.sqlite")
for k in range(int(sys.argv[3])):
    users.add(f"user{k}", "load-test-password", "curator")
dash_app = eventline.create_app(documents, events, store=tmp / "curation.sqlite", users=users,
                                login=True)
print("ready", flush=True)
waitress.serve(dash_app.server, host="127.0.0.1", port=int(sys.argv[1]), threads=8,
               ident="eventline", _quiet=True)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class User:
    """One browser: an HTTP session that logs in and sends Dash callbacks."""

    def __init__(self, base: str, name: str):
        import requests

        self.base, self.s = base, requests.Session()
        self.s.headers["Origin"] = base
        r = self.s.post(f"{base}/login", data={"user": name, "password": PASSWORD},
                        allow_redirects=False, timeout=30)
        if r.status_code != 302:
            raise RuntimeError(f"login of {name}: HTTP {r.status_code}")
        self.deps = self.s.get(f"{base}/_dash-dependencies", timeout=30).json()

    def call(self, output_id: str, values: dict, changed: list[str]) -> dict:
        from benchmarks.ui_bench import callback_payload, pick_dep

        payload = callback_payload(pick_dep(self.deps, output_id, changed), values, changed)
        r = self.s.post(f"{self.base}/_dash-update-component", json=payload, timeout=60)
        if r.status_code == 204:
            return {}
        if r.status_code != 200:
            raise RuntimeError(f"{output_id}: HTTP {r.status_code}")
        return r.json().get("response", {})

    def has(self, output_id: str) -> bool:
        from benchmarks.ui_bench import _outputs

        return any(o["id"] == output_id for d in self.deps for o in _outputs(d))


def _round(user: User, rng: random.Random, actors: list[str], event_ids: list[str], k: int,
           record) -> None:
    from benchmarks.ui_bench import initial_values, prop_id
    from explorer.downloads import button_id

    vals = initial_values()
    year = rng.randrange(1990, 2020)
    vals.update({"actor-filter.value": [rng.choice(actors)], "date-from.value": str(year),
                 "date-to.value": str(year + rng.randrange(1, 8))})
    t = time.perf_counter()
    resp = user.call("filter-state", vals, ["actor-filter.value"])
    state = resp.get("filter-state", {}).get("data", vals["filter-state.data"])
    v2 = {**vals, "filter-state.data": state}
    user.call("timeline", v2, ["filter-state.data"])
    user.call("graph-view", v2, ["filter-state.data"])
    record("filter", time.perf_counter() - t, 3)

    t = time.perf_counter()
    got = user.call("event-detail", {**v2, "event-picker.value": rng.choice(event_ids),
                               "selected-event.data": None, "data-version.data": 0},
              ["event-picker.value"])
    if "event-detail" not in got:
        raise RuntimeError("detail: no event detail in the answer")
    record("detail", time.perf_counter() - t, 1)

    if user.has("events-table"):
        t = time.perf_counter()
        start = rng.randrange(0, 400, 100)
        got = user.call("events-table", {**v2, "events-table.getRowsRequest": {
            "startRow": start, "endRow": start + 100, "sortModel": [], "filterModel": {}}},
            ["events-table.getRowsRequest"])
        if "rowData" not in str(got.get("events-table", {}).get("getRowsResponse", "")):
            raise RuntimeError("table: no rows in the answer")
        record("table", time.perf_counter() - t, 1)

    if k % 5 == 0:
        t = time.perf_counter()
        graphml = prop_id(button_id("graphml"), "n_clicks")
        got = user.call("download", {**v2, graphml: 1}, [graphml])
        data = got.get("download", {}).get("data") or {}
        said = str(got.get("download-message", {}).get("children", ""))
        if "graphml" not in str(data.get("filename", "")) and "matches no event" not in said:
            raise RuntimeError(f"export: neither a GraphML file nor a reason in the answer: {said!r}")
        record("export", time.perf_counter() - t, 1)


def run_step(base: str, n_users: int, seconds: float, budget: int, actors, event_ids,
             seed: int = 0) -> dict:
    """N users for ``seconds`` (or until ``budget`` requests): latencies per action."""
    lat: dict[str, list[float]] = {}
    errors: list[str] = []
    spent = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def record(action: str, dt: float, requests: int) -> None:
        with lock:
            lat.setdefault(action, []).append(dt)
            spent[0] += requests

    def worker(k: int) -> None:
        rng = random.Random(seed * 1000 + k)
        try:
            user = User(base, f"user{k}")
        except Exception as exc:  # noqa: BLE001 - counted, the run goes on
            with lock:
                errors.append(str(exc))
            return
        r = 0
        while time.perf_counter() < stop_at and spent[0] < budget:
            try:
                _round(user, rng, actors, event_ids, r, record)
            except Exception as exc:  # noqa: BLE001 - counted, the run goes on
                with lock:
                    errors.append(f"user{k}: {exc}")
            r += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(n_users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    out = {"users": n_users, "seconds": round(wall, 2), "requests": spent[0],
           "throughput_rps": round(spent[0] / wall, 2), "errors": len(errors),
           "error_samples": errors[:5], "actions": {}}
    for action, xs in sorted(lat.items()):
        xs = sorted(xs)
        q = statistics.quantiles(xs, n=100) if len(xs) > 1 else [xs[0]] * 99
        out["actions"][action] = {"n": len(xs), "p50_s": round(q[49], 4), "p95_s": round(q[94], 4),
                                  "p99_s": round(q[98], 4)}
    return out


def _worst_p95(step: dict) -> float:
    return max((step["actions"].get(a, {}).get("p95_s", 0.0) for a in ("filter", "detail")),
               default=0.0)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--events", type=int, default=20_000)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--budget", type=int, default=30000, help="requests at most, per step")
    p.add_argument("--ramp", default="", help="user counts to try first, e.g. 5,10,20,30")
    p.add_argument("--ramp-seconds", type=float, default=15.0)
    a = p.parse_args(argv)

    from benchmarks.synth_events import synth_events

    events, _ = synth_events(a.events, seed=0)  # the same as the server's (same seed)
    actors = sorted({x["id"] for e in events[:3000] for x in e.get("actors") or ()})[:40]
    event_ids = [e["id"] for e in events[:: max(1, len(events) // 500)]]
    port = _free_port()
    n_accounts = max([a.users, *[int(x) for x in a.ramp.split(",") if x.strip()]])
    server = subprocess.Popen([sys.executable, "-c", _SERVER, str(port), str(a.events),
                               str(n_accounts), str(ROOT)], stdout=subprocess.PIPE, cwd=ROOT,
                              env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        if server.stdout.readline().strip() != b"ready":
            raise SystemExit("the server did not start")
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):  # waitress is listening shortly after "ready"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        alone = run_step(base, 1, min(10.0, a.seconds), a.budget, actors, event_ids, seed=1)
        mem_start = _rss_mb(server.pid)
        ramp = []
        for n in [int(x) for x in a.ramp.split(",") if x.strip()]:
            step = run_step(base, n, a.ramp_seconds, a.budget, actors, event_ids, seed=2 + n)
            ramp.append({"users": n, "worst_p95_s": _worst_p95(step), "errors": step["errors"],
                         "throughput_rps": step["throughput_rps"]})
            print(f"ramp {n:3d} users: worst p95 {ramp[-1]['worst_p95_s']:.3f} s, "
                  f"{step['throughput_rps']:.1f} req/s, {step['errors']} errors", flush=True)
        mem_run_start = _rss_mb(server.pid)
        main_step = run_step(base, a.users, a.seconds, a.budget, actors, event_ids, seed=99)
        mem_end = _rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    growth = (mem_end - mem_run_start) / mem_run_start if mem_run_start else float("nan")
    passes = next((r["users"] for r in ramp if r["worst_p95_s"] > P95_TARGET_S), None)
    print(f"{a.users} users, {a.events:,} events, {main_step['seconds']} s: "
          f"{main_step['requests']} requests, {main_step['throughput_rps']} req/s, "
          f"{main_step['errors']} errors")
    for action, r in main_step["actions"].items():
        base_p95 = alone["actions"].get(action, {}).get("p95_s")
        ratio = f", {r['p95_s'] / base_p95:.1f}x one user alone" if base_p95 else ""
        print(f"  {action:7s} n={r['n']:5d}  p50 {r['p50_s']:.3f}  p95 {r['p95_s']:.3f}  "
              f"p99 {r['p99_s']:.3f} s{ratio}")
    print(f"server memory: {mem_start:.0f} MB after the first user, {mem_run_start:.0f} MB at the "
          f"start of the run, {mem_end:.0f} MB at its end ({growth:+.1%})")
    if ramp:
        print("p95 of filter or detail passes 1 s at: "
              + (f"{passes} users" if passes else f"none of {a.ramp}"))
    ok = (main_step["errors"] == 0 and _worst_p95(main_step) <= P95_TARGET_S
          and growth <= MEMORY_GROWTH_TARGET)
    print("targets:", "met" if ok else "NOT met")
    print(json.dumps({"bench": "load", "users": a.users, "events": a.events, "run": main_step,
                      "one_user": alone, "ramp": ramp, "p95_passes_1s_at": passes,
                      "memory_mb": {"first": round(mem_start, 1), "start": round(mem_run_start, 1),
                                    "end": round(mem_end, 1)},
                      "memory_growth": round(growth, 4), "targets_met": ok}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
