"""Benchmark of the catalog extension (playbook.catalog): synthetic books of N posts, built with
the extension and, for comparison, the same posts without it (a globbed toctree instead).

Prints, per size, the extension's own time (front matter collection, transforms, computations,
resolving placeholders, feed) and the whole build's, clean and with nothing changed.

    .venv/bin/python tools/bench_extension.py [--sizes 100 1000 5000] [--theme basic]
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from sphinx.application import Sphinx  # noqa: E402
from sphinx.util.docutils import docutils_namespace  # noqa: E402

from playbook.catalog import feed, resolve, state, transforms, updates  # noqa: E402

TOPICS = ["go", "postgresql", "api", "performance", "concurrency", "reliability", "async", "python", "data", "backend"]
WORDS = "queue pool index plan cache latency worker retry contract schema vacuum lock timeout budget".split()
SPENT: dict[str, float] = defaultdict(float)


def timed(label, function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[label] += time.perf_counter() - start

    return wrapper


def instrument() -> None:
    """Time every entry point of the extension (patched before setup() registers them)."""
    state.refresh_posts = timed("collect", state.refresh_posts)
    updates.update_views = timed("compute", updates.update_views)
    resolve.ResolveParts.run = timed("resolve", resolve.ResolveParts.run)
    feed.write_feed = timed("feed", feed.write_feed)
    for transform in (transforms.PostPageTransform, transforms.TopicChapterTransform):
        transform.apply = timed("transforms", transform.apply)


def write_book(root: Path, posts: int, with_extension: bool, theme: str) -> None:
    rng = random.Random(posts)
    (root / "posts").mkdir(parents=True)
    for number in range(posts):
        topics = rng.sample(TOPICS, rng.randint(1, 3))
        title = f"{' '.join(rng.sample(WORDS, 3)).capitalize()} number {number}"
        day = date(2016, 1, 1) + timedelta(days=rng.randrange(3650))
        (root / "posts" / f"post-{number:05}.md").write_text(
            f'---\ntitle: "{title}"\ndate: {day}\ntopics: [{", ".join(topics)}]\n'
            f'summary: "What post {number} says about {topics[0]}."\n---\n\n# {title}\n\n'
            + "A paragraph of the post's body.\n\n## A section\n\nMore text.\n"
        )
    conf = f'project = "Bench"\nauthor = "Bench"\nhtml_theme = "{theme}"\n'
    if with_extension:
        (root / "topics").mkdir()
        for key in TOPICS:
            (root / "topics" / f"{key}.md").write_text(
                f"# {key}\n\n## Definition\n\nIt leans into {key}.\n\n## Key claims\n\n- A claim.\n\n"
                "## Practical checklist\n\n- A check.\n\n## Failure modes\n\n- A failure.\n"
            )
        topics = ", ".join(f'"{key}": ("{key}", "About {key}.")' for key in TOPICS)
        conf += f'extensions = ["myst_parser", "sphinx_design", "playbook"]\nplaybook_topics = {{{topics}}}\n'
        (root / "journal.md").write_text("# Journal\n\n```{journal}\n```\n")
        index = "```{topic-map}\n```\n\n```{topic-chapters}\n:maxdepth: 1\n```\n\n```{toctree}\njournal\n```\n"
    else:
        conf += 'extensions = ["myst_parser"]\n'
        index = "```{toctree}\n:glob:\n:maxdepth: 1\n\nposts/*\n```\n"
    (root / "conf.py").write_text(conf)
    (root / "index.md").write_text("# Bench\n\n" + index)


def build(root: Path) -> float:
    start = time.perf_counter()
    with docutils_namespace():
        app = Sphinx(root, root, root / "_build" / "html", root / "_build" / "doctrees", "html",
                     status=None, warning=sys.stderr, freshenv=False, warningiserror=True, verbosity=0)
        app.build()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--theme", default="basic", help="HTML theme (furo's sidebar lists every page on every page)")
    args = parser.parse_args()
    instrument()
    print(f"{'posts':>6} {'ext clean':>10} {'build clean':>12} {'share':>6} {'without ext':>12} {'ext no-op':>10} {'build no-op':>12}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            plain, book = Path(tmp) / "plain", Path(tmp) / "book"
            write_book(plain, size, False, args.theme)
            write_book(book, size, True, args.theme)
            without = build(plain)
            SPENT.clear()
            clean = build(book)
            ext_clean = sum(SPENT.values())
            SPENT.clear()
            noop = build(book)
            ext_noop = sum(SPENT.values())
        print(f"{size:>6} {ext_clean:>9.2f}s {clean:>11.2f}s {ext_clean / clean:>6.1%} {without:>11.2f}s {ext_noop:>9.3f}s {noop:>11.2f}s", flush=True)


if __name__ == "__main__":
    main()
