"""The PDF and the ePub as a book (playbook.book), on a tiny book: front matter, a part per topic
holding its chapter and its posts, an appendix, the page for writers left out; the same order in
the ePub's navigation and reading order; incremental and parallel builds give the same book."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from bs4 import BeautifulSoup

from test_catalog_build import build, copy_root, edit_front_matter, warnings

# The tiny book's reading order: front matter, then each topic chapter and the posts it holds
# (newest first), the topic without posts of its own, then the appendix.
FRONT = ["Preface", "Journal"]
PARTS = [
    ("Go", ["Go", "Goroutines that stop", "Pools and queues"]),
    ("PostgreSQL", ["PostgreSQL", "Reading query plans"]),
    ("APIs", ["APIs", "API versions", "Contracts"]),
    ("Data", ["Data"]),
]
APPENDICES = ["Colophon"]
NAV = ["Tiny Book", *FRONT, *[title for _part, chapters in PARTS for title in chapters], *APPENDICES]
XHTML = "{http://www.w3.org/1999/xhtml}"


def latex_outline(tex: str) -> list[tuple[str, str]]:
    """The .tex file's structure, in order: ("front"|"main"|"appendices", ""), ("part", title),
    ("chapter", title)."""
    pattern = re.compile(r"\\playbook(frontmatter|mainmatter|appendices)\b|\\playbookpart\{([^}]*)\}|\\chapter\{([^}]*)\}")
    outline = []
    for matter, part, chapter in pattern.findall(tex):
        outline.append((matter, "") if matter else ("part", part) if part else ("chapter", chapter))
    return outline


def expected_outline() -> list[tuple[str, str]]:
    outline = [("frontmatter", ""), *[("chapter", title) for title in FRONT], ("mainmatter", "")]
    for part, chapters in PARTS:
        outline += [("part", part), *[("chapter", title) for title in chapters]]
    return outline + [("appendices", ""), *[("chapter", title) for title in APPENDICES]]


def nav_entries(epub: Path) -> list[tuple[int, str, str]]:
    """The ePub navigation document's entries: (depth, title, file)."""
    with zipfile.ZipFile(epub) as archive:
        nav = ElementTree.fromstring(archive.read("nav.xhtml"))
    entries = []

    def walk(ol, depth):
        for li in ol.findall(f"{XHTML}li"):
            link = li.find(f"{XHTML}a")
            entries.append((depth, link.text, link.get("href")))
            for nested in li.findall(f"{XHTML}ol"):
                walk(nested, depth + 1)

    walk(nav.find(f".//{XHTML}nav/{XHTML}ol"), 1)
    return entries


def spine_files(epub: Path) -> list[str]:
    with zipfile.ZipFile(epub) as archive:
        opf = ElementTree.fromstring(archive.read("content.opf"))
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    files = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:manifest/opf:item", ns)}
    return [files[ref.get("idref")] for ref in opf.iterfind(".//opf:spine/opf:itemref", ns) if ref.get("linear") != "no"]


def test_the_latex_book_has_front_matter_a_part_per_topic_and_appendices(make_app, tmp_path):
    app = build(make_app, copy_root("book", tmp_path / "src"), "latex")
    assert warnings(app) == ""
    tex = (Path(app.outdir) / "tiny.tex").read_text()
    assert latex_outline(tex) == expected_outline()
    assert "Queries \\& plans." in tex  # a part's description, escaped
    assert "for writers only" not in tex and "landing page's own text" not in tex
    assert "\\section{Goroutines that stop}" not in tex  # a post is a chapter, not a section
    # the checklist and the failure modes: a box under the section's heading, not a second title
    for title, kind in (("Practical checklist", "tip"), ("Failure modes", "warning")):
        after = tex.split(f"\\section{{{title}}}", 1)[1].split("\\section{", 1)[0]
        assert f"\\csname spx@noticetype\\endcsname{{{kind}}}\\begin{{sphinxheavybox}}" in after
        assert "sphinxadmonition" not in after and title not in after


def test_the_epub_navigation_and_reading_order_follow_the_book(make_app, tmp_path):
    app = build(make_app, copy_root("book", tmp_path / "src"), "epub")
    assert warnings(app) == ""
    epub = next(Path(app.outdir).glob("*.epub"))
    entries = nav_entries(epub)
    assert [title for _depth, title, _file in entries] == NAV
    depths = {title: depth for depth, title, _file in entries}
    assert depths["Goroutines that stop"] == depths["Contracts"] == 2  # posts under their topic chapter
    assert depths["Go"] == depths["Data"] == depths["Preface"] == depths["Colophon"] == 1
    assert spine_files(epub) == [file for _depth, _title, file in entries]
    with zipfile.ZipFile(epub) as archive:
        names = archive.namelist()
    assert "writers.xhtml" not in names and "genindex.xhtml" not in names
    result = subprocess.run(["java", "-jar", "/usr/share/java/epubcheck.jar", str(epub)], capture_output=True, text=True)
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in result.stdout + result.stderr, result.stdout + result.stderr


