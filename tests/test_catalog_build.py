"""The catalog in real Sphinx builds of the tiny books under tests/roots/: pages, errors,
incremental and parallel builds, LaTeX and ePub."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx.util.console import strip_colors


ROOTS = Path(__file__).parent / "roots"


def copy_root(name: str, target: Path) -> Path:
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def build(make_app, srcdir: Path, buildername: str = "html", **kwargs):
    app = make_app(buildername, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()  # docutils' global registries, before the next app of the same test
    return app


def warnings(app) -> str:
    return strip_colors(app.warning.getvalue())


def page_text(outdir: Path, page: str) -> str:
    soup = BeautifulSoup((outdir / page).read_text(), "html.parser")
    text = " ".join(soup.find("div", class_="body").get_text(" ", strip=True).split())
    return re.sub(r" ([.,])", r"\1", text)  # no space before punctuation that follows a link


def html_pages(outdir: Path) -> dict[str, str]:
    return {str(path.relative_to(outdir)): path.read_text() for path in sorted(outdir.rglob("*.html"))}


#: A page's ``##`` headings: in the tiny books' theme (div.body) and in the book's (furo's article).
SECTION_HEADINGS = "div.body section > h2, article[role=main] section > h2"


def _heading(soup: BeautifulSoup, title: str):
    """The ``##`` heading of that title, its link mark ("¶" or furo's "#") left out."""
    return next(h for h in soup.select(SECTION_HEADINGS) if h.get_text(strip=True).rstrip("¶#") == title)


def section_text(outdir: Path, page: str, title: str) -> str:
    """The text of one ``##`` section of a page, without its heading."""
    soup = BeautifulSoup((outdir / page).read_text(), "html.parser")
    heading = _heading(soup, title)
    section = heading.parent
    heading.extract()
    return re.sub(r" ([.,])", r"\1", " ".join(section.get_text(" ", strip=True).split()))


def definition_sentences(outdir: Path, page: str) -> str:
    """The computed paragraph at the start of a topic chapter's Definition."""
    soup = BeautifulSoup((outdir / page).read_text(), "html.parser")
    heading = _heading(soup, "Definition")
    return re.sub(r" ([.,])", r"\1", " ".join(heading.find_next_sibling("p").get_text(" ", strip=True).split()))


def test_backend_chapter_of_the_archive_computes_what_the_source_shows(make_app, tmp_path):
    """Seed 000, the source topic page of Backend: its computed sentences, reading path and
    related posts (its wording where the book words it: "topics" rather than "threads")."""
    app = build(make_app, copy_root("catalog-archive", tmp_path / "src"))
    assert warnings(app) == ""
    assert definition_sentences(app.outdir, "topics/backend.html") == (
        "Backend coverage in this book spans 15 posts from Nov 2016 to Aug 2022. "
        "The strongest adjacent topics are Go, Architecture and Performance. "
        "Recurring title motifs include go, patterns, api and backend. "
        "Early posts lean on go and backend, while newer posts lean on api and postgresql."
    )
    assert section_text(app.outdir, "topics/backend.html", "Suggested reading path") == (
        "Start here (current state): Go Concurrency Patterns I Use in Every Service "
        "Then read (the middle of the range): Your API Is a Contract You Can't Take Back "
        "Finish with (foundational context): Why We Chose Go for Our Backend Services"
    )
    assert section_text(app.outdir, "topics/backend.html", "Related posts") == (
        "Go Concurrency Patterns I Use in Every Service (16 August 2022) "
        "Caching: The Easy Part Is Adding It, the Hard Part Is Everything Else (8 March 2022) "
        "Rate Limiting: The Boring Feature That Saves You at 3 AM (19 October 2021) "
        "PostgreSQL Performance: Measure First, Tune Second (25 May 2021) "
        "API Versioning: Pick One and Stop Overthinking It (1 December 2020) "
        "Message Queues: The Patterns Nobody Tells You About Until 3 AM (14 July 2020) "
        "The PostgreSQL Tuning Playbook I Actually Use (11 February 2020) "
        "Your API Is a Contract You Can't Take Back (24 September 2019)"
    )
    headings = [h.get_text(strip=True).rstrip("¶") for h in BeautifulSoup((app.outdir / "topics/backend.html").read_text(), "html.parser").select("div.body h2")]
    assert headings == [
        "Definition", "Key claims", "Practical checklist", "Failure modes",
        "Suggested reading path", "Related posts", "References", "In neighbouring topics",
    ]
    references = section_text(app.outdir, "topics/backend.html", "References")
    assert references.startswith("15 posts, newest first.")
    assert references.index("Go Concurrency Patterns") < references.index("Why We Chose Go")
    # every archive post is a Backend post: nothing lies outside it
    assert section_text(app.outdir, "topics/backend.html", "In neighbouring topics") == (
        "No post outside this topic shares a neighbouring topic with it yet."
    )
    # Go: eight posts, its early half leans on go and backend, its newer half on patterns alone
    assert definition_sentences(app.outdir, "topics/go.html") == (
        "Go coverage in this book spans 8 posts from Nov 2016 to Aug 2022. "
        "The strongest adjacent topics are Backend, APIs and Architecture. "
        "Recurring title motifs include go, patterns, rate and limiting. "
        "Early posts lean on go and backend, while newer posts lean on patterns."
    )


