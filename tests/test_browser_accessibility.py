"""Accessibility of every page of the book, measured by axe-core (npm, pinned) in Debian's
chromium, in the light and the dark theme; and the PDF's bookmarks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from browser import pages
from book import REPOSITORY, conf_value, shared_build
from browser.chromium import launch
from browser.site import serve

AXE = REPOSITORY / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA (target-size among them, which axe leaves out by default) and axe's best practices.
AXE_RUN = """axe.run(document, {
  resultTypes: ['violations'],
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
})"""


@pytest.fixture(scope="module")
def book() -> Path:
    return shared_build()


@pytest.fixture(scope="module")
def audits(book):
    """axe-core's violations on every page, in each theme: {(scheme, page): [violations]}.
    The pages are served over HTTP (the same files as from file://; axe needs no network)."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `npm ci` (make setup)")
    html = book / "html"
    found = {}
    with serve(html) as root, sync_playwright() as playwright:
        browser = launch(playwright)
        for scheme in ("light", "dark"):
            # wide enough for furo to show both sidebars beside the text: every element is there
            context = browser.new_context(color_scheme=scheme, viewport={"width": 1440, "height": 900})
            page = context.new_page()
            for name in pages.html_pages(html):
                page.goto(root + name)
                page.add_script_tag(path=str(AXE))
                result = page.evaluate(AXE_RUN)
                found[(scheme, name)] = [
                    {
                        "rule": violation["id"],
                        "impact": violation["impact"],
                        "help": violation["help"],
                        "nodes": [node["target"] for node in violation["nodes"]][:5],
                    }
                    for violation in result["violations"]
                ]
            context.close()
        browser.close()
    return found


def test_axe_audited_every_page_in_both_themes(book, audits):
    every_page = pages.html_pages(book / "html")
    assert len(every_page) >= 20
    assert {name for _scheme, name in audits} == set(every_page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(audits, scheme):
    violations = {name: found for (mode, name), found in audits.items() if mode == scheme and found}
    assert violations == {}, json.dumps(violations, indent=1)


def _outline_titles(outline, depth=0) -> list[tuple[int, str]]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles.extend(_outline_titles(item, depth + 1))
        else:
            titles.append((depth, item.title))
    return titles


def test_the_pdf_has_a_bookmark_for_every_chapter_and_post(book):
    reader = PdfReader(book / "latex" / "backend-engineers-playbook.pdf")
    titles = [title for _depth, title in _outline_titles(reader.outline)]
    # every page of the book but the landing page, Sphinx's own pages and the pages for writers
    # (the HTML book's alone), by its printed title
    web_only = set(conf_value("playbook_web_only_pages"))
    html = book / "html"
    expected = []
    for name in pages.html_pages(html):
        if name in ("index.html", "genindex.html", "search.html", "404.html") or name[:-5] in web_only:
            continue
        expected.append(pages.page_title(html / name))
    posts = [pages.front_matter(pages.DOCS / "posts" / f"{slug}.md")["title"] for slug in pages.posts()]
    assert set(posts) <= set(expected)
    assert len(expected) >= 15
    assert [title for title in expected if title not in titles] == []
