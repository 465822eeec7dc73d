"""What an author can get wrong, built as an author builds it (``sphinx-build``, strictly): each
mistake is one error with its file and line, the build fails with a short summary and no crash
report, nothing an author writes puts live markup into a page, and the Authoring page lists the
errors the build gives."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from sphinx.util.console import strip_colors

REPOSITORY = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).parent / "roots"
STRICT = ["-n", "-W", "--keep-going"]

#: The hostile post of tests/roots/test-hostile, as its front matter says.
TITLE = "<script>alert(1)</script> & \"quotes\" 'single' &amp;"
SUMMARY = "<b>Bold</b> & \"double\" 'single' <img src=x onerror=alert(2)> &lt;"


class Build:
    """One ``sphinx-build`` run of a copy of a test root: its exit status, output and errors."""

    def __init__(self, srcdir: Path, builder: str, outdir: Path):
        self.srcdir, self.outdir = srcdir, outdir
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", builder, str(srcdir), str(outdir), "-d", str(outdir.parent / "doctrees"), *STRICT],
            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPOSITORY)},
        )
        self.status, self.stdout, self.stderr = result.returncode, result.stdout, result.stderr

    def errors(self) -> list[str]:
        """The error lines, with the source folder shown as SRC."""
        return [line.replace(str(self.srcdir), "SRC") for line in self.stderr.splitlines() if ": ERROR: " in line]

    def messages(self) -> list[str]:
        """What each error says after the file and line, without its [type.subtype]."""
        return [re.sub(r" \[[\w.]+\]$", "", line.split(": ERROR: ", 1)[1]) for line in self.errors()]


def build_copy(tmp_path_factory, root: str, builder: str, add: dict[str, str] | None = None) -> Build:
    base = tmp_path_factory.mktemp(f"{root}-{builder}")
    srcdir = shutil.copytree(ROOTS / f"test-{root}", base / "src")
    for name, text in (add or {}).items():
        (srcdir / name).write_text(text)
    return Build(srcdir, builder, base / "out")


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Build:
    return build_copy(tmp_path_factory, "catalog-broken", "html")


RAW_POST = """---
title: "<script>alert(1)</script> Raw"
date: 2024-01-02
topics: [go]
summary: "Raw markup of every kind."
---

# <script>alert(1)</script> Raw

Text with <span onclick="alert(3)">a handler</span> inline.

<div class="x">An HTML block</div>

<!-- an HTML comment -->

```{raw} html
<form action="https://evil.example"><input></form>
```

```{raw} latex
\\clearpage
```
"""


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Build:
    return build_copy(tmp_path_factory, "hostile", "html", {"posts/raw.md": RAW_POST})


CJK_POST = """---
title: "Pools 中文 😀"
date: 2024-01-03
topics: [go]
summary: "A title a Latin font cannot print."
---

# Pools 中文 😀

