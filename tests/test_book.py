"""The real book, built strictly in all three formats, as `make all` builds it."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from book import shared_build
from test_catalog_build import definition_sentences, section_text

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")

# Attributes through which a page makes the browser fetch something (links a reader follows don't count).
LOADING_ATTRIBUTES = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
}
# <link> elements that name an address (for search engines or navigation); the browser fetches none.
NAMING_LINKS = {"canonical", "alternate", "index", "search", "next", "prev", "author", "license"}
REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"""(url\(\s*['"]?|@import\s+['"])\s*(https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def built() -> Path:
    """The session's strict build of html, latexpdf and epub (tests/book.py)."""
    return shared_build()


def test_html_has_the_landing_page_and_the_first_chapter(built):
    index = (built / "html" / "index.html").read_text()
    assert "The Backend Engineer’s Playbook" in index or "The Backend Engineer's Playbook" in index
    assert "Technical Journal" in index
    chapter = (built / "html" / "how-to-read.html").read_text()
    assert 'class="admonition' in chapter
    assert re.search(r'<img src="_images/mermaid-[0-9a-f]+\.svg" alt="[^"]{20,}"', chapter)


def test_no_built_page_loads_anything_from_another_host(built):
    offenders = []
    for page in sorted((built / "html").rglob("*.html")):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for tag, attributes in LOADING_ATTRIBUTES.items():
            for element in soup.find_all(tag):
                if tag == "link" and NAMING_LINKS & set(element.get("rel") or []):
                    continue
                for attribute in attributes:
                    value = element.get(attribute)
                    if value and REMOTE.match(value):
                        offenders.append(f"{page.name}: <{tag} {attribute}={value!r}>")
        for style in soup.find_all("style"):
            if CSS_REMOTE.search(style.get_text()):
                offenders.append(f"{page.name}: remote url() in <style>")
    for stylesheet in sorted((built / "html").rglob("*.css")):
        if CSS_REMOTE.search(stylesheet.read_text()):
            offenders.append(f"{stylesheet.name}: remote url() or @import")
    assert offenders == []


def test_the_pdf_holds_the_diagrams_labels_as_text(built):
    pdf = built / "latex" / "backend-engineers-playbook.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Labels of the diagram in "How to read this book", drawn as vectors with real text.
    for label in ("Journal by month", "Related posts", "Topic chapter"):
        assert label in text
    assert "≤" in text or "→" in text  # xelatex printed the Unicode that pdflatex cannot


def test_the_epub_passes_epubcheck_with_no_errors_and_no_warnings(built):
    epub = built / "epub" / "BackendEngineersPlaybook.epub"
    result = subprocess.run(
        ["java", "-jar", str(EPUBCHECK_JAR), str(epub)], capture_output=True, text=True
    )
    summary = re.search(r"Messages: (\d+) fatals / (\d+) errors / (\d+) warnings", result.stdout + result.stderr)
    assert summary, result.stdout + result.stderr
    assert summary.groups() == ("0", "0", "0"), result.stdout + result.stderr


def test_the_epub_shows_each_diagram_as_an_image_with_its_description(built):
    epub = built / "epub" / "BackendEngineersPlaybook.epub"
    with zipfile.ZipFile(epub) as archive:
        chapter = archive.read("how-to-read.xhtml").decode()
        images = re.findall(r'<img src="(_images/mermaid-[0-9a-f]+\.png)" alt="([^"]+)"', chapter)
        assert images
        for src, _alt in images:
            assert archive.read(src)[:4] == b"\x89PNG"


def _whole_words(title: str) -> set[str]:
    """A title's words split at spaces alone (punctuation around them dropped, possessives
    folded), so that a fragment of a hyphenated word ("tree" of "B-Tree") is none of them."""
    words = set()
    for token in title.replace("’", "'").casefold().split():
        word = token.strip(".,:;!?()[]\"'“”")
        words.add(word.removesuffix("'s"))
    return words


def test_every_motif_of_a_topic_chapter_recurs_and_is_a_whole_word(built):
    """Each word a chapter names as a motif, or as a word its posts lean on, is a whole word of at
    least two of the chapter's titles (its References) and not a stop-word."""
    from playbook.catalog.computations import stop_words

    chapters = sorted((built / "html" / "topics").glob("*.html"))
    stop = stop_words(chapter.stem for chapter in chapters)  # a chapter per topic key
    named = {}
    for chapter in chapters:
        soup = BeautifulSoup(chapter.read_text(), "html.parser")
        sections = {s.h2.get_text(strip=True).rstrip("#¶"): s for s in soup.select("section") if s.h2}
        definition = sections["Definition"].p.get_text(" ", strip=True)  # the computed sentences
        references = sections["References"]
        titles = [_whole_words(term.get_text(" ", strip=True)) for term in references.select("dl dt")]
        motifs = re.search(r"Recurring title motifs include ([^.]+)\.", definition)
        shift = re.search(r"Early posts lean on ([^,]+), while newer posts lean on ([^.]+)\.", definition)
        words = [word for match in (motifs, shift) if match for group in match.groups() for word in re.split(r", | and ", group)]
        for word in words:
            assert sum(word in title for title in titles) >= 2, (chapter.name, word)
            assert word not in stop, (chapter.name, word)
        named[chapter.stem] = words
    assert any(named.values()), named  # the book has recurring motifs to check


# Issue 20's budget: what a post page makes the browser fetch of CSS and JavaScript.
POST_PAGE_ASSET_BUDGET = 115 * 1024


def _page_assets(page: Path) -> list[Path]:
    soup = BeautifulSoup(page.read_text(), "html.parser")
    addresses = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    addresses += [script["src"] for script in soup.find_all("script", src=True)]
    return [(page.parent / address.split("?", 1)[0]).resolve() for address in addresses]


def test_a_post_page_loads_only_the_css_and_javascript_it_uses(built):
    html = built / "html"
    posts = sorted((html / "posts").glob("*.html"))
    assert posts
    for post in posts:
        assets = _page_assets(post)
        names = {asset.name for asset in assets}
        assert "sphinx-design.min.css" not in names and "design-tabs.js" not in names, post.name
        assert {"copybutton.js", "clipboard.min.js"} <= names, post.name  # posts have code blocks
        assert sum(asset.stat().st_size for asset in assets) <= POST_PAGE_ASSET_BUDGET, post.name
    # The landing page's topic cards are sphinx-design components: it keeps their files.
    assert "sphinx-design.min.css" in {asset.name for asset in _page_assets(html / "index.html")}


def test_the_backend_chapter_says_what_the_source_topic_page_says(built):
    """Seed 000 is the source topic page of Backend: once the archive's 15 posts are in the book,
    the real book's Backend chapter computes its count, span, adjacent topics, motifs, shift,
    reading path and related posts (the archive test root checks the same rules in a tiny book)."""
    html = built / "html"
    assert definition_sentences(html, "topics/backend.html") == (
        "Backend coverage in this book spans 15 posts from Nov 2016 to Aug 2022. "
        # the source's "Go" is the topic `go`, whose chapter this book calls "Go language"
        "The strongest adjacent topics are Go language, Architecture and Performance. "
        "Recurring title motifs include go, patterns, api and backend. "
        "Early posts lean on go and backend, while newer posts lean on api and postgresql."
    )
    assert section_text(html, "topics/backend.html", "Suggested reading path") == (
        "Start here (current state): Go Concurrency Patterns I Use in Every Service "
        "Then read (the middle of the range): Your API Is a Contract You Can't Take Back "
        "Finish with (foundational context): Why We Chose Go for Our Backend Services"
    )
    assert section_text(html, "topics/backend.html", "Related posts") == (
        "Go Concurrency Patterns I Use in Every Service (16 August 2022) "
        "Caching: The Easy Part Is Adding It, the Hard Part Is Everything Else (8 March 2022) "
        "Rate Limiting: The Boring Feature That Saves You at 3 AM (19 October 2021) "
        "PostgreSQL Performance: Measure First, Tune Second (25 May 2021) "
        "API Versioning: Pick One and Stop Overthinking It (1 December 2020) "
        "Message Queues: The Patterns Nobody Tells You About Until 3 AM (14 July 2020) "
        "The PostgreSQL Tuning Playbook I Actually Use (11 February 2020) "
        "Your API Is a Contract You Can't Take Back (24 September 2019)"
    )
