"""The catalog in real Sphinx builds of the tiny books under tests/roots/: pages, errors,
incremental and parallel builds, LaTeX and ePub."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sphinx.util.console import strip_colors

from playbook.catalog.state import CatalogError

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


def test_backend_chapter_of_the_archive(make_app, tmp_path):
    app = build(make_app, copy_root("catalog-archive", tmp_path / "src"))
    assert warnings(app) == ""
    text = page_text(app.outdir, "topics/backend.html")
    assert "Backend coverage in this book spans 15 posts from Nov 2016 to Aug 2022." in text
    assert "Recurring title motifs include go, patterns, api and backend." in text
    assert (
        "Start here (current state): Go Concurrency Patterns I Use in Every Service "
        "Then read (the middle of the range): Your API Is a Contract You Can't Take Back "
        "Finish with (foundational context): Why We Chose Go for Our Backend Services"
    ) in text
    headings = [h.get_text(strip=True).rstrip("¶") for h in BeautifulSoup((app.outdir / "topics/backend.html").read_text(), "html.parser").select("div.body h2")]
    assert headings == ["Definition", "Key claims", "Practical checklist", "Failure modes", "Suggested reading path", "Related posts", "References"]
    assert "15 posts, newest first." in text
    references = text.split("15 posts, newest first.")[1]
    assert references.index("Go Concurrency Patterns") < references.index("Why We Chose Go")


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
    assert "Pools and queues 10 June 2023 Bounded pools in front of a database." in journal
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


def test_broken_book_reports_every_problem(make_app, tmp_path):
    srcdir = copy_root("catalog-broken", tmp_path / "src")
    app = make_app("html", srcdir=srcdir)
    with pytest.raises(CatalogError, match="11 problem"):
        app.build()
    ours = [line.replace(str(srcdir), "SRC") for line in warnings(app).splitlines() if "[playbook.metadata]" in line]
    assert ours == [
        "SRC/posts/bad-date.md:3: ERROR: date: expected an ISO 8601 date (YYYY-MM-DD), found '16/08/2022' [playbook.metadata]",
        "SRC/posts/empty-summary.md:5: ERROR: summary: expected one non-empty sentence, found an empty value [playbook.metadata]",
        "SRC/posts/malformed.md:5: ERROR: front matter: expected well-formed YAML, found malformed YAML (did not find expected key) [playbook.metadata]",
        "SRC/posts/no-such-day.md:3: ERROR: date: expected a date that exists in the calendar, found '2022-02-30' (day is out of range for month) [playbook.metadata]",
        "SRC/posts/no-title.md:1: ERROR: title: expected a non-empty title, found no such key [playbook.metadata]",
        "SRC/posts/topics-text.md:4: ERROR: topics: expected a list of topic keys, such as [go, postgresql], found 'go' [playbook.metadata]",
        "SRC/posts/unknown-topic.md:4: ERROR: topics: expected a topic key declared in playbook_topics (did you mean 'go'?), found 'golang' [playbook.metadata]",
        "SRC/topics/api.md: ERROR: topic chapter: expected an authored section 'Failure modes', found none [playbook.metadata]",
        "SRC/posts/same-a.md: ERROR: title: expected a title no other post has, found 'Same title', also the title of posts/same-b [playbook.metadata]",
        "SRC/posts/same-b.md: ERROR: title: expected a title no other post has, found 'Same Title', also the title of posts/same-a [playbook.metadata]",
        "SRC/conf.py:9: ERROR: playbook_topics['data']: expected at least one valid post with this topic, found none [playbook.metadata]",
    ]


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


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_incremental_build_equals_clean_build(make_app, tmp_path, change):
    incremental = copy_root("catalog-small", tmp_path / "incremental")
    build(make_app, incremental)
    CHANGES[change](incremental)
    app = build(make_app, incremental)
    assert warnings(app) == ""
    clean = build(make_app, copy_root("catalog-small", tmp_path / "clean"))
    CHANGES[change](Path(clean.srcdir))
    shutil.rmtree(clean.outdir)
    clean = build(make_app, Path(clean.srcdir), freshenv=True)
    built, expected = html_pages(app.outdir), html_pages(clean.outdir)
    if change == "delete":  # Sphinx leaves a deleted page's old output in place; nothing links to it
        assert all("plans.html" not in html for page, html in built.items() if page != "posts/plans.html")
        built.pop("posts/plans.html")
    assert built == expected
    assert (app.outdir / "atom.xml").read_bytes() == (clean.outdir / "atom.xml").read_bytes()


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


def test_parallel_build_equals_serial_build(make_app, tmp_path):
    serial = build(make_app, copy_root("catalog-small", tmp_path / "serial"))
    parallel = build(make_app, copy_root("catalog-small", tmp_path / "parallel"), parallel=2)
    assert warnings(parallel) == ""
    assert html_pages(parallel.outdir) == html_pages(serial.outdir)
    assert (parallel.outdir / "atom.xml").read_bytes() == (serial.outdir / "atom.xml").read_bytes()


# --- the other formats ------------------------------------------------------------------------

def test_latex_has_every_post_once_and_the_computed_parts(make_app, tmp_path):
    app = build(make_app, copy_root("catalog-small", tmp_path / "src"), "latex")
    assert warnings(app) == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text()
    for title in ("Goroutines that stop", "Pools and queues", "Reading query plans", "API versions", "Contracts"):
        assert len(re.findall(rf"\\section{{{title}}}", tex)) == 1, title
    assert "Start here (current state): " in tex and "Bounded pools in front of a database." in tex
    assert "{PostgreSQL}" in tex  # the topic cards' definition-list fallback


def test_epub_gets_the_cards_fallback(make_app, tmp_path):
    app = build(make_app, copy_root("catalog-small", tmp_path / "src"), "epub")
    assert warnings(app) == ""
    index = (Path(app.outdir) / "index.xhtml").read_text()
    assert "sd-card" not in index and "Queries and plans." in index
