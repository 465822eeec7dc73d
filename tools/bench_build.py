"""Build speed against the plain toolchain: the same generated posts built by this project and by
plain Sphinx + MyST + furo with sphinxcontrib-mermaid (diagrams drawn in the reader's browser).

For each size it writes two books of N posts (about 2,000 words each, a code block included from a
real listing, an admonition, a Mermaid diagram in every fourth post), then builds both in
interleaved pairs: a first build (the project's with an empty diagram cache, as on a new
machine), the same of books whose posts have no diagram (the project still draws its catalog's
topic map and chapter maps), a rebuild with nothing changed, a rebuild after one post is edited,
and clean builds as after `make clean` (output and doctrees removed, the picture cache kept),
also with `-j auto`. It prints the median of each case, the ratio project / plain, and the machine's load:
compare ratios within one run, never absolute times across runs. Run by hand (`make
bench-build`), never by the test suite.

    .venv/bin/python tools/bench_build.py [--posts 40 160] [--pairs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
WORDS = (
    "queue pool index plan cache latency worker retry contract schema vacuum lock timeout budget "
    "request service client server table row column transaction snapshot goroutine channel context "
    "deadline limit burst token window replica primary commit rollback partition consumer producer"
).split()
LISTING = REPOSITORY / "listings" / "rate-limiting" / "limit" / "decision.go"
LISTING_ANCHOR = "decision"
CASES = ("first build (empty diagram cache)", "first build, posts without diagrams", "clean build (`make clean`)",
         "clean build, -j auto", "no-op rebuild", "one-post edit")


def paragraph(rng: random.Random, words: int) -> str:
    sentences, left = [], words
    while left > 0:
        length = min(left, rng.randint(8, 20))
        sentence = " ".join(rng.choice(WORDS) for _ in range(length))
        sentences.append(sentence.capitalize() + ".")
        left -= length
    return " ".join(sentences)


def post_body(rng: random.Random, number: int, listing: str, diagrams: bool = True) -> str:
    parts = []
    for section in range(1, 6):
        parts.append(f"## Section {section}\n")
        parts.extend(paragraph(rng, 130) + "\n" for _ in range(3))
        if section == 2:
            parts.append(
                f"```{{literalinclude}} {listing}\n:language: go\n"
                f':start-after: "// ANCHOR: {LISTING_ANCHOR}"\n:end-before: "// ANCHOR_END: {LISTING_ANCHOR}"\n```\n'
            )
        if diagrams and section == 3 and number % 4 == 0:
            parts.append(
                "```{mermaid}\n:alt: A client sends a request to the service, which reads from the cache "
                "and, on a miss, from the database.\n\nflowchart LR\n"
                f"    client[Client {number}] --> service[Service]\n    service --> cache[(Cache)]\n"
                "    service --> db[(Database)]\n```\n"
            )
        if section == 4:
            parts.append(":::{admonition} Checklist\n:class: tip\n- " + paragraph(rng, 20) + "\n:::\n")
    return "\n".join(parts)


def write_books(root: Path, posts: int, diagrams: bool = True) -> tuple[Path, Path]:
    """The same posts twice: as this project's book (under root/project) and as a plain one;
    without ``diagrams``, the posts have none (the project's catalog still draws its own)."""
    project, plain = root / "project", root / "plain"
    for book in (project, plain):
        (book / "posts").mkdir(parents=True)
    topics = list(_project_topics())
    rng = random.Random(posts)
    for number in range(posts):
        keys = [topics[number % len(topics)], *rng.sample(topics, rng.randint(0, 2))]
        keys = list(dict.fromkeys(keys))
        title = f"{' '.join(rng.sample(WORDS, 3)).capitalize()} number {number}"
        day = date(2016, 1, 1) + timedelta(days=rng.randrange(3650))
        # Both books' posts folders sit at the same depth, so one text serves both.
        text = (
            f'---\ntitle: "{title}"\ndate: {day}\ntopics: [{", ".join(keys)}]\n'
            f'summary: "What post {number} says about {keys[0]}."\n---\n\n# {title}\n\n'
            + post_body(random.Random(number), number, os.path.relpath(LISTING, project / "posts"), diagrams)
        )
        for book in (project, plain):
            (book / "posts" / f"post-{number:04}.md").write_text(text)
    # This project: the book's own conf.py, with the paths it names made absolute.
    (project / "topics").mkdir()
    for key in topics:
        (project / "topics" / f"{key}.md").write_text(
            f"# {key}\n\n## Definition\n\nIt leans into {key}.\n\n## Key claims\n\n- A claim.\n\n"
            "## Practical checklist\n\n- A check.\n\n## Failure modes\n\n- A failure.\n"
        )
    (project / "journal.md").write_text("# Journal\n\n```{journal}\n```\n")
    (project / "index.md").write_text(
        "# Bench\n\n```{topic-cards}\n```\n\n```{topic-map}\n```\n\n"
        "```{toctree}\n:maxdepth: 1\n\njournal\n```\n\n```{topic-chapters}\n:maxdepth: 1\n```\n"
    )
    (project / "conf.py").write_text(
        "import runpy\n"
        f"globals().update({{k: v for k, v in runpy.run_path({str(REPOSITORY / 'conf.py')!r}).items() if not k.startswith('__')}})\n"
        f"templates_path = [{str(REPOSITORY / 'docs' / '_templates')!r}]\n"
        f"html_static_path = [{str(REPOSITORY / 'docs' / '_static')!r}]\n"
        f"html_favicon = {str(REPOSITORY / 'docs' / '_static' / 'favicon.svg')!r}\n"
        f"playbook_listings_dir = {str(REPOSITORY / 'listings')!r}\n"
    )
    # Plain: MyST and furo, Mermaid left to the reader's browser.
    (plain / "conf.py").write_text(
        'project = "Bench"\nauthor = "Bench"\nhtml_theme = "furo"\n'
        'extensions = ["myst_parser", "sphinxcontrib.mermaid"]\n'
        'myst_enable_extensions = ["colon_fence"]\n'
    )
    (plain / "index.md").write_text("# Bench\n\n```{toctree}\n:glob:\n:maxdepth: 1\n\nposts/*\n```\n")
    # Committed, as the book's sources are: this project dates each page from git ("last updated").
    git = ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "The generated books"]):
        subprocess.run([*git, *command], check=True)
    return project, plain