def test_hard_cases_chapters_say_what_the_rules_give(make_app, tmp_path):
    """tests/roots/test-catalog-hard-cases, whose facts tests/test_catalog_computations.py derives
    one by one: here, the sentences a reader sees, and what is left out."""
    app = build(make_app, copy_root("catalog-hard-cases", tmp_path / "src"))
    assert warnings(app) == ""
    assert definition_sentences(app.outdir, "topics/postgresql.html") == (
        "PostgreSQL coverage in this book spans 6 posts from Feb 2020 to May 2024. "
        "The strongest adjacent topics are Operations, Performance and Go. "
        "Recurring title motifs include postgresql, b-tree, pgpool-ii and vacuum. "
        "Early posts lean on autovacuum and vacuum, while newer posts lean on postgresql and b-tree."
    )
    assert definition_sentences(app.outdir, "topics/ops.html") == (
        "Operations coverage in this book spans 5 posts from Sep 2018 to May 2024. "
        "The strongest adjacent topics are Performance, PostgreSQL and APIs. "
        "Recurring title motifs include indexes and runbooks."
    )
    assert definition_sentences(app.outdir, "topics/rust.html") == (
        "Rust coverage in this book spans 1 post in Mar 2023. The strongest adjacent topic is Go."
    )
    assert definition_sentences(app.outdir, "topics/grpc.html") == (
        "gRPC coverage in this book spans 2 posts from Jan 2021 to Oct 2022. "
        "The strongest adjacent topics are APIs and Go. "
        "Recurring title motifs include grpc and streaming."
    )
    assert section_text(app.outdir, "topics/postgresql.html", "Suggested reading path") == (
        "Start here (current state): B-Tree Indexes vs Hash Indexes in PostgreSQL 18 "
        "Then read (the middle of the range): Vacuum Without Fear: Autovacuum Settings We've Tuned "
        "Finish with (foundational context): Bloat and the Pgpool-II Cache"
    )
    assert section_text(app.outdir, "topics/grpc.html", "Suggested reading path") == (
        "Start here (current state): gRPC Streaming Without Tears "
        "Finish with (foundational context): gRPC Deadlines and Streaming Back-Pressure"
    )
    assert section_text(app.outdir, "topics/rust.html", "Related posts") == (
        "Rust’s Borrow Checker vs Go's Garbage Collector (3 March 2023)"
    )
    # postgresql's neighbours weigh 2 each: Dropping Indexes (ops and performance) and the two
    # gRPC posts (api and go) 4, newest first; then 2, newest first, five in all
    assert section_text(app.outdir, "topics/postgresql.html", "In neighbouring topics") == (
        "Dropping Indexes Nobody Uses (8 August 2023) — shares Operations, Performance "
        "gRPC Streaming Without Tears (10 October 2022) — shares APIs, Go "
        "gRPC Deadlines and Streaming Back-Pressure (1 January 2021) — shares APIs, Go "
        "Rust’s Borrow Checker vs Go's Garbage Collector (3 March 2023) — shares Go "
        "Runbooks That Page Nobody (4 April 2019) — shares Operations"
    )


