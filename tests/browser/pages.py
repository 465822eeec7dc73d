"""What the tests know about the built book, read from the built pages and the sources."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import snowballstemmer
import yaml
from bs4 import BeautifulSoup

from book import REPOSITORY

DOCS = REPOSITORY / "docs"
WORD = re.compile(r"[a-z]{8,}")
ANY_WORD = re.compile(r"[a-z]+")
# Sphinx's English search stems words (Porter); the Snowball English stemmer is checked as well.
STEMMERS = [snowballstemmer.stemmer("porter"), snowballstemmer.stemmer("english")]


@functools.cache
def _stems(word: str) -> frozenset[str]:
    return frozenset(stemmer.stemWord(word) for stemmer in STEMMERS)


def html_pages(html_dir: Path) -> list[str]:
    """Every page of the built book, as paths relative to its root (404.html included)."""
    return sorted(page.relative_to(html_dir).as_posix() for page in html_dir.rglob("*.html"))


def front_matter(source: Path) -> dict:
    text = source.read_text(encoding="utf-8")
    _, block, _ = text.split("---\n", 2)
    return yaml.safe_load(block)


def posts() -> list[str]:
    """The posts' slugs, from docs/posts/."""
    return sorted(path.stem for path in (DOCS / "posts").glob("*.md"))


def article_text(page: Path) -> str:
    """The text of a built page's article (no navigation, no footer), lower-cased."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article[role=main]") or soup.select_one("article")
    return article.get_text(" ").lower() if article else ""


def word_only_in(html_dir: Path, slug: str) -> str:
    """A word of the post's body that no other page holds, not even as the start of a word, and
    that is neither in its title nor in its summary (so the search finds it through the body)."""
    own = article_text(html_dir / "posts" / f"{slug}.html")
    meta = front_matter(DOCS / "posts" / f"{slug}.md")
    heading = f"{meta['title']} {meta['summary']}".lower()
    other_words = set(ANY_WORD.findall(heading)).union(*(
        _article_words(html_dir / page, _version(html_dir / page))
        for page in html_pages(html_dir)
        if page != f"posts/{slug}.html" and page not in ("genindex.html", "search.html", "404.html")
    ))
    other_stems = set().union(*map(_stems, other_words))
    for word in sorted(set(WORD.findall(own))):
        stems = _stems(word)
        if not stems & other_stems and not any(other.startswith(stem) for other in other_words for stem in stems):
            return word
    raise AssertionError(f"posts/{slug}.html: no word of its body is absent from every other page")


def _version(page: Path) -> tuple[int, int]:
    status = page.stat()
    return status.st_mtime_ns, status.st_size


# Every search test reads every other page: each page is parsed once per version of its file.
@functools.cache
def _article_words(page: Path, version: tuple[int, int]) -> frozenset[str]:
    return frozenset(ANY_WORD.findall(article_text(page)))


def page_title(page: Path) -> str:
    """The page's first heading, as printed (without its permalink sign)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    heading = soup.select_one("article h1")
    if heading is None:
        raise AssertionError(f"{page}: no <h1> in the article")
    for link in heading.select("a.headerlink"):
        link.decompose()
    return heading.get_text().strip()