def _project_topics() -> dict:
    import runpy

    return runpy.run_path(str(REPOSITORY / "conf.py"))["playbook_topics"]


def sphinx(book: Path, out: Path, env: dict[str, str], *options: str) -> float:
    # Python caches compiled modules, as on a writer's machine: with PYTHONDONTWRITEBYTECODE set
    # (some sandboxes set it), every build would compile this project's own modules again, while
    # the plain toolchain's come compiled from their wheels.
    env = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(book), str(out / "html"),
               "-d", str(out / "doctrees"), *options]
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"bench-build: the build of {book} failed:\n{result.stderr[-3000:]}")
    return seconds


def clean_build(book: Path, scratch: Path, run: int, *options: str, keep_cache: bool = False) -> tuple[float, Path, dict[str, str]]:
    """A build of ``book`` into an empty output folder: its time, the folder, and the environment
    that keeps using its diagram cache. The cache is emptied first, as on a new machine, unless
    ``keep_cache`` (as after `make clean`, which keeps the pictures)."""
    name = f"{book.parent.name}-{book.name}-{run}"
    out, cache = scratch / name, scratch / f"{name}-diagrams"
    for folder in (out,) if keep_cache else (out, cache):
        shutil.rmtree(folder, ignore_errors=True)
    env = {**os.environ, "PLAYBOOK_DIAGRAM_CACHE": str(cache)}
    return sphinx(book, out, env, *options), out, env


def one_pair(book: Path, undrawn: Path, scratch: Path, run: int) -> dict[str, float]:
    """Each case once for one tool: first builds (also of ``undrawn``, the book whose posts have
    no diagrams), no-op, one-post edit, then clean builds that keep the first build's pictures."""
    times = {"first build, posts without diagrams": clean_build(undrawn, scratch, run)[0]}
    times["first build (empty diagram cache)"], out, env = clean_build(book, scratch, run)
    times["no-op rebuild"] = sphinx(book, out, env)
    edited = book / "posts" / "post-0000.md"
    edited.write_text(edited.read_text() + f"\nOne more sentence, edit {run}.\n")
    times["one-post edit"] = sphinx(book, out, env)
    times["clean build, -j auto"] = clean_build(book, scratch, run, "-j", "auto", keep_cache=True)[0]
    times["clean build (`make clean`)"] = clean_build(book, scratch, run, keep_cache=True)[0]
    return times


def measure(posts: int, pairs: int, scratch: Path) -> dict[str, dict[str, list[float]]]:
    project, plain = write_books(scratch / f"books-{posts}", posts)
    undrawn = dict(zip(("project", "plain"), write_books(scratch / f"books-{posts}-undrawn", posts, diagrams=False)))
    results: dict[str, dict[str, list[float]]] = {"project": {c: [] for c in CASES}, "plain": {c: [] for c in CASES}}
    for run in range(pairs):
        order = [("project", project), ("plain", plain)]
        if run % 2:
            order.reverse()  # interleaved: neither tool always builds first
        for name, book in order:
            for case, seconds in one_pair(book, undrawn[name], scratch, run).items():
                results[name][case].append(seconds)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[40, 160])
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="playbook-bench-build-"))
    try:
        load_before = os.getloadavg()[0]
        tables = {posts: measure(posts, args.pairs, scratch) for posts in args.posts}
        load_after = os.getloadavg()[0]
        print(f"machine: {os.cpu_count()} cores; load average {load_before:.1f} before, {load_after:.1f} after; "
              f"medians of {args.pairs} interleaved pairs")
        for posts, results in tables.items():
            print(f"\n{posts} posts\n| case | plain Sphinx+furo | this project | ratio |\n|---|---|---|---|")
            for case in CASES:
                plain, project = (statistics.median(results[name][case]) for name in ("plain", "project"))
                print(f"| {case} | {plain:.2f} s | {project:.2f} s | {project / plain:.2f}× |")
        if len(args.posts) > 1:
            first, last = args.posts[0], args.posts[-1]
            for name in ("plain", "project"):
                for case in ("first build (empty diagram cache)", "clean build (`make clean`)"):
                    growth = statistics.median(tables[last][name][case]) / statistics.median(tables[first][name][case])
                    print(f"{name}: {last / first:.0f}× the posts cost {growth:.2f}× the {case.split(' (')[0]}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