def test_post_pages_journal_cards_map_and_feed(make_app, tmp_path):
    app = build(make_app, copy_root("catalog-small", tmp_path / "src"))
    assert warnings(app) == ""
    pool = page_text(app.outdir, "posts/pool.html")
    assert "Published 10 June 2023. Topics: Go and PostgreSQL." in pool
    # shares two topics with nothing; one topic: goroutines (newer) before plans and versions
    assert re.search(r"Related posts ¶ Goroutines that stop \(1 March 2024\) — shares Go "
                     r"Reading query plans \(20 November 2022\) — shares PostgreSQL "
                     r"API versions \(14 February 2021\) — shares Go", pool)
    journal = page_text(app.outdir, "journal.html")
    assert journal.index("March 2024") < journal.index("June 2023") < journal.index("September 2020")
    assert "Pools and queues (10 June 2023) Bounded pools in front of a database." in journal
    index = BeautifulSoup((app.outdir / "index.html").read_text(), "html.parser")
    assert [card.select_one(".sd-card-title").get_text(strip=True) for card in index.select(".sd-card")] == ["Go", "PostgreSQL", "APIs"]
    diagram = index.select_one("div.playbook-diagram img")
    assert diagram["alt"] == (
        "Topic map: Go (3 posts), PostgreSQL (2 posts), APIs (2 posts). "
        "Go shares 1 post with PostgreSQL; Go shares 1 post with APIs."
    )
    assert (app.outdir / diagram["src"]).read_text().startswith("<svg")
    feed = (app.outdir / "atom.xml").read_bytes()
    assert feed.count(b"<entry>") == 5 and b"<updated>2024-03-01T00:00:00+00:00</updated>" in feed
    again = build(make_app, copy_root("catalog-small", tmp_path / "again"))
    assert (again.outdir / "atom.xml").read_bytes() == feed


# --- incremental and parallel builds ------------------------------------------------------------

def edit_front_matter(srcdir: Path, post: str, key: str, value: str) -> None:
    path = srcdir / "posts" / f"{post}.md"
    text = path.read_text()
    path.write_text(re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M))


def add_post(srcdir: Path) -> None:
    (srcdir / "posts" / "indexes.md").write_text(
        '---\ntitle: "Indexes first"\ndate: 2023-01-15\ntopics: [postgresql, api]\n'
        'summary: "Most slow queries miss an index."\n---\n\n# Indexes first\n\nBody.\n'
    )


def delete_post(srcdir: Path) -> None:
    (srcdir / "posts" / "plans.md").unlink()


def retitle(srcdir: Path) -> None:
    edit_front_matter(srcdir, "versions", "title", '"Versions of an API"')
    path = srcdir / "posts" / "versions.md"
    path.write_text(path.read_text().replace("# API versions", "# Versions of an API"))


CHANGES = {
    "topics": lambda src: edit_front_matter(src, "contracts", "topics", "[api, postgresql]"),
    "home-chapter": lambda src: edit_front_matter(src, "pool", "topics", "[postgresql, go]"),
    "date": lambda src: edit_front_matter(src, "plans", "date", "2024-05-01"),
    "title": retitle,
    "summary": lambda src: edit_front_matter(src, "goroutines", "summary", '"A goroutine without an owner leaks."'),
    "add": add_post,
    "delete": delete_post,
}


def output_files(outdir: Path) -> dict[str, bytes]:
    """Every file a build wrote, by path under the output folder."""
    return {str(path.relative_to(outdir)): path.read_bytes() for path in sorted(outdir.rglob("*")) if path.is_file()}


