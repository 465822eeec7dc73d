"""The real book's PDF and ePub read as a book: the table of contents, the chapters' pages, the
ePub's navigation, the LaTeX log; pictures of pages go to test-artifacts/ for a person to look at.

The expected order is worked out here from the sources (conf.py's vocabulary, each post's front
matter), not from the extension: each topic chapter, then the posts it holds, newest first."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from book import REPOSITORY, artifacts_dir, conf_value, shared_build
from browser import pages

DOCS = REPOSITORY / "docs"
PDF = Path("latex") / "backend-engineers-playbook.pdf"
EPUB = Path("epub") / "BackendEngineersPlaybook.epub"
XHTML = "{http://www.w3.org/1999/xhtml}"
FRONT_MATTER = ["How to read this book", "Journal"]


def _heading(path: Path) -> str:
    return next(line[2:].strip() for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# "))


def parts() -> list[tuple[str, str, list[str]]]:
    """(topic name, its chapter's title, the titles of the posts it holds in reading order)."""
    held: dict[str, list[tuple]] = {}
    for slug in pages.posts():
        meta = pages.front_matter(DOCS / "posts" / f"{slug}.md")
        chapter = meta.get("chapter") or meta["topics"][0]
        held.setdefault(chapter, []).append((-meta["date"].toordinal(), meta["title"].casefold(), meta["title"]))
    out = []
    for key, (name, _description) in conf_value("playbook_topics").items():
        chapter = DOCS / "topics" / f"{key}.md"
        if chapter.exists():
            out.append((name, _heading(chapter), [title for *_order, title in sorted(held.get(key, []))]))
    return out


def reading_order() -> list[str]:
    return [*FRONT_MATTER, *[title for _name, chapter, posts in parts() for title in (chapter, *posts)]]


@pytest.fixture(scope="module")
def built() -> Path:
    return shared_build()


def _normal(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


def _pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def _outline(reader: PdfReader, items=None, depth=0) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out.extend(_outline(reader, item, depth + 1))
        else:
            out.append((depth, _normal(item.title), reader.get_destination_page_number(item)))
    return out


def toc_entries(page_texts: list[str]) -> list[tuple[str, str]]:
    """The table of contents as (number, title): "I" for a part, "3" for a chapter, "" unnumbered."""
    start = next(index for index, text in enumerate(page_texts) if text.split() and text.split()[0] == "CONTENTS")
    entries, pending = [], ""
    for text in page_texts[start:]:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not lines or (entries and not re.search(r"\s\d+$", lines[0]) and lines[0] != "CONTENTS"):
            break  # the first page after the table of contents
        for line in lines:
            if line == "CONTENTS" or re.fullmatch(r"[ivxlc]+", line):  # heading, page number
                continue
            pending = f"{pending} {line}".strip()
            if match := re.fullmatch(r"(?:([IVXLC]+|\d+|[A-Z])\s+)?(.+?)\s+\d+", pending):
                entries.append((match.group(1) or "", _normal(match.group(2))))
                pending = ""
    return entries


def test_the_table_of_contents_lists_the_front_matter_and_every_part_chapter_and_post(built):
    entries = toc_entries(_pages_text(built / PDF))
    expected = [("", title) for title in FRONT_MATTER]
    chapter = 0
    for number, (name, chapter_title, posts) in enumerate(parts(), start=1):
        expected.append((_roman(number), _normal(name)))
        for title in (chapter_title, *posts):
            chapter += 1
            expected.append((str(chapter), _normal(title)))
    assert entries == expected
    authoring = _heading(DOCS / "authoring.md")
    assert authoring not in [title for _number, title in entries]


def _roman(number: int) -> str:
    values = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in values:
        while number >= value:
            out, number = out + letters, number - value
    return out


def test_every_chapter_starts_on_a_page_of_its_own(built):
    reader = PdfReader(built / PDF)
    page_texts = _pages_text(built / PDF)
    outline = _outline(reader)
    titles = reading_order()
    chapters = [(title, page) for _depth, title, page in outline if title in {_normal(t) for t in titles}]
    seen_pages = set()
    for title, page in chapters:
        if (title, page) in seen_pages:
            continue
        text = _normal(page_texts[page]).casefold()
        before = text[: text.find(title.casefold()[:30])]
        # nothing above the heading but its label ("Chapter three"): the page starts with the chapter
        assert re.fullmatch(r"(chapter [a-z-]+ )?", before), (title, page + 1, before)
        seen_pages.add((title, page))
    assert len({page for _title, page in seen_pages}) == len(seen_pages)  # one chapter per opening page
    parts_in_outline = [title for depth, title, _page in outline if depth == 0 and title not in FRONT_MATTER]
    names = [_normal(name) for name, _chapter, _posts in parts()]
    assert parts_in_outline == [f"{_roman(number)} {name}" for number, name in enumerate(names, start=1)]


def test_the_latex_log_has_no_missing_character(built):
    log = (built / "latex" / "backend-engineers-playbook.log").read_text(errors="replace")
    assert "Missing character" not in log


def test_the_epub_navigation_lists_every_topic_chapter_and_post_in_reading_order(built):
    with zipfile.ZipFile(built / EPUB) as archive:
        nav = ElementTree.fromstring(archive.read("nav.xhtml"))
        names = archive.namelist()
    entries = []

    def walk(ol, depth):
        for li in ol.findall(f"{XHTML}li"):
            entries.append((depth, _normal(li.find(f"{XHTML}a").text)))
            for nested in li.findall(f"{XHTML}ol"):
                walk(nested, depth + 1)

    walk(nav.find(f".//{XHTML}nav/{XHTML}ol"), 1)
    title = _heading(DOCS / "index.md")
    assert [entry for _depth, entry in entries] == [_normal(title), *map(_normal, reading_order())]
    posts = {_normal(post) for _name, _chapter, held in parts() for post in held}
    assert {entry for depth, entry in entries if depth == 2} == posts  # each under its topic chapter
    for docname in conf_value("playbook_web_only_pages"):
        assert f"{docname}.xhtml" not in names
    assert "genindex.xhtml" not in names


def test_pictures_of_the_pdfs_pages_for_a_person_to_look_at(built):
    """The title page, the contents, the first part's page and chapter, and every page with a
    diagram or code: as PNG in test-artifacts/pdf/."""
    folder = artifacts_dir() / "pdf"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    page_texts = _pages_text(built / PDF)
    wanted = {1, 2, 3}
    wanted |= {index + 1 for index, text in enumerate(page_texts) if "Fig." in text or "func " in text}
    for page in sorted(wanted)[:40]:
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page), str(built / PDF), str(folder / "page")],
            check=True,
        )
    assert len(list(folder.glob("*.png"))) >= 5