Plain text with ✓, **bold with ✓** and `code with ✓`.
"""


@pytest.fixture(scope="module")
def fonts(tmp_path_factory) -> Build:
    return build_copy(tmp_path_factory, "hostile", "latex", {"posts/cjk.md": CJK_POST})


@pytest.fixture(scope="module")
def no_font(tmp_path_factory) -> Build:
    conf = (ROOTS / "test-hostile" / "conf.py").read_text()
    conf = conf.replace("\\setmainfont{FreeSerif}", "\\setmainfont{No Such Serif}")
    return build_copy(tmp_path_factory, "hostile", "latex", {"conf.py": conf})


# --- the front matter, the headings and the topic chapters (tests/roots/test-catalog-broken) ----

def test_every_mistake_is_one_error_with_its_file_and_line(broken):
    today = date.today().isoformat()
    assert broken.errors() == [
        "SRC/posts/bad-date.md:3: ERROR: date: expected an ISO 8601 date (YYYY-MM-DD), found '16/08/2022' [playbook.metadata]",
        "SRC/posts/empty-summary.md:5: ERROR: summary: expected one non-empty sentence, found an empty value [playbook.metadata]",
        # every mistake a front matter can hold at once, each at its line
        "SRC/posts/every-mistake.md:2: ERROR: title: expected a non-empty title, found an empty value [playbook.metadata]",
        f"SRC/posts/every-mistake.md:3: ERROR: date: expected a date no later than the day of the build, {today}, found 2999-12-31 [playbook.metadata]",
        "SRC/posts/every-mistake.md:4: ERROR: updated: expected a date that exists in the calendar, found '2021-02-30' (day is out of range for month) [playbook.metadata]",
        "SRC/posts/every-mistake.md:5: ERROR: topics: expected a topic key declared in playbook_topics (did you mean 'go'?), found 'golang' [playbook.metadata]",
        "SRC/posts/every-mistake.md:6: ERROR: summary: expected one sentence, found 2 sentences (the second begins 'Queues absorb its bursts, …') [playbook.metadata]",
        "SRC/posts/every-mistake.md:6: ERROR: summary: expected at most 300 characters, found 316 characters [playbook.metadata]",
        "SRC/posts/every-mistake.md:7: ERROR: tpoics: expected only the keys title, date, updated, topics, summary, chapter, found an unknown key 'tpoics' (did you mean 'topics'?) [playbook.metadata]",
        "SRC/posts/every-mistake.md:8: ERROR: date: expected each key once, found 'date' again (first on line 3) [playbook.metadata]",
        f"SRC/posts/future.md:3: ERROR: date: expected a date no later than the day of the build, {today}, found 2999-01-01 [playbook.metadata]",
        "SRC/posts/long-summary.md:5: ERROR: summary: expected at most 300 characters, found 333 characters [playbook.metadata]",
        "SRC/posts/malformed.md:2: ERROR: front matter: expected well-formed YAML, found malformed YAML (did not find expected key at line 5, "
        "after a quoted value that starts on this line and runs to line 5: a closing quote is missing) [playbook.metadata]",
        "SRC/posts/more/same-a.md: ERROR: file: expected a post directly in posts/ (its file name names its listings folder), "
        "found a post in the folder posts/more/ [playbook.metadata]",
        "SRC/posts/no-date.md:1: ERROR: date: expected an ISO 8601 date of first publication (YYYY-MM-DD), found no such key [playbook.metadata]",
        "SRC/posts/no-such-day.md:3: ERROR: date: expected a date that exists in the calendar, found '2022-02-30' (day is out of range for month) [playbook.metadata]",
        "SRC/posts/no-title.md:1: ERROR: title: expected a non-empty title, found no such key [playbook.metadata]",
        "SRC/posts/not-a-mapping.md:2: ERROR: front matter: expected a mapping of keys to values, found a YAML sequence [playbook.metadata]",
        "SRC/posts/odd-topics.md:4: ERROR: topics: expected each topic once, found 'go' twice [playbook.metadata]",
        "SRC/posts/odd-topics.md:4: ERROR: topics: expected topic keys (plain words), found a nested list or mapping ['api'] [playbook.metadata]",
        "SRC/posts/only-a-comment.md:1: ERROR: title: expected a non-empty title, found no such key [playbook.metadata]",
        "SRC/posts/only-a-comment.md:1: ERROR: date: expected an ISO 8601 date of first publication (YYYY-MM-DD), found no such key [playbook.metadata]",
        "SRC/posts/only-a-comment.md:1: ERROR: topics: expected a non-empty list of topic keys, found no such key [playbook.metadata]",
        "SRC/posts/only-a-comment.md:1: ERROR: summary: expected one non-empty sentence, found no such key [playbook.metadata]",
        "SRC/posts/open-list.md:4: ERROR: front matter: expected well-formed YAML, found malformed YAML (did not find expected ',' or ']' "
        "at line 5, for the '[' on this line) [playbook.metadata]",
        "SRC/posts/other-chapter.md:6: ERROR: chapter: expected one of the post's topics (go), found 'api' [playbook.metadata]",
        "SRC/posts/revised-before.md:4: ERROR: updated: expected a date on or after the post's date 2024-01-16, found 2023-01-16 [playbook.metadata]",
        "SRC/posts/topics-text.md:4: ERROR: topics: expected a list of topic keys, such as [go, postgresql], found 'go' [playbook.metadata]",
        "SRC/posts/twice.md:6: ERROR: topics: expected each key once, found 'topics' again (first on line 4) [playbook.metadata]",
        "SRC/posts/unclosed.md:1: ERROR: front matter: expected a closing '---' line, found none [playbook.metadata]",
        "SRC/posts/unknown-topic.md:4: ERROR: topics: expected a topic key declared in playbook_topics (did you mean 'go'?), found 'golang' [playbook.metadata]",
        "SRC/posts/without-front-matter.md:1: ERROR: front matter: expected a YAML block between '---' lines at the top of the file, found none [playbook.metadata]",
        # the heading, read with the page
        "SRC/posts/heading-differs.md:2: ERROR: title: expected the text of the post's '#' heading on line 8, 'Heading title', "
        "found 'Front matter title' [playbook.metadata]",
        "SRC/posts/no-heading.md:2: ERROR: title: expected a '#' heading after the front matter that repeats it, '# No heading', "
        "found no heading [playbook.metadata]",
        "SRC/topics/api.md: ERROR: topic chapter: expected an authored section 'Failure modes', found none [playbook.metadata]",
        # across posts and chapters
        "SRC/posts/same-a.md:2: ERROR: title: expected a title no other post has, found 'Same title', also the title of "
        "posts/same-b (line 2) [playbook.metadata]",
        "SRC/posts/same-b.md:2: ERROR: title: expected a title no other post has, found 'Same Title', also the title of "
        "posts/same-a (line 2) [playbook.metadata]",
        "SRC/conf.py:8: ERROR: playbook_topics['data']: expected at least one valid post with this topic, found none [playbook.metadata]",
        "SRC/conf.py:9: ERROR: playbook_topics['ops']: expected at least one valid post with this topic, found none [playbook.metadata]",
        "SRC/conf.py:9: ERROR: playbook_topics['ops']: expected a chapter topics/ops.md, found no such file [playbook.metadata]",
        "SRC/topics/cooking.md:1: ERROR: topic chapter: expected a file named after a topic key declared in playbook_topics, "
        "found 'cooking' [playbook.metadata]",
    ]


def test_the_build_fails_with_a_short_summary_and_no_crash_report(broken):
    assert broken.status == 1
    # nothing but the errors: no MyST "Malformed YAML" beside the catalog's message, no toctree
    # warnings about pages without a title or in no toctree, no traceback
    assert [line for line in broken.stderr.splitlines() if line.strip() and ": ERROR: " not in line] == []
    for crash in ("Traceback", "sphinx-doc/sphinx/issues", "Versions", "Extension error", "[myst"):
        assert crash not in broken.stdout + broken.stderr
    problems = len(broken.errors())
    assert broken.stdout.splitlines()[-2:] == [
        f"{problems} problem(s) in the posts, the topic chapters or the topic vocabulary: see the errors above; the "
        'Authoring page\'s "Errors you may see" says how to fix each.',
        f"build finished with problems, {problems} warnings (with warnings treated as errors).",
    ]


def test_a_failing_build_writes_its_pages_without_the_computed_parts(broken):
    """The build goes on to write the pages (Sphinx's way), but computes nothing from a catalog
    that lacks the invalid posts: no journal, no chapter lists."""
    journal = BeautifulSoup((broken.outdir / "index.html").read_text(), "html.parser")
    assert journal.find("h1").get_text(strip=True).rstrip("¶") == "Broken"
    page = BeautifulSoup((broken.outdir / "topics" / "go.html").read_text(), "html.parser").get_text()
    assert "Definition" in page and "coverage in this book spans" not in page


# --- raw markup, and markup-like text escaped everywhere (tests/roots/test-hostile) -----------

def test_raw_markup_is_an_error_and_never_reaches_a_page(raw):
    hint = "raw markup: expected Markdown (markup shown as text goes in `code` or after a backslash, \\<; a comment is a line starting with %)"
    assert raw.errors() == [
        f"SRC/posts/raw.md:8: ERROR: {hint}, found raw HTML '<script>', '</script>' [playbook.markup]",
        f"SRC/posts/raw.md:10: ERROR: {hint}, found raw HTML '<span onclick=\"alert(3)\">', '</span>' [playbook.markup]",
        f"SRC/posts/raw.md:12: ERROR: {hint}, found raw HTML '<div class=\"x\">An HTML block</div>' [playbook.markup]",
        f"SRC/posts/raw.md:14: ERROR: {hint}, found raw HTML '<!-- an HTML comment -->' [playbook.markup]",
        f"SRC/posts/raw.md:16: ERROR: {hint}, found raw HTML '<form action=\"https://evil.example\"><in…' [playbook.markup]",
        f"SRC/posts/raw.md:20: ERROR: {hint}, found raw LaTeX '\\clearpage' [playbook.markup]",
    ]
    assert raw.status == 1
    for page in raw.outdir.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        assert not [script for script in soup.find_all("script") if "alert" in script.get_text()], page
        assert not soup.select("form[action*='evil'], [onclick], div.x"), page
        assert "<!-- an HTML comment -->" not in page.read_text(), page


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Build]:
    return {builder: build_copy(tmp_path_factory, "hostile", builder) for builder in ("html", "epub", "latex")}


def test_a_title_and_summary_of_markup_like_text_read_the_same_everywhere(hostile):
    for build in hostile.values():
        assert (build.status, build.errors()) == (0, [])
    out = hostile["html"].outdir
    for page in out.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        assert not [script for script in soup.find_all("script") if "alert" in script.get_text()], page
        assert not soup.select("b, img[src=x], [onerror]"), page
        # every page's sidebar lists the post by its title, as text
        assert [link.get_text() for link in soup.select(".sphinxsidebar a") if "alert" in link.get_text()] == [TITLE], page
    post = BeautifulSoup((out / "posts" / "hostile.html").read_text(), "html.parser")
    assert post.find("h1").get_text().rstrip("¶") == TITLE
    assert post.find("title").get_text().startswith(TITLE + " ")
    meta = {tag.get("property") or tag.get("name"): tag["content"] for tag in post.find_all("meta") if tag.get("content")}
    assert (meta["og:title"], meta["og:description"], meta["description"]) == (TITLE, SUMMARY, SUMMARY)
    for page in ("journal.html", "topics/go.html"):
        text = BeautifulSoup((out / page).read_text(), "html.parser").find("div", class_="body").get_text()
        assert TITLE in text and SUMMARY in text, page
    atom = {"atom": "http://www.w3.org/2005/Atom"}
    entry = next(
        entry for entry in ElementTree.parse(out / "atom.xml").getroot().findall("atom:entry", atom)
        if entry.find("atom:link", atom).get("href").endswith("hostile.html")
    )
    assert (entry.findtext("atom:title", namespaces=atom), entry.findtext("atom:summary", namespaces=atom)) == (TITLE, SUMMARY)


def test_the_epub_and_the_pdf_print_the_title_as_text(hostile):
    xhtml = "{http://www.w3.org/1999/xhtml}"
    with zipfile.ZipFile(next(hostile["epub"].outdir.glob("*.epub"))) as book:
        pages = {name: ElementTree.fromstring(book.read(name)) for name in book.namelist() if name.endswith(".xhtml")}
    for name, page in pages.items():  # each parsed as XML: an unescaped '<' or '&' would not
        assert all("alert" not in "".join(script.itertext()) for script in page.iter(f"{xhtml}script")), name
        assert not list(page.iter(f"{xhtml}b")), name
    assert "".join(pages["posts/hostile.xhtml"].find(f".//{xhtml}h1").itertext()).rstrip("¶") == TITLE
    journal = "".join(pages["journal.xhtml"].find(f".//{xhtml}body").itertext())
    assert TITLE in journal and SUMMARY in journal
    latex = hostile["latex"].outdir
    subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", "hostile.tex"], cwd=latex, capture_output=True, check=True)
    text = subprocess.run(["pdftotext", "hostile.pdf", "-"], cwd=latex, capture_output=True, text=True, check=True).stdout
    assert TITLE in " ".join(text.split())


# --- fonts (the PDF) -----------------------------------------------------------------------------

def test_characters_the_pdf_fonts_lack_are_errors_naming_file_line_and_fonts(fonts):
    installed = r"(no installed font has them|installed fonts that have them: .+)"
    first, second = fonts.errors()
    assert re.fullmatch(
        re.escape(
            "SRC/posts/cjk.md:8: ERROR: PDF fonts: expected characters the fonts of latex_elements['fontpkg'] have, found "
            "'中' (U+4E2D), '文' (U+6587), '😀' (U+1F600) that FreeSans Bold, FreeSerif and FreeSerif Bold lack; "
        ) + installed + re.escape(" [playbook.pdf_font]"),
        first,
    )
    assert re.fullmatch(
        re.escape(
            "SRC/posts/cjk.md:10: ERROR: PDF fonts: expected characters the fonts of latex_elements['fontpkg'] have, found "
            "'✓' (U+2713) that FreeMono and FreeSerif Bold lack; "
        ) + installed + re.escape(" [playbook.pdf_font]"),
        second,
    )
    assert fonts.status == 1


def test_a_font_that_is_not_installed_is_an_error_naming_it(no_font):
    assert no_font.errors() == [
        "SRC/conf.py:18: ERROR: PDF fonts: expected the font 'No Such Serif' of latex_elements['fontpkg'] to be installed, "
        "found no such font (fc-list lists the installed ones) [playbook.pdf_font]"
    ]


def test_xelatex_stops_at_a_missing_character_rather_than_print_nothing(fonts):
    result = subprocess.run(["xelatex", "-interaction=nonstopmode", "hostile.tex"], cwd=fonts.outdir, capture_output=True, text=True)
    assert result.returncode != 0
    assert "! Missing character: There is no 中 (U+4E2D) in font" in result.stdout


# --- the Authoring page --------------------------------------------------------------------------

def authoring_patterns() -> list[re.Pattern]:
    """The first column of the Authoring page's table of errors: each code span a message, with
    '…' standing for any text."""
    page = (REPOSITORY / "docs" / "authoring.md").read_text()
    section = page.split("## Errors you may see", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    spans = [span for row in rows for span in re.findall(r"`([^`]+)`", row.split(" | ")[0])]
    return [re.compile(".*".join(map(re.escape, span.split("…")))) for span in spans]


def test_the_authoring_page_lists_the_errors_the_build_gives(broken, raw, fonts, no_font):
    patterns = authoring_patterns()
    messages = broken.messages() + raw.messages() + fonts.messages() + no_font.messages()
    assert [message for message in messages if not any(p.fullmatch(message) for p in patterns)] == []
    assert [p.pattern for p in patterns if not any(p.fullmatch(message) for message in messages)] == []


# --- after a failing build ----------------------------------------------------------------------

def sphinx_build(make_app, srcdir: Path):
    app = make_app("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def html_pages(outdir: Path) -> dict[str, str]:
    return {str(path.relative_to(outdir)): path.read_text() for path in sorted(outdir.rglob("*.html"))}


def written_like_a_clean_build(make_app, incremental, tmp_path: Path, change) -> None:
    clean = shutil.copytree(ROOTS / "test-catalog-small", tmp_path / "clean")
    change(clean)
    expected = sphinx_build(make_app, clean)
    assert html_pages(incremental.outdir) == html_pages(expected.outdir)


def test_a_fixed_mistake_gives_the_pages_of_a_clean_build(make_app, tmp_path):
    srcdir = shutil.copytree(ROOTS / "test-catalog-small", tmp_path / "src")
    post = srcdir / "posts" / "plans.md"
    fixed = post.read_text()
    post.write_text(fixed.replace("# Reading query plans", "# Reading plans"))
    failed = sphinx_build(make_app, srcdir)
    assert failed.statuscode == 1 and "heading on line 8, 'Reading plans'" in failed.warning.getvalue()
    post.write_text(fixed)
    app = sphinx_build(make_app, srcdir)
    assert (app.statuscode, app.warning.getvalue()) == (0, "")
    written_like_a_clean_build(make_app, app, tmp_path, lambda src: None)


class _Clock(date):
    day = date(2026, 3, 1)

    @classmethod
    def today(cls):
        return cls.day


def test_a_post_dated_tomorrow_is_published_on_its_day_without_an_edit(make_app, tmp_path, monkeypatch):
    monkeypatch.setattr("playbook.catalog.state.date", _Clock)
    srcdir = shutil.copytree(ROOTS / "test-catalog-small", tmp_path / "src")
    post = srcdir / "posts" / "goroutines.md"
    post.write_text(post.read_text().replace("date: 2024-03-01", "date: 2026-03-02"))
    _Clock.day = date(2026, 3, 1)
    early = sphinx_build(make_app, srcdir)
    assert early.statuscode == 1
    assert "goroutines.md:3: ERROR: date: expected a date no later than the day of the build, 2026-03-01, found 2026-03-02" in early.warning.getvalue()
    _Clock.day = date(2026, 3, 2)
    app = sphinx_build(make_app, srcdir)
    assert (app.statuscode, app.warning.getvalue()) == (0, "")
    assert "Goroutines that stop" in (app.outdir / "topics" / "go.html").read_text()
    written_like_a_clean_build(
        make_app, app, tmp_path,
        lambda src: (src / "posts" / "goroutines.md").write_text(post.read_text()),
    )


def test_a_post_that_becomes_valid_without_an_edit_is_read_again_and_its_heading_checked(make_app, tmp_path, monkeypatch):
    monkeypatch.setattr("playbook.catalog.state.date", _Clock)
    srcdir = shutil.copytree(ROOTS / "test-catalog-small", tmp_path / "src")
    post = srcdir / "posts" / "goroutines.md"
    post.write_text(post.read_text().replace("date: 2024-03-01", "date: 2026-03-02").replace("# Goroutines that stop", "# Goroutines"))
    _Clock.day = date(2026, 3, 1)
    assert "heading" not in sphinx_build(make_app, srcdir).warning.getvalue()  # an invalid post's heading is not compared
    _Clock.day = date(2026, 3, 2)
    app = sphinx_build(make_app, srcdir)
    assert [line.split(": ERROR: ")[1] for line in strip_colors(app.warning.getvalue()).splitlines()] == [
        "title: expected the text of the post's '#' heading on line 8, 'Goroutines', found 'Goroutines that stop' [playbook.metadata]"
    ]
