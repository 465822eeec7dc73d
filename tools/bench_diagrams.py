"""Benchmark: the book's batch renderer against the stock Mermaid CLI, in one run.

Renders the same 20 flowcharts cold (empty cache, browser started inside the timing) with
the book's renderer, once per output format, then with `mmdc` (@mermaid-js/mermaid-cli, the
pinned version in package.json), which starts a browser and loads Mermaid for every diagram.
Prints seconds per diagram amortised over the batch, and the ratio. Figures, not a test:
the machines are shared and noisy, so compare the ratio within one run.

Usage: .venv/bin/python tools/bench_diagrams.py [--diagrams 20] [--stock 20]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from playbook.diagrams.renderer import Diagram, RendererSettings, render_batch  # noqa: E402
from playbook.diagrams.settings import DEFAULT_MERMAID_CONFIG, REPOSITORY as RENDERER_HOME  # noqa: E402

CHROMIUM_ARGS = [
    "--headless", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--no-sandbox",
]


def flowchart(n: int) -> str:
    """A different small service flowchart for each n, like the book's own diagrams."""
    steps = [f"s{n}_{i}[Stage {i} of pipeline {n}]" for i in range(3 + n % 4)]
    lines = ["flowchart LR"] + [f"    {a} --> {b}" for a, b in zip(steps, steps[1:])]
    lines.append(f"    s{n}_0 -. retry .-> s{n}_1")
    return "\n".join(lines)


def bench_batch(codes: list[str], fmt: str, browser: str) -> float:
    settings = RendererSettings(
        node="node",
        node_modules=RENDERER_HOME / "node_modules",
        browser=browser,
        mermaid_config=DEFAULT_MERMAID_CONFIG,
        png_scale=2,
    )
    diagrams = [Diagram(code=code, format=fmt, docname="bench", line=i) for i, code in enumerate(codes)]
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        failures = render_batch(diagrams, Path(cache), settings)
        elapsed = time.perf_counter() - start
        assert not failures, failures
        assert len(list(Path(cache).glob(f"*.{fmt}"))) == len(codes)
    return elapsed


def bench_stock_cli(codes: list[str], browser: str) -> float:
    mmdc = RENDERER_HOME / "node_modules" / ".bin" / "mmdc"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        (work / "puppeteer.json").write_text(json.dumps({"executablePath": browser, "args": CHROMIUM_ARGS}))
        (work / "config.json").write_text(json.dumps(DEFAULT_MERMAID_CONFIG))
        start = time.perf_counter()
        for i, code in enumerate(codes):
            (work / f"{i}.mmd").write_text(code)
            subprocess.run(
                [str(mmdc), "-q", "-i", str(work / f"{i}.mmd"), "-o", str(work / f"{i}.svg"),
                 "-p", str(work / "puppeteer.json"), "-c", str(work / "config.json")],
                check=True, capture_output=True,
            )
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diagrams", type=int, default=20, help="diagrams in the cold batch")
    parser.add_argument("--stock", type=int, default=20, help="diagrams rendered with the stock CLI")
    args = parser.parse_args()
    browser = shutil.which("chromium") or "/usr/bin/chromium"
    codes = [flowchart(n) for n in range(args.diagrams)]

    print(f"{args.diagrams} flowcharts, cold cache, browser start included; {browser}")
    print(f"{'renderer':<28}{'format':<8}{'total s':>9}{'s/diagram':>11}")
    ours = {}
    for fmt in ("svg", "pdf", "png"):
        elapsed = bench_batch(codes, fmt, browser)
        ours[fmt] = elapsed / len(codes)
        print(f"{'book batch (1 browser)':<28}{fmt:<8}{elapsed:>9.2f}{ours[fmt]:>11.3f}")
    stock_codes = codes[: args.stock]
    elapsed = bench_stock_cli(stock_codes, browser)
    stock = elapsed / len(stock_codes)
    print(f"{'stock mmdc (1 per diagram)':<28}{'svg':<8}{elapsed:>9.2f}{stock:>11.3f}")
    print(f"\nSVG: the batch renderer takes {ours['svg'] / stock:.1%} of the stock CLI's time per diagram "
          f"({stock / ours['svg']:.0f}x faster); target 0.100 s/diagram: "
          + ", ".join(f"{fmt} {'met' if t <= 0.1 else 'MISSED'} ({t:.3f})" for fmt, t in ours.items()))


if __name__ == "__main__":
    main()