def test_no_line_of_the_pdf_runs_more_than_5pt_into_the_margin(built):
    log = (built / "latex" / "backend-engineers-playbook.log").read_text(errors="replace")
    overfull = [float(width) for width in re.findall(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)", log)]
    assert [width for width in overfull if width > 5] == []


def _media_box(pdf: Path) -> tuple[float, float]:
    width, height = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes()).groups()
    return float(width), float(height)


#: Room a landscape page keeps for a figure's caption below its picture (pt).
LANDSCAPE_CAPTION_ROOM = 36.0


def test_every_diagram_prints_its_labels_at_8pt_or_more_and_no_larger_than_it_needs(built):
    """Mermaid's labels are 12 pt in the picture (16 px); the .tex scales each picture and
    \\sphinxincludegraphics shrinks it further to fit the text block, whose measures the log holds.
    A picture on a landscape page (pdflscape) fits the turned block, less room for its caption;
    only a diagram that cannot print legibly on an upright page goes there."""
    latex = built / "latex"
    log = (latex / "backend-engineers-playbook.log").read_text(errors="replace")
    linewidth, textheight = map(float, re.search(r"playbook-book: linewidth=([\d.]+)pt, textheight=([\d.]+)pt", log).groups())
    tex = (latex / "backend-engineers-playbook.tex").read_text()
    included = list(re.finditer(r"\\sphinxincludegraphics\[scale=([\d.]+)\]\{\{(mermaid-[0-9a-f]+)\}\.pdf\}", tex))
    assert len(included) >= 10
    small, landscape = [], []
    for match in included:
        scale, stem = float(match.group(1)), match.group(2)
        width, height = _media_box(latex / f"{stem}.pdf")
        before = tex[: match.start()]
        upright = min(scale, linewidth / width, textheight / height)
        if before.rfind("\\begin{landscape}") > before.rfind("\\end{landscape}"):
            printed = min(scale, textheight / width, (linewidth - LANDSCAPE_CAPTION_ROOM) / height)
            landscape.append(stem)
            assert 12 * upright < 8, (stem, "legible upright, yet on a landscape page")
        else:
            printed = upright
        assert printed <= 0.75  # never drawn larger than its 9 pt labels need
        if 12 * printed < 8:
            small.append((stem, width, height, round(12 * printed, 1)))
    assert small == []
    rotated = [page for page in PdfReader(built / PDF).pages if page.get("/Rotate", 0) % 360]
    assert len(rotated) >= len(landscape)  # each landscape page turns in a viewer
    assert len(landscape) <= 8  # a landscape page is the exception (today: sequence diagrams and two wide trees)


def test_the_epub_ships_its_own_stylesheet_and_no_web_only_files(built):
    """Pictures fit and code wraps (no 1174 px diagram, no clipped code line); no copy-button
    files; no dark-mode inversion (the pictures carry their own white ground)."""
    with zipfile.ZipFile(built / EPUB) as archive:
        names = archive.namelist()
        pages_with_code = [name for name in names if name.endswith(".xhtml") and b'class="highlight' in archive.read(name)]
        stylesheets = {name: archive.read(name).decode() for name in names if name.endswith(".css")}
        links = {name: re.findall(r'<link rel="stylesheet"[^>]*href="([^"]+)"', archive.read(name).decode()) for name in names if name.endswith(".xhtml") and name != "nav.xhtml"}
    assert pages_with_code
    assert [name for name in names if re.search(r"copy|clipboard|playbook-reading|playbook-diagrams", name)] == []
    assert all(any(href.endswith("_static/playbook-epub.css") for href in hrefs) for hrefs in links.values()), links
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", "\n".join(stylesheets.values()))
    assert [selector for selector, body in rules if ("img" in selector or "diagram" in selector) and "min-width" in body] == []
    assert [selector for selector, body in rules if "invert(" in body] == []
    epub_css = stylesheets["_static/playbook-epub.css"]
    assert re.search(r"img\s*\{[^}]*max-width:\s*100%", epub_css) and re.search(r"pre\s*\{[^}]*white-space:\s*pre-wrap", epub_css)
    assert re.search(r"pre\s*\{[^}]*tab-size:\s*4\b", epub_css)  # Go's tabs indent as in print
