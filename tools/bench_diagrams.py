"""Benchmark: the book's diagram rendering against the stock Mermaid CLI, in one run.

Three measurements of the same 20 flowcharts, each from an empty cache:
- in a build: a cold Sphinx build of a 20-page book with one diagram a page, minus the same
  book's cold build with the diagrams as plain code blocks, per builder (html: SVG, epub: PNG,
  latex: PDF). The renderer starts when reading starts, so its browser launch and Mermaid's
  load overlap with Sphinx's reading; this is what a diagram costs a cold build.
- batch alone: the renderer started and given all 20 at once, browser start and Mermaid's load
  inside the timing (what a diagram costs when nothing else runs meanwhile).
- stock `mmdc` (@mermaid-js/mermaid-cli, pinned in package.json), which starts a browser and
  loads Mermaid for every diagram.
Prints seconds per diagram and the ratio. Figures, not a test: the machines are shared and
noisy, so compare within one run.

Usage: .venv/bin/python tools/bench_diagrams.py [--diagrams 20] [--stock 20] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from playbook.config import DEFAULT_MERMAID_CONFIG, completed  # noqa: E402
from playbook.diagrams.pictures import Diagram, RendererSettings, render_batch  # noqa: E402
from playbook.diagrams.settings import REPOSITORY as RENDERER_HOME  # noqa: E402

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
        failures = render_batch(diagrams, Path(cache), settings).failures
        elapsed = time.perf_counter() - start
        assert not failures, failures
        assert len(list(Path(cache).glob(f"*.{fmt}"))) == len(codes)
    return elapsed


def write_book(root: Path, codes: list[str], as_diagrams: bool) -> None:
    """A book of one page per diagram, with the diagram or the same text as a plain block."""
    root.mkdir(parents=True)
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "playbook.diagrams"]\nproject = "Bench"\ncopyright = "2026"\nversion = release = "1"\n'
        'epub_identifier = epub_uid = "bench"\n'
    )
    (root / "index.md").write_text("# Bench\n\n```{toctree}\n" + "\n".join(f"p{i}" for i in range(len(codes))) + "\n```\n")
    for i, code in enumerate(codes):
        block = f"```{{mermaid}}\n:alt: Pipeline {i}.\n\n{code}\n```" if as_diagrams else f"```text\n{code}\n```"
        (root / f"p{i}.md").write_text(f"# Page {i}\n\nA pipeline.\n\n{block}\n")


def bench_build(codes: list[str], builder: str, repeat: int) -> float:
    """Seconds a cold build spends on the diagrams: with them, minus without them; the median of
    `repeat` alternating pairs, because one pair's difference is within the machine's noise."""
    differences = []
    with tempfile.TemporaryDirectory() as work:
        for attempt in range(repeat):
            elapsed = {}
            for as_diagrams in (False, True):
                root = Path(work) / f"book-{attempt}-{as_diagrams}"
                write_book(root, codes, as_diagrams)
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "sphinx", "-q", "-b", builder, str(root), str(root / "_build" / builder),
                     "-d", str(root / "_build" / "doctrees")],
                    check=True, env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
                )
                elapsed[as_diagrams] = time.perf_counter() - start
            differences.append(elapsed[True] - elapsed[False])
    return statistics.median(differences)


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
    parser.add_argument("--repeat", type=int, default=5, help="pairs of cold builds per builder (median)")
    args = parser.parse_args()
    browser = completed("playbook_browser", None, os.environ)  # the build's own choice
    codes = [flowchart(n) for n in range(args.diagrams)]

    print(f"{args.diagrams} flowcharts, empty cache; {browser}")
    print(f"{'measurement':<36}{'format':<8}{'total s':>9}{'s/diagram':>11}")
    in_build = {}
    for builder, fmt in (("html", "svg"), ("epub", "png"), ("latex", "pdf")):
        elapsed = bench_build(codes, builder, args.repeat)
        in_build[fmt] = elapsed / len(codes)
        print(f"{'in a cold build (' + builder + ')':<36}{fmt:<8}{elapsed:>9.2f}{in_build[fmt]:>11.3f}")
    alone = {}
    for fmt in ("svg", "pdf", "png"):
        elapsed = bench_batch(codes, fmt, browser)
        alone[fmt] = elapsed / len(codes)
        print(f"{'batch alone (1 browser)':<36}{fmt:<8}{elapsed:>9.2f}{alone[fmt]:>11.3f}")
    stock_codes = codes[: args.stock]
    elapsed = bench_stock_cli(stock_codes, browser)
    stock = elapsed / len(stock_codes)
    print(f"{'stock mmdc (1 browser per diagram)':<36}{'svg':<8}{elapsed:>9.2f}{stock:>11.3f}")
    print(f"\nSVG in a cold build: {in_build['svg']:.3f} s per diagram, {stock / in_build['svg']:.0f}x faster than "
          f"the stock CLI ({stock / alone['svg']:.0f}x for the batch alone). Target 0.100 s per diagram in a "
          "cold build: " + ", ".join(f"{fmt} {'met' if t <= 0.1 else 'MISSED'} ({t:.3f})" for fmt, t in in_build.items()))


if __name__ == "__main__":
    main()
