"""The real book, built strictly in all three formats, as `make all` builds it."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPOSITORY = Path(__file__).resolve().parents[1]
SPHINX_BUILD = [sys.executable, "-m", "sphinx"]
STRICT = ["-n", "-W", "--keep-going"]
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


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """Build html, latexpdf and epub into one build folder, failing on the first warning."""
    out = tmp_path_factory.mktemp("book")
    for builder in ("html", "latexpdf", "epub"):
        result = subprocess.run(
            [*SPHINX_BUILD, "-M", builder, "docs", str(out), "-c", ".", *STRICT, "-q"],
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{builder} build failed:\n{result.stderr[-6000:]}\n{result.stdout[-3000:]}"
    return out


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