def search_index(content: bytes) -> dict:
    """searchindex.js without Sphinx's own leftovers: an incremental build keeps the words of
    text it no longer holds (an edited summary's, a removed post's) as terms of no page
    (``"everi": []``). They find nothing; everything else must be what a clean build writes."""
    index = json.loads(re.fullmatch(rb"Search\.setIndex\((.*)\)", content.strip(), re.S)[1])
    for kind in ("terms", "titleterms"):
        index[kind] = {term: pages for term, pages in index[kind].items() if pages != []}
    return index


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_incremental_build_equals_clean_build(make_app, tmp_path, change):
    """File for file: pages, sitemap.xml, the diagrams' pictures, the feed, the search index
    (but for the leftovers :func:`search_index` names)."""
    incremental = copy_root("catalog-small", tmp_path / "incremental")
    build(make_app, incremental)
    CHANGES[change](incremental)
    app = build(make_app, incremental)
    assert warnings(app) == ""
    clean_srcdir = copy_root("catalog-small", tmp_path / "clean")
    CHANGES[change](clean_srcdir)
    clean = build(make_app, clean_srcdir)
    built, expected = output_files(app.outdir), output_files(clean.outdir)
    assert sorted(built) == sorted(expected)
    assert search_index(built.pop("searchindex.js")) == search_index(expected.pop("searchindex.js"))
    assert [path for path in built if built[path] != expected[path]] == []
    assert b"posts/pool.html" in built["sitemap.xml"]  # in it even when the page was not written again


def written_pages(outdir: Path) -> dict[str, int]:
    """Modification times of the pages of documents (genindex and search are written every build)."""
    pages = {str(path.relative_to(outdir)): path.stat().st_mtime_ns for path in outdir.rglob("*.html")}
    return {page: mtime for page, mtime in pages.items() if page not in ("genindex.html", "search.html")}


def test_edits_rewrite_only_the_pages_that_show_them(make_app, tmp_path):
    srcdir = copy_root("catalog-small", tmp_path / "src")
    app = build(make_app, srcdir)
    before = written_pages(app.outdir)
    path = srcdir / "posts" / "plans.md"
    path.write_text(path.read_text().replace("Body of plans.", "A new paragraph."))
    app = build(make_app, srcdir)
    after = written_pages(app.outdir)
    # Sphinx itself also writes the page whose toctree holds the edited one: its chapter
    assert {page for page in after if after[page] != before[page]} == {"posts/plans.html", "topics/postgresql.html"}
    edit_front_matter(srcdir, "plans", "summary", '"EXPLAIN ANALYZE, read from the inside out."')
    app = build(make_app, srcdir)
    again = written_pages(app.outdir)
    # the summary shows on the journal and on the references of the post's topic; Sphinx adds
    # the landing page, whose toctree holds those two
    assert {page for page in again if again[page] != after[page]} == {
        "posts/plans.html", "journal.html", "topics/postgresql.html", "index.html"
    }


def test_the_feed_is_written_again_only_when_what_it_shows_changes(make_app, tmp_path):
    srcdir = copy_root("catalog-small", tmp_path / "src")
    feed = build(make_app, srcdir).outdir / "atom.xml"
    written = feed.stat().st_mtime_ns
    path = srcdir / "posts" / "plans.md"
    path.write_text(path.read_text().replace("Body of plans.", "A new paragraph."))
    build(make_app, srcdir)
    assert feed.stat().st_mtime_ns == written  # a body edit: the same feed, not written
    edit_front_matter(srcdir, "plans", "summary", '"EXPLAIN ANALYZE, read from the inside out."')
    build(make_app, srcdir)
    assert b"EXPLAIN ANALYZE, read from the inside out." in feed.read_bytes()
    feed.unlink()
    build(make_app, srcdir)
    assert b"EXPLAIN ANALYZE, read from the inside out." in feed.read_bytes()  # a deleted feed comes back


def test_parallel_build_equals_serial_build(make_app, tmp_path):
    serial = build(make_app, copy_root("catalog-small", tmp_path / "serial"))
    parallel = build(make_app, copy_root("catalog-small", tmp_path / "parallel"), parallel=2)
    assert warnings(parallel) == ""
    assert html_pages(parallel.outdir) == html_pages(serial.outdir)
    assert (parallel.outdir / "atom.xml").read_bytes() == (serial.outdir / "atom.xml").read_bytes()
    # Forked writers put their pages in their own copies of the sitemap's list; every page is in it.
    sitemap = (parallel.outdir / "sitemap.xml").read_bytes()
    assert sitemap == (serial.outdir / "sitemap.xml").read_bytes()
    assert all(f"{docname}.html".encode() in sitemap for docname in parallel.env.found_docs)


