"""Measure the Go and the Python stations service side by side, and print the figures.

    python measure.py                 # the recorded run: 6 repetitions, 3 s warm-up, 10 s load
    python measure.py --part builds   # only the build and artefact figures (a record of their own)
    python measure.py --quick         # the same steps, once and briefly (what the tests run)

What it measures. The `builds` part:

- build: the Go binary from an empty build cache (standard library included), the Go
  binary again after a string constant in the handler package changed (so the package
  is compiled and the binary linked again), and the Python service's virtualenv
  installed from local wheels (the download is not timed);
- artefact: the static Go binary (as built, and stripped) against the virtualenv's
  files, with the interpreter and the standard library it needs at run time counted
  separately (without the static libraries for building extensions, LIBPL).

The `service` part (the default), each repetition alternating which service goes first:

- per load trial, on a freshly started server: the time from exec to the first 200
  from /healthz, resident memory when idle and at its peak, then latency percentiles,
  throughput and server CPU time per request under closed-loop load from
  cmd/loadgen, for a lookup (/stations/{id}) and a computed answer (/stations/nearby).

The server runs on one CPU and the load generator on the other (sched_setaffinity), so
each service gets one core: GOMAXPROCS follows the affinity, and uvicorn runs one worker.
The output has four parts, `==> machine <==`, `==> raw <==` (Go benchmark format),
`==> benchstat <==` and `==> ratios <==`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import services

HERE = services.HERE
SERVER_CPU, LOADGEN_CPU = 1, 0
PRODUCTION_PYTHON = Path("/usr/bin/python3")  # Debian 12's own 3.11.2, as a server image would have it
ENDPOINTS = ("lookup", "nearby")


@dataclass(frozen=True)
class Settings:
    repetitions: int
    cold_builds: int
    warm_up: float
    duration: float
    concurrency: int
    settle: float  # seconds between the first 200 and the idle memory reading


FULL = Settings(repetitions=6, cold_builds=6, warm_up=3.0, duration=10.0, concurrency=16, settle=1.0)
QUICK = Settings(repetitions=1, cold_builds=0, warm_up=0.2, duration=0.5, concurrency=4, settle=0.2)


def lines_of(path: str) -> str:
    return Path(path).read_text()


def proc_status(pid: int, field: str) -> int:
    """A kB field of /proc/PID/status (VmRSS, VmHWM), in bytes."""
    for line in lines_of(f"/proc/{pid}/status").splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(f"/proc/{pid}/status has no {field}")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (utime and stime of /proc/PID/stat)."""
    after_name = lines_of(f"/proc/{pid}/stat").rsplit(")", 1)[1].split()
    return (int(after_name[11]) + int(after_name[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """pid and every process below it, from /proc/PID/task/TID/children."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            queue.extend(int(child) for child in children.read_text().split())
    return found


def tree_pss(pid: int) -> int:
    """Proportional set size of a process tree, in bytes: pages shared by several
    processes (a forked or spawned worker's interpreter) are divided among them."""
    total = 0
    for member in descendants(pid):
        for line in lines_of(f"/proc/{member}/smaps_rollup").splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1]) * 1024
    return total


# gc 12 @0.517s 2%: 0.011+0.52+0.003 ms clock, ... , 1 P
GCTRACE = re.compile(r"^gc \d+ @[\d.]+s \d+%: ([\d.]+)\+[\d.]+\+([\d.]+) ms clock.*, (\d+) P\b", re.MULTILINE)


def gc_summary(log: str) -> tuple[int, list[float], set[int]]:
    """From GODEBUG=gctrace=1 output: the number of collections, the wall-clock
    length in seconds of every stop-the-world phase (sweep termination and mark
    termination, two per collection), and the GOMAXPROCS values the collector reported."""
    cycles = GCTRACE.findall(log)
    pauses = [float(ms) / 1e3 for a, c, _ in cycles for ms in (a, c)]
    return len(cycles), pauses, {int(p) for _, _, p in cycles}


def percentile(values: list[float], tenths: int) -> float:
    """Nearest rank, as the load generator computes it (500 is the median)."""
    ordered = sorted(values)
    return ordered[max((len(ordered) * tenths + 999) // 1000, 1) - 1]


def tree_size(root: Path) -> int:
    """Bytes of every regular file under root; symbolic links are not followed."""
    return sum(
        (Path(d) / f).lstat().st_size
        for d, _, files in os.walk(root) for f in files
        if not (Path(d) / f).is_symlink()
    )


def timed(command: list[str], **kwargs) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - started


class Bench:
    """Collects Go benchmark-format lines: name, iterations, then value-unit pairs."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.values: dict[tuple[str, str, str], list[float]] = defaultdict(list)
        self.pauses: list[float] = []  # every stop-the-world phase of the Go server, in seconds

    def add(self, name: str, server: str, metrics: dict[str, float]) -> None:
        self.lines.append(f"Benchmark{name}/server={server} 1 " + " ".join(f"{v:.6g} {unit}" for unit, v in metrics.items()))
        for unit, v in metrics.items():
            self.values[(name, server, unit)].append(v)

    def median(self, name: str, server: str, unit: str) -> float:
        return statistics.median(self.values[(name, server, unit)])


EDITED_STRING = '"no such station"'


def edited(source: str, i: int) -> str:
    """api.go with one string constant changed, so that the package compiles to new code and
    the binary is linked again (a comment alone would leave both as they were)."""
    if EDITED_STRING not in source:
        raise ValueError(f"measure.py: api/api.go no longer has {EDITED_STRING}, the string the timed edit changes")
    return source.replace(EDITED_STRING, f'"no such station (edit {i})"', 1)


# ANCHOR: build
def measure_builds(bench: Bench, settings: Settings, work: Path, wheels: Path) -> None:
    go_env = {**os.environ, "CGO_ENABLED": "0", "GOFLAGS": "-mod=readonly"}
    build = ["go", "build", "-trimpath", "-o", str(work / "stationsd"), "./cmd/stationsd"]
    for _ in range(settings.cold_builds):  # an empty build cache: the standard library is compiled too
        cache = Path(tempfile.mkdtemp(dir=work))
        seconds = timed(build, cwd=HERE, env={**go_env, "GOCACHE": str(cache)})
        bench.add("Build/kind=cold", "go", {"sec": seconds})
        shutil.rmtree(cache)

    module = work / "module"  # a copy, so that the edit stays out of the listing; the user's build cache
    shutil.copytree(HERE, module, ignore=shutil.ignore_patterns("records", "__pycache__", "*.py", "pyservice"))
    subprocess.run(build, cwd=module, env=go_env, check=True)
    handlers = module / "api" / "api.go"
    original = handlers.read_text()
    for i in range(settings.repetitions):  # one string changed in the handler package, cache warm
        handlers.write_text(edited(original, i))
        bench.add("Build/kind=edit", "go", {"sec": timed(build, cwd=module, env=go_env)})

    for i in range(settings.repetitions):  # the Python "build": a virtualenv with the pinned stack
        bench.add("Build/kind=install", "python", {"sec": install_venv(work / f"venv-{i}", wheels)})
# ANCHOR_END: build


def install_venv(venv: Path, wheels: Path) -> float:
    """A virtualenv of the production Python with the pinned stack from local wheels; the seconds it took."""
    return timed([str(PRODUCTION_PYTHON), "-m", "venv", "--without-pip", str(venv)]) + timed(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
         "--disable-pip-version-check", "--no-index", "--find-links", str(wheels), "-r", str(services.PY_REQUIREMENTS)]
    )


def measure_artefacts(bench: Bench, work: Path, venv: Path) -> None:
    binary = services.go_build(work / "stationsd")
    stripped = services.go_build(work / "stationsd-stripped", flags=("-ldflags=-s -w",))
    site = next((venv / "lib").glob("python3*/site-packages"))
    # The standard library's folder also holds LIBPL, the static libpython for building
    # extensions (Debian's libpython3.11-dev): a server image has no use for it.
    stdlib, build_files = subprocess.run(
        [str(PRODUCTION_PYTHON), "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib']); print(sysconfig.get_config_var('LIBPL'))"],
        capture_output=True, text=True, check=True).stdout.split()
    bench.add("Artefact/kind=as-built", "go", {"B": binary.stat().st_size})
    bench.add("Artefact/kind=stripped", "go", {"B": stripped.stat().st_size})
    bench.add("Artefact/kind=dependencies", "python", {"B": tree_size(site)})
    bench.add("Artefact/kind=interpreter", "python", {"B": PRODUCTION_PYTHON.resolve().stat().st_size})
    bench.add("Artefact/kind=stdlib", "python", {"B": tree_size(Path(stdlib)) - tree_size(Path(build_files))})


def targets(work: Path) -> dict[str, Path]:
    """The request paths each endpoint's load cycles through, the same for both services."""
    rng = random.Random(2016)
    ids = list(range(1, 2001))
    rng.shuffle(ids)
    points = [f"/stations/nearby?lat={rng.uniform(52.40, 52.64):.6f}&lon={rng.uniform(13.20, 13.60):.6f}&limit=10"
              for _ in range(1000)]
    files = {"lookup": work / "lookup.txt", "nearby": work / "nearby.txt"}
    files["lookup"].write_text("".join(f"/stations/{i}\n" for i in ids))
    files["nearby"].write_text("".join(p + "\n" for p in points))
    return files


# ANCHOR: trial
def load_trial(bench: Bench, settings: Settings, server: str, endpoint: str,
               start, loadgen: Path, target_file: Path, work: Path) -> tuple[set[int], list[float]]:
    port = services.free_port()
    log_path = work / f"{server}-{endpoint}.log"
    with open(log_path, "w") as log:
        launched = time.perf_counter()
        process = start(port, log)
        try:
            startup = services.wait_ready(process, port) - launched
            time.sleep(settings.settle)
            idle_rss = proc_status(process.pid, "VmRSS")
            cpu_before = cpu_seconds(process.pid)
            loadgen_before = resource.getrusage(resource.RUSAGE_CHILDREN)
            run = subprocess.run(
                [str(loadgen), "-url", f"http://127.0.0.1:{port}", "-targets", str(target_file),
                 "-c", str(settings.concurrency), "-warmup", f"{settings.warm_up}s", "-d", f"{settings.duration}s"],
                check=True, capture_output=True, text=True, preexec_fn=lambda: os.sched_setaffinity(0, {LOADGEN_CPU}),
            )
            cpu = cpu_seconds(process.pid) - cpu_before
            loadgen_after = resource.getrusage(resource.RUSAGE_CHILDREN)
            peak_rss = proc_status(process.pid, "VmHWM")
        finally:
            services.stop(process)
    result = json.loads(run.stdout)
    requests = result["requests"] + result["warmup_requests"]
    loaded = settings.warm_up + settings.duration
    metrics = {
        "p50-ns": result["p50_ns"], "p90-ns": result["p90_ns"], "p99-ns": result["p99_ns"],
        "req/s": result["throughput"],
        "cpu-ns/req": cpu / requests * 1e9,
        "server-cpu-%": cpu / loaded * 100,
        # The generator's own share of its core: near 100 means it, not the server, set the pace.
        "loadgen-cpu-%": (loadgen_after.ru_utime + loadgen_after.ru_stime
                          - loadgen_before.ru_utime - loadgen_before.ru_stime) / loaded * 100,
        "idle-RSS-B": idle_rss, "peak-RSS-B": peak_rss,
    }
    procs: set[int] = set()
    pauses: list[float] = []
    if server == "go":  # the Go server runs with GODEBUG=gctrace=1
        cycles, pauses, procs = gc_summary(log_path.read_text())
        metrics |= {"gc/s": cycles / loaded}
    bench.add(endpoint.capitalize(), server, metrics)
    bench.add("Startup", server, {"sec": startup})
    return procs, pauses
# ANCHOR_END: trial


def idle_on_every_core(bench: Bench, settings: Settings, server: Path, venv: Path) -> None:
    """Memory when a service may use both CPUs: the Go process sets GOMAXPROCS to 2,
    uvicorn runs two worker processes under its supervisor. Summed as PSS over the tree."""
    cores = len(os.sched_getaffinity(0))
    starters = {
        "go": lambda port: services.start_go(server, port),
        "python": lambda port: services.start_python(venv / "bin" / "python", port, fast=True, workers=cores),
    }
    for _ in range(settings.repetitions):
        for name, start in starters.items():
            port = services.free_port()
            process = start(port)
            try:
                services.wait_ready(process, port)
                time.sleep(max(settings.settle, 1.0))  # every worker up, not just the first to answer
                bench.add(f"Idle/cores={cores}", name, {"PSS-B": tree_pss(process.pid)})
            finally:
                services.stop(process)


def machine(python_versions: dict[str, str]) -> list[str]:
    model = next(l.split(":", 1)[1].strip() for l in lines_of("/proc/cpuinfo").splitlines() if l.startswith("model name"))
    go_version = subprocess.run(["go", "version"], capture_output=True, text=True, check=True).stdout.strip()
    production = subprocess.run([str(PRODUCTION_PYTHON), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    return [
        f"cpu: {model}, {os.cpu_count()} logical CPUs; kernel {platform.release()}",
        f"toolchains: {go_version}; {production} ({PRODUCTION_PYTHON})",
        "python stack: " + ", ".join(f"{k} {v}" for k, v in python_versions.items()),
        f"load average at start: {lines_of('/proc/loadavg').split()[:3]}",
    ]


def row(label: str, go: float, python: float) -> str:
    return f"{label:<34} {go:>12.4g} {python:>12.4g} {python / go:>9.3g}"


HEADER = f"{'median of the repetitions':<34} {'go':>12} {'python':>12} {'py ÷ go':>9}"


def service_ratios(bench: Bench) -> list[str]:
    """Medians and python ÷ go, the form the text quotes them in."""
    out = [HEADER]
    for endpoint in ENDPOINTS:
        name = endpoint.capitalize()
        for unit, label in (("req/s", "throughput, req/s"), ("p50-ns", "p50 latency, ms"), ("p99-ns", "p99 latency, ms"),
                            ("cpu-ns/req", "server CPU per request, µs"), ("server-cpu-%", "server CPU busy, %"),
                            ("loadgen-cpu-%", "load generator CPU busy, %"),
                            ("idle-RSS-B", "idle RSS, MiB"), ("peak-RSS-B", "peak RSS, MiB")):
            scale = 1e-3 if unit == "cpu-ns/req" else 1e-6 if unit.endswith("-ns") else 1 / 2**20 if unit.endswith("-B") else 1
            out.append(row(f"{endpoint} {label}", bench.median(name, "go", unit) * scale,
                           bench.median(name, "python", unit) * scale))
    cores = len(os.sched_getaffinity(0))
    out.append(row(f"idle on {cores} cores, PSS MiB", bench.median(f"Idle/cores={cores}", "go", "PSS-B") / 2**20,
                   bench.median(f"Idle/cores={cores}", "python", "PSS-B") / 2**20))
    out.append(row("start-up to first 200, ms", bench.median("Startup", "go", "sec") * 1e3,
                   bench.median("Startup", "python", "sec") * 1e3))
    gc = {e: bench.median(e.capitalize(), "go", "gc/s") for e in ENDPOINTS}
    out.append("go collector under load, median cycles/s: " + ", ".join(f"{e} {v:.4g}" for e, v in gc.items()))
    if bench.pauses:
        out.append(f"go stop-the-world phases, wall clock, {len(bench.pauses)} in all: median "
                   f"{percentile(bench.pauses, 500) * 1e3:.3g} ms, p99 {percentile(bench.pauses, 990) * 1e3:.3g} ms, "
                   f"longest {max(bench.pauses) * 1e3:.3g} ms")
    return out


def build_ratios(bench: Bench) -> list[str]:
    out = [HEADER]
    if ("Build/kind=cold", "go", "sec") in bench.values:
        out.append(row("build from scratch / install, s", bench.median("Build/kind=cold", "go", "sec"),
                       bench.median("Build/kind=install", "python", "sec")))
    out.append(row("rebuild after an edit / install, s", bench.median("Build/kind=edit", "go", "sec"),
                   bench.median("Build/kind=install", "python", "sec")))
    dependencies = bench.median("Artefact/kind=dependencies", "python", "B")
    out.append(row("artefact, MiB (binary / venv)", bench.median("Artefact/kind=as-built", "go", "B") / 2**20, dependencies / 2**20))
    interpreter = bench.median("Artefact/kind=interpreter", "python", "B")
    stdlib = bench.median("Artefact/kind=stdlib", "python", "B")
    out.append(row("with the runtime, MiB", bench.median("Artefact/kind=as-built", "go", "B") / 2**20,
                   (dependencies + interpreter + stdlib) / 2**20))
    out.append(f"python runtime not in the venv: interpreter {interpreter / 2**20:.1f} MiB, "
               f"standard library without LIBPL {stdlib / 2**20:.1f} MiB")
    return out


def measure_service(bench: Bench, settings: Settings, work: Path, wheels: Path, head: list[str]) -> None:
    head += [f"pinning: server on CPU {SERVER_CPU}, load generator on CPU {LOADGEN_CPU}",
             f"load: closed loop, {settings.concurrency} connections, {settings.warm_up:g} s warm-up, "
             f"{settings.duration:g} s measured, {settings.repetitions} repetitions per service and endpoint"]
    loadgen = services.go_build(work / "loadgen", package="./cmd/loadgen")
    server = services.go_build(work / "stationsd")
    venv = work / "venv"
    install_venv(venv, wheels)
    starters = {
        "go": lambda port, log: services.start_go(server, port, cpus={SERVER_CPU}, godebug="gctrace=1", stderr=log),
        "python": lambda port, log: services.start_python(venv / "bin" / "python", port, fast=True,
                                                          cpus={SERVER_CPU}, stderr=log),
    }
    files = targets(work)
    go_procs: set[int] = set()
    for rep in range(settings.repetitions):
        order = ("go", "python") if rep % 2 == 0 else ("python", "go")
        for endpoint in ENDPOINTS:
            for name in order:
                procs, pauses = load_trial(bench, settings, name, endpoint, starters[name], loadgen, files[endpoint], work)
                go_procs |= procs
                bench.pauses += pauses
    head.append(f"GOMAXPROCS of the pinned Go server, as its collector reported it: {sorted(go_procs)}")
    if bench.pauses:
        bench.add("GCPause", "go", {"p50-ns": percentile(bench.pauses, 500) * 1e9,
                                    "p99-ns": percentile(bench.pauses, 990) * 1e9,
                                    "max-ns": max(bench.pauses) * 1e9, "phases": len(bench.pauses)})
    idle_on_every_core(bench, settings, server, venv)


def measure_builds_and_artefacts(bench: Bench, settings: Settings, work: Path, wheels: Path, head: list[str]) -> None:
    measure_builds(bench, settings, work, wheels)
    measure_artefacts(bench, work, work / "venv-0")


PARTS = {"service": (measure_service, service_ratios), "builds": (measure_builds_and_artefacts, build_ratios)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="run every step once and briefly (the tests' check)")
    parser.add_argument("--part", choices=PARTS, default="service", help="what to measure (default: service)")
    args = parser.parse_args(argv)
    settings = QUICK if args.quick else FULL
    measure, ratios = PARTS[args.part]
    if len(os.sched_getaffinity(0)) < 2:
        sys.exit("measure.py: needs two CPUs, one for the server and one for the load generator")

    with tempfile.TemporaryDirectory(prefix="why-we-chose-go-") as tmp:
        work = Path(tmp)
        bench = Bench()
        wheels = work / "wheels"  # downloaded once, not timed: the install below reads no network
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--only-binary=:all:", "-d", str(wheels), "-r", str(services.PY_REQUIREMENTS)], check=True)
        head = machine({k: v for k, v in services.requirement_pins().items()
                        if k in ("starlette", "uvicorn", "uvloop", "httptools")})
        measure(bench, settings, work, wheels, head)
        head.append(f"load average at end: {lines_of('/proc/loadavg').split()[:3]}")

        raw = work / "raw.txt"
        raw.write_text("\n".join(bench.lines) + "\n")
        benchstat = subprocess.run(["go", "tool", "benchstat", "-col", "/server", str(raw)],
                                   cwd=HERE, capture_output=True, text=True, check=True).stdout
    for part, text in (("machine", "\n".join(head)), ("raw", "\n".join(bench.lines)),
                       ("benchstat", benchstat.rstrip()), ("ratios", "\n".join(ratios(bench)))):
        print(f"==> {part} <==\n{text}\n")


if __name__ == "__main__":
    main()
