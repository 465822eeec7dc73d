"""The container runs of the chapter, with Podman, rootless.

What this machine allows, and so what runs: Podman as an unprivileged user (as root, the system
account `playbook-podman`, created on first use), with runc (crun refuses this machine's hybrid
cgroup layout). Rootless Podman keeps the containers' resource limits within the user's own, so
they need no `--ulimit`, and no CAP_SYS_RESOURCE, which this VM withholds. No registry is
reachable, so `python:3.11-slim` cannot be pulled: the base image is imported from a tar of four
symlinks and three empty directories, and every build and run mounts the host's /usr read-only,
which gives the containers Debian 12's Python 3.11. The service's Dockerfiles are built as they
are in the listings, except for their FROM line.

It prints three sections:
  cache   which steps each Dockerfile reran after a one-line source edit, and the build times
  reload  the bind-mounted service in a container: save-to-new-response times, no rebuild
  signals which process is PID 1 under shell-form and exec-form CMD, and how long a stop takes
"""

from __future__ import annotations

import argparse
import io
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from measure_util import free_port, set_version, summary, wait_for

HERE = Path(__file__).resolve().parent
ACCOUNT = "playbook-podman"
BASE = "localhost/hostusr"
MESSAGE = r'(MESSAGE = "v)(\d+)(")'