# --- the registry of parts ----------------------------------------------------------------------

def test_a_part_is_one_module_and_the_line_that_places_it(make_app, tmp_path):
    """tests/roots/test-catalog-part/post_count.py: a part the catalog does not know, placed by
    a directive its one module registers; its view decides when its page is written again."""
    srcdir = copy_root("catalog-part", tmp_path / "src")
    app = build(make_app, srcdir)
    assert warnings(app) == ""
    assert page_text(app.outdir, "about.html") == "About ¶ This book holds 2 posts."
    before = written_pages(app.outdir)
    edit_front_matter(srcdir, "pools", "summary", '"Pools bound the work in front of a database."')
    app = build(make_app, srcdir)
    after = written_pages(app.outdir)
    assert {page for page in after if after[page] != before[page]} == {"posts/pools.html", "topics/go.html", "index.html"}
    (srcdir / "posts" / "contexts.md").write_text(
        '---\ntitle: "Contexts"\ndate: 2024-05-01\ntopics: [go]\nsummary: "Cancel what you start."\n---\n\n# Contexts\n\nBody.\n'
    )
    app = build(make_app, srcdir)
    assert page_text(app.outdir, "about.html") == "About ¶ This book holds 3 posts."


def test_two_parts_cannot_claim_one_kind():
    from playbook.catalog.parts import Part
    from playbook.catalog.parts.journal import Journal

    with pytest.raises(TypeError, match=r"two parts of kind 'journal': playbook\.catalog\.parts\.journal\.Journal and .*Diary"):
        class Diary(Part, kind=Journal.kind):
            pass


def test_parts_are_computed_without_the_renderer_when_nothing_is_drawn(make_app, tmp_path):
    """The text builder draws no picture (diagrams show their text alternative): the catalog's
    parts, diagrams included, are built with no Node.js and no browser to run."""
    app = build(
        make_app, copy_root("catalog-small", tmp_path / "src"), "text",
        confoverrides={"playbook_node": str(tmp_path / "no-node"), "playbook_browser": str(tmp_path / "no-browser")},
    )
    assert warnings(app) == ""
    pool = (app.outdir / "posts" / "pool.txt").read_text()
    assert "Published 10 June 2023. Topics: Go and PostgreSQL." in pool
    index = " ".join((app.outdir / "index.txt").read_text().split())
    assert "[graph: Topic map: Go (3 posts), PostgreSQL (2 posts), APIs (2 posts)." in index
    assert "Follow the journal" not in (app.outdir / "journal.txt").read_text()  # no feed beside text


# --- the other formats ------------------------------------------------------------------------

def test_latex_has_every_post_once_and_the_computed_parts(make_app, tmp_path):
    app = build(make_app, copy_root("catalog-small", tmp_path / "src"), "latex")
    assert warnings(app) == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text()
    for title in ("Goroutines that stop", "Pools and queues", "Reading query plans", "API versions", "Contracts"):
        assert len(re.findall(rf"\\section{{{title}}}", tex)) == 1, title
    assert "Start here (current state): " in tex and "Bounded pools in front of a database." in tex
    assert "{PostgreSQL}" in tex  # the topic cards' definition-list fallback


def test_a_pdf_of_part_of_the_book_shows_the_posts_it_leaves_out_as_text(make_app, tmp_path):
    """A LaTeX document of the journal alone has no address for the posts it lists (Sphinx's NoUri):
    their titles are plain text."""
    journal_only = [("journal", "journal.tex", "Journal", "Test", "howto")]
    app = build(make_app, copy_root("catalog-small", tmp_path / "src"), "latex", confoverrides={"latex_documents": journal_only})
    tex = (Path(app.outdir) / "journal.tex").read_text()
    assert "Pools and queues" in tex and "Bounded pools in front of a database." in tex
    assert "\\hyperref" not in tex


def test_epub_gets_the_cards_fallback(make_app, tmp_path):
    app = build(make_app, copy_root("catalog-small", tmp_path / "src"), "epub")
    assert warnings(app) == ""
    index = (Path(app.outdir) / "index.xhtml").read_text()
    assert "sd-card" not in index and "Queries and plans." in index