def test_the_html_book_keeps_its_navigation_without_repeating_it_or_empty_branches(make_app, tmp_path):
    app = build(make_app, copy_root("book", tmp_path / "src"), "html")
    assert warnings(app) == ""
    index = BeautifulSoup((Path(app.outdir) / "index.html").read_text(), "html.parser")
    assert index.select("article .toctree-wrapper li") == []  # the sidebar lists them; the page does not
    sidebar = index.select_one(".sidebar-tree")
    assert [a.get_text() for a in sidebar.select("li.toctree-l1 > a")] == [*FRONT, *[part for part, _ in PARTS], *APPENDICES, "Writers"]
    branches = {li.a.get_text(): [a.get_text() for a in li.select(":scope > ul a")] for li in sidebar.select("li.toctree-l1.has-children")}
    assert branches == {"Go": PARTS[0][1][1:], "PostgreSQL": PARTS[1][1][1:], "APIs": PARTS[2][1][1:]}  # none for Data
    assert (Path(app.outdir) / "writers.html").exists()
    chapter = BeautifulSoup((Path(app.outdir) / "topics" / "go.html").read_text(), "html.parser")
    boxes = chapter.select("section#failure-modes > .admonition.warning, section#practical-checklist > .admonition.tip")
    assert len(boxes) == 2 and [box.select(".admonition-title") for box in boxes] == [[], []]


def move_two_posts(srcdir: Path) -> None:
    """Pools and queues to the PostgreSQL chapter; Contracts made the newest post of APIs."""
    path = srcdir / "posts" / "pool.md"
    path.write_text(path.read_text().replace("topics: [go, postgresql]\n", "topics: [go, postgresql]\nchapter: postgresql\n"))
    edit_front_matter(srcdir, "contracts", "date", "2025-01-01")


def test_a_post_moved_to_another_chapter_moves_in_an_incremental_build(make_app, tmp_path):
    srcdir = copy_root("book", tmp_path / "src")
    build(make_app, srcdir, "latex")
    move_two_posts(srcdir)
    incremental = (Path(build(make_app, srcdir, "latex").outdir) / "tiny.tex").read_text()
    clean_srcdir = copy_root("book", tmp_path / "clean")
    move_two_posts(clean_srcdir)
    clean = (Path(build(make_app, clean_srcdir, "latex").outdir) / "tiny.tex").read_text()
    chapters = [title for kind, title in latex_outline(incremental) if kind == "chapter"]
    assert chapters.index("Pools and queues") == chapters.index("Reading query plans") - 1  # newer, first
    assert chapters.index("Contracts") == chapters.index("APIs") + 1
    assert latex_outline(incremental) == latex_outline(clean)


def test_a_parallel_build_gives_the_serial_builds_book(make_app, tmp_path):
    serial = build(make_app, copy_root("book", tmp_path / "serial"), "epub")
    parallel = build(make_app, copy_root("book", tmp_path / "parallel"), "epub", parallel=2)
    assert warnings(parallel) == ""
    assert nav_entries(next(Path(parallel.outdir).glob("*.epub"))) == nav_entries(next(Path(serial.outdir).glob("*.epub")))
    serial_tex = build(make_app, copy_root("book", tmp_path / "serial-tex"), "latex")
    parallel_tex = build(make_app, copy_root("book", tmp_path / "parallel-tex"), "latex", parallel=2)
    assert latex_outline((Path(parallel_tex.outdir) / "tiny.tex").read_text()) == expected_outline()
    assert (Path(parallel_tex.outdir) / "tiny.tex").read_text() == (Path(serial_tex.outdir) / "tiny.tex").read_text()


def test_every_html_page_names_the_feed_and_the_journal_reads_title_then_date(make_app, tmp_path):
    app = build(make_app, copy_root("book", tmp_path / "src"), "html", confoverrides={"html_baseurl": "https://tiny.example/book/"})
    assert warnings(app) == ""
    outdir = Path(app.outdir)
    pages = sorted(outdir.rglob("*.html"))
    assert len(pages) >= 14
    for page in pages:
        links = BeautifulSoup(page.read_text(), "html.parser").select('link[rel="alternate"][type="application/atom+xml"]')
        assert [link["href"] for link in links] == ["https://tiny.example/book/atom.xml"], page
    journal = BeautifulSoup((outdir / "journal.html").read_text(), "html.parser")
    terms = [" ".join(dt.get_text(" ", strip=True).split()) for dt in journal.select("dl.playbook-post-list dt")]
    assert terms[0] == "Goroutines that stop (1 March 2024)"  # no "Title : date"
    assert journal.select("dl.playbook-post-list .classifier") == []