class Podman:
    def __init__(self, work: Path) -> None:
        self.work = work
        self.run_as: dict = {}
        if os.geteuid() == 0:
            try:
                entry = pwd.getpwnam(ACCOUNT)
            except KeyError:
                subprocess.run(["useradd", "--system", "--user-group", "--no-create-home", "--home-dir",
                                "/nonexistent", "--shell", "/usr/sbin/nologin", ACCOUNT], check=True)
                entry = pwd.getpwnam(ACCOUNT)
            self.run_as = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
            shutil.chown(work, entry.pw_uid, entry.pw_gid)
        (work / "run").mkdir(mode=0o700)
        if self.run_as:
            shutil.chown(work / "run", self.run_as["user"], self.run_as["group"])
        self.env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(work),
                    "XDG_RUNTIME_DIR": str(work / "run"), "XDG_CONFIG_HOME": str(work / "config"),
                    "XDG_DATA_HOME": str(work / "data"), "LC_ALL": "C.UTF-8"}
        self.base = ["podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs", "--events-backend", "file",
                     "--root", str(work / "storage"), "--runroot", str(work / "run" / "storage")]

    def __call__(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess:
        started = time.monotonic()
        # cwd: the account may not enter the checkout (a clone in a private temporary folder).
        result = subprocess.run([*self.base, *args], env=self.env, capture_output=True, text=True,
                                timeout=timeout, cwd=self.work, **self.run_as)
        print(f"podman {args[0]}: {time.monotonic() - started:.1f} s", file=sys.stderr)  # where the time goes
        if check and result.returncode != 0:
            raise RuntimeError(f"podman {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
        return result

    def chown(self, path: Path) -> None:
        if self.run_as:
            for p in [path, *path.rglob("*")]:
                os.chown(p, self.run_as["user"], self.run_as["group"], follow_symlinks=False)

    def version(self) -> str:
        return self("version", "--format", "{{.Client.Version}}").stdout.strip()

    def close(self) -> None:
        self("rm", "--all", "--force", "--time", "0", check=False)
        # The storage holds files owned by the account's namespace: remove them inside it.
        self("unshare", "rm", "-rf", str(self.work / "storage"), check=False)
        # Rootless Podman leaves a pause process holding its namespaces: stop it last.
        pause = self.work / "run" / "libpod" / "tmp" / "pause.pid"
        if pause.exists():
            try:
                os.kill(int(pause.read_text().strip()), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass


def base_tar() -> bytes:
    """An image of four symlinks into /usr and three empty directories: the host's /usr, mounted at
    run time, is the runtime."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name in ("bin", "lib", "lib64", "sbin"):
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, f"usr/{name}"
            tar.addfile(info)
        for name, mode in (("usr", 0o755), ("tmp", 0o1777), ("etc", 0o755)):
            info = tarfile.TarInfo(name)
            info.type, info.mode = tarfile.DIRTYPE, mode
            tar.addfile(info)
    return buf.getvalue()


def parse_steps(output: str) -> list[tuple[str, bool]]:
    """(instruction, reused from cache) for each build step that makes a layer."""
    steps: list[tuple[str, bool]] = []
    current = None
    for line in output.splitlines():
        m = re.match(r"STEP \d+/\d+: (.*)", line)
        if m:
            current = m.group(1)
            continue
        if current and line.startswith("--> "):
            if not current.startswith("FROM"):
                steps.append((current, line.startswith("--> Using cache")))
            current = None
    return steps


def short(instruction: str) -> str:
    text = re.sub(r"\s+", " ", instruction.replace("\\\n", " "))
    text = re.sub(r"--mount=\S+ ", "", text)  # the cache mount's path is in the Dockerfile above
    return text if len(text) <= 60 else text[:57] + "..."


def cache_section(podman: Podman, ctx: Path) -> None:
    """Build both Dockerfiles, edit one line of app.py, build both again, one build at a time.
    Not side by side: both files start with the same FROM and WORKDIR, and two builds racing on
    that prefix each commit their own WORKDIR layer; the second round may then pick the other
    file's layer and miss every step after it, which says nothing about layer order."""
    print("==> cache <==")
    files = {"naive": "Dockerfile.naive", "layered": "Dockerfile"}

    def build(label: str) -> tuple[float, str]:
        t0 = time.monotonic()
        out = podman("build", "--network", "none", "--volume", "/usr:/usr:ro", "-f", f"{ctx}/{files[label]}.engine",
                     "-t", f"localhost/web-{label}", str(ctx)).stdout
        return time.monotonic() - t0, out

    set_version(ctx / "app.py", MESSAGE, "0")
    podman.chown(ctx)
    cold = {label: build(label) for label in files}
    set_version(ctx / "app.py", MESSAGE, "1")  # the one-line edit
    warm = {label: build(label) for label in files}
    for label, dockerfile in files.items():
        steps = parse_steps(warm[label][1])
        print(f"{dockerfile}: steps after editing app.py")
        for instruction, cached in steps:
            print(f"  {'cached' if cached else 'RAN   '}  {short(instruction)}")
        ran = sum(not cached for _, cached in steps)
        deps = next(cached for instruction, cached in steps if "pip install" in instruction)
        print(f"{dockerfile}: {ran} of {len(steps)} steps rerun, dependency install {'cached' if deps else 'rerun'}")
        print(f"{dockerfile}: first build {cold[label][0]:.1f} s, rebuild after the edit {warm[label][0]:.1f} s")
    print()


def reload_section(podman: Podman, ctx: Path, rounds: int) -> None:
    print("==> reload <==")
    port = free_port()
    set_version(ctx / "app.py", MESSAGE, "0")
    podman("run", "--detach", "--name", "web-dev", "--network", "host",
           "--volume", "/usr:/usr:ro", "--volume", f"{ctx}:/app", "--env", f"PORT={port}", "--env", "HOST=127.0.0.1",
           "--env", "PYTHONDONTWRITEBYTECODE=1",
           "localhost/web-layered", "python3", "watch.py", "--suffix", ".py", "--", "python3", "app.py")
    url = f"http://127.0.0.1:{port}/"
    wait_for(url, "web v0", timeout=60)
    times = []
    for n in range(1, rounds + 1):
        time.sleep(0.3)
        set_version(ctx / "app.py", MESSAGE, str(n))
        times.append(wait_for(url, f"web v{n}", timeout=60))
    lo, mid = summary(times)
    print(f"bind mount + watcher, {rounds} edits, image built once: every edit served")
    print(f"save to new response: min {lo * 1000:.0f} ms, median {mid * 1000:.0f} ms")
    podman("rm", "--force", "--time", "2", "web-dev")
    print()


def signals_section(podman: Podman) -> None:
    print("==> signals <==")
    for label, image in (("shell form", "localhost/web-naive"), ("exec form", "localhost/web-layered")):
        name = f"sig-{label.split()[0]}"
        port = free_port()
        podman("run", "--detach", "--name", name, "--network", "host", "--volume", "/usr:/usr:ro",
               "--env", f"PORT={port}", "--env", "HOST=127.0.0.1", image)
        wait_for(f"http://127.0.0.1:{port}/", "web v", timeout=60)  # serving: its handlers are installed
        pid1 = podman("exec", name, "cat", "/proc/1/cmdline").stdout.replace("\0", " ").strip()
        t0 = time.monotonic()
        podman("stop", "--time", "2", name)
        took = time.monotonic() - t0
        code = podman("inspect", "--format", "{{.State.ExitCode}}", name).stdout.strip()
        print(f"{label}: PID 1 is `{pid1}`")
        print(f"{label}: stop with a 2 s grace period took {took:.1f} s, exit code {code}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7, help="edits timed in the reload section")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="engine-"))
    os.chmod(work, 0o755)
    podman = Podman(work)
    try:
        ctx = work / "ctx"
        shutil.copytree(HERE / "pyservice", ctx, ignore=shutil.ignore_patterns("__pycache__", "wheels"))
        subprocess.run([sys.executable, "build_wheel.py"], cwd=ctx, check=True, capture_output=True)
        for name in ("Dockerfile", "Dockerfile.naive"):
            text = (ctx / name).read_text()
            (ctx / f"{name}.engine").write_text(text.replace("FROM python:3.11-slim", f"FROM {BASE}"))
        (work / "base.tar").write_bytes(base_tar())
        podman.chown(work)
        podman("import", "--quiet", str(work / "base.tar"), BASE)
        print(f"podman {podman.version()}, rootless, runtime runc; FROM python:3.11-slim replaced by {BASE}")
        print()
        cache_section(podman, ctx)
        reload_section(podman, ctx, rounds=args.rounds)
        signals_section(podman)
    finally:
        podman.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
