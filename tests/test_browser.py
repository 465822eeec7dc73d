"""The book as readers meet it: the built HTML in Debian's chromium, served on 127.0.0.1 and
opened from file://. Search, reading order, diagrams in both themes, copy buttons, keyboard,
print, the 404 page, and no request leaving the machine. Screenshots go to test-artifacts/."""

from __future__ import annotations

import base64
import re
import subprocess
import zipfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from browser import pages
from book import REPOSITORY, artifacts_dir, book_environment, build, shared_build
from browser.chromium import launch
from browser.recorder import RequestRecorder
from browser.site import serve

VIEWPORT = {"width": 1280, "height": 900}
MODES = ("http", "file")


@pytest.fixture(scope="module")
def book() -> Path:
    return shared_build() / "html"


@pytest.fixture(scope="module")
def roots(book):
    """The book's root URL over HTTP on 127.0.0.1 and as file://."""
    with serve(book) as http_root:
        yield {"http": http_root, "file": book.as_uri() + "/"}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@contextmanager
def reader(browser, **options):
    """A fresh browser context (no shared storage) whose every request is recorded; the block
    fails if any request left 127.0.0.1 or file://."""
    context = browser.new_context(**{"viewport": VIEWPORT, "service_workers": "block", **options})
    recorder = RequestRecorder(context)
    try:
        yield context.new_page(), recorder
    finally:
        context.close()
    assert recorder.requests, "no request was recorded: the recorder is not attached"
    assert recorder.leaving() == []


# --- search ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("slug", pages.posts())
def test_search_finds_a_post_by_a_word_only_its_body_holds(browser, book, roots, mode, slug):
    word = pages.word_only_in(book, slug)
    with reader(browser) as (page, _):
        page.goto(roots[mode] + "index.html")
        box = page.get_by_role("search").get_by_role("textbox").first
        box.fill(word)
        box.press("Enter")
        page.wait_for_url(re.compile(r"search\.html\?q="))
        status = page.locator("#search-results .search-summary")
        status.wait_for()
        page.wait_for_function("document.querySelector('#search-results .search-summary').innerText.includes('finished')")
        found = page.locator("#search-results ul.search li > a").evaluate_all("links => links.map(a => a.href)")
        assert [Path(url.split("?")[0].split("#")[0]).name for url in found] == [f"{slug}.html"], (word, found)


# --- reading order -----------------------------------------------------------------------------


def _clean(url: str) -> str:
    return url.split("#")[0].split("?")[0]


@pytest.mark.parametrize("mode", MODES)
def test_next_and_previous_follow_the_books_reading_order(browser, roots, mode):
    with reader(browser) as (page, _):
        page.goto(roots[mode] + "index.html")
        # The suggested order: the landing page, then the navigation tree from top to bottom.
        tree = page.locator(".sidebar-tree a.reference.internal").evaluate_all("links => links.map(a => a.href)")
        expected = [_clean(page.url)]
        for url in map(_clean, tree):
            if url not in expected:
                expected.append(url)
        assert len(expected) >= 15

        forward = [_clean(page.url)]
        while page.locator(".related-pages a.next-page").count():
            page.locator(".related-pages a.next-page").click()
            page.wait_for_load_state()
            forward.append(_clean(page.url))
            assert len(forward) <= len(expected) + 1, "the next links loop"
        assert forward == expected

        backward = [_clean(page.url)]
        while page.locator(".related-pages a.prev-page").count():
            page.locator(".related-pages a.prev-page").click()
            page.wait_for_load_state()
            backward.append(_clean(page.url))
            assert len(backward) <= len(expected) + 1, "the previous links loop"
        assert backward == list(reversed(expected))


@pytest.mark.parametrize("mode", MODES)
def test_each_topic_chapters_reading_path_leads_to_its_posts(browser, book, roots, mode):
    chapters = sorted(path.relative_to(book).as_posix() for path in (book / "topics").glob("*.html"))
    followed = 0
    with reader(browser) as (page, _):
        for chapter in chapters:
            page.goto(roots[mode] + chapter)
            path = page.locator("section#suggested-reading-path li a.reference.internal")
            steps = path.evaluate_all("links => links.map(a => [a.href, a.innerText])")
            for index, (url, title) in enumerate(steps):
                page.goto(roots[mode] + chapter)
                page.locator("section#suggested-reading-path li a.reference.internal").nth(index).click()
                page.wait_for_load_state()
                assert _clean(page.url) == _clean(url)
                assert "/posts/" in page.url, (chapter, url)
                assert page.locator("article h1").first.inner_text().rstrip("¶").strip() == title
                followed += 1
    assert followed >= 3  # at least one chapter has a full path of three posts


# --- diagrams ----------------------------------------------------------------------------------

# The share of a diagram's pixels that stand out from the page in the theme's own text colour
# (darker on the light page, lighter on the dark one), at WCAG's 4.5:1 text contrast: labels and
# lines, not whole boxes. A diagram not adapted to the theme shows either no such ink or big boxes.
MEASURE_INK = """async ([png, background]) => {
  const picture = new Image();
  picture.src = 'data:image/png;base64,' + png;
  await picture.decode();
  const canvas = document.createElement('canvas');
  canvas.width = picture.width;
  canvas.height = picture.height;
  const context = canvas.getContext('2d');
  context.drawImage(picture, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  const linear = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = (r, g, b) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  const page = luminance(...background);
  let lighter = 0, darker = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const own = luminance(pixels[i], pixels[i + 1], pixels[i + 2]);
    const ratio = (Math.max(own, page) + 0.05) / (Math.min(own, page) + 0.05);
    if (ratio >= 4.5) { if (own > page) lighter++; else darker++; }
  }
  const count = pixels.length / 4;
  return {lighter: lighter / count, darker: darker / count};
}"""


def _rgb(css_colour: str) -> list[int]:
    return [int(part) for part in re.findall(r"\d+", css_colour)[:3]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", ["index.html", "topics/go.html"], ids=["topic-map", "chapter-diagram"])
def test_diagrams_are_visible_and_legible_in_both_themes(browser, roots, scheme, where):
    with reader(browser, color_scheme=scheme) as (page, _):
        page.goto(roots["http"] + where)
        picture = page.locator("figure .playbook-diagram img").first
        picture.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
        shown = picture.evaluate(
            "img => ({width: img.getBoundingClientRect().width, natural: img.naturalWidth,"
            " alt: img.alt, visible: img.checkVisibility({opacityProperty: true, visibilityProperty: true})})"
        )
        assert shown["visible"]
        assert len(shown["alt"]) >= 20  # a description of what it shows
        # Mermaid draws 16px labels: shown at three quarters or more, they stay at 12px or more.
        assert shown["width"] >= 0.74 * shown["natural"], shown

        name = f"diagram-{Path(where).stem}-{scheme}"
        png = picture.screenshot(path=artifacts_dir() / f"{name}.png")
        page.screenshot(path=artifacts_dir() / f"page-{Path(where).stem}-{scheme}.png")
        background = _rgb(page.evaluate("getComputedStyle(document.body).backgroundColor"))
        assert (sum(background) < 200) == (scheme == "dark"), background  # the theme followed the reader
        ink = page.evaluate(MEASURE_INK, [base64.b64encode(png).decode(), background])
        own, other = ("darker", "lighter") if scheme == "light" else ("lighter", "darker")
        assert 0.003 <= ink[own] <= 0.05, ink
        assert ink[other] == 0, ink


def test_every_diagram_of_the_book_has_a_text_alternative(book):
    missing = []
    count = 0
    for name in pages.html_pages(book):
        html = (book / name).read_text(encoding="utf-8")
        for tag in re.findall(r'<div class="playbook-diagram[^"]*"[^>]*>.*?</div>', html, re.S):
            count += 1
            alt = re.search(r'<img [^>]*alt="([^"]*)"', tag)
            if alt is None or len(alt.group(1).strip()) < 20:
                missing.append(f"{name}: {tag[:120]}")
    assert count >= 10
    assert missing == []


# --- reading aids ------------------------------------------------------------------------------


def test_the_copy_button_copies_a_code_block(browser, roots):
    with reader(browser, permissions=["clipboard-read", "clipboard-write"]) as (page, _):
        page.goto(roots["http"] + "posts/go-concurrency-patterns.html")
        block = page.locator("div.highlight").first
        block.scroll_into_view_if_needed()
        block.hover()
        button = block.locator("button.copybtn")
        button.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        expected = block.locator("pre").inner_text()
        assert copied.strip() and copied.strip() == expected.strip()
        assert "success" in (button.get_attribute("class") or "") or button.get_attribute("data-tooltip") == "Copied!"


def test_go_code_keeps_its_tabs_and_indents_them_four_columns(browser, roots):
    """gofmt indents with tabs; the page keeps them and shows each as four columns, as the PDF."""
    with reader(browser) as (page, _):
        page.goto(roots["http"] + "posts/go-concurrency-patterns.html")
        widths = page.evaluate("""() => [...document.querySelectorAll('div.highlight-go pre')]
            .filter(pre => pre.textContent.includes('\\t'))
            .map(pre => getComputedStyle(pre).tabSize)""")
        assert widths and set(widths) == {"4"}, widths


def test_the_keyboard_reaches_the_search_and_the_theme_switch(browser, roots):
    with reader(browser) as (page, _):
        page.goto(roots["http"] + "posts/rate-limiting.html")
        reached = set()
        for _press in range(60):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "() => { const e = document.activeElement; const box = e.getBoundingClientRect();"
                " return {cls: e.className, visible: box.width > 0 && box.height > 0}; }"
            )
            if focused["visible"] and "sidebar-search" in focused["cls"]:
                reached.add("search")
                page.keyboard.type("token")
                assert page.locator("input.sidebar-search:visible").input_value() == "token"
            if focused["visible"] and "theme-toggle" in focused["cls"]:
                reached.add("theme")
                before = page.evaluate("document.body.dataset.theme")
                page.keyboard.press("Enter")
                assert page.evaluate("document.body.dataset.theme") != before
            if reached == {"search", "theme"}:
                break
        assert reached == {"search", "theme"}


def test_the_print_stylesheet_prints_the_text_alone(browser, roots):
    with reader(browser) as (page, _):
        page.goto(roots["http"] + "posts/rate-limiting.html")
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """() => ['.sidebar-drawer', '.toc-drawer', '.mobile-header', '.related-pages', '.theme-toggle-container']
                 .filter(s => document.querySelector(s))
                 .map(s => [s, getComputedStyle(document.querySelector(s)).display])"""
        )
        assert hidden and all(display == "none" for _selector, display in hidden), hidden
        widths = page.evaluate("[document.querySelector('article').getBoundingClientRect().width, window.innerWidth]")
        assert widths[0] >= 0.85 * widths[1], widths
        colour = page.evaluate("getComputedStyle(document.querySelector('article p')).color")
        assert _rgb(colour) == [0, 0, 0]
        page.pdf(path=artifacts_dir() / "print-rate-limiting.pdf", format="A4")


def test_a_missing_page_gets_the_books_404_page(browser, roots):
    with reader(browser) as (page, _):
        response = page.goto(roots["http"] + "posts/no-such-post.html")
        assert response.status == 404
        assert "Page not found" in page.title()
        # its stylesheets load from the book's address although the page sits at another depth
        assert page.evaluate("getComputedStyle(document.querySelector('.sidebar-drawer')).display") != "inline"
        assert page.evaluate("[...document.styleSheets].some(s => (s.href || '').includes('furo.css') && s.cssRules.length > 100)")
        page.get_by_role("link", name="the book's first page").click()
        page.wait_for_load_state()
        assert _clean(page.url) == roots["http"] + "index.html"
        assert page.locator("article h1").first.is_visible()


# --- no request leaves the machine ---------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_no_page_makes_a_request_beyond_127_0_0_1_or_file(browser, book, roots, mode):
    with reader(browser) as (page, recorder):
        for name in pages.html_pages(book):
            page.goto(roots[mode] + name)
            page.wait_for_load_state("load")
        assert any(url.endswith(".svg") for url in recorder.requests)  # pictures were fetched, and recorded
    # reader() asserts that nothing in recorder.requests left 127.0.0.1 or file://


# --- what readers and their tools expect of a documentation site --------------------------------

NOT_CONTENT = ("genindex.html", "search.html", "404.html")


def _meta(soup, key: str) -> str | None:
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


@pytest.mark.parametrize("slug", pages.posts())
def test_each_post_describes_itself_with_its_summary(book, slug):
    soup = BeautifulSoup((book / "posts" / f"{slug}.html").read_text(encoding="utf-8"), "html.parser")
    summary = pages.front_matter(pages.DOCS / "posts" / f"{slug}.md")["summary"]
    assert _meta(soup, "og:description") == summary
    assert _meta(soup, "description") == summary
    assert _meta(soup, "og:type") == "article"
    assert _meta(soup, "og:title") == pages.front_matter(pages.DOCS / "posts" / f"{slug}.md")["title"]
    assert _meta(soup, "og:url") == soup.find("link", rel="canonical")["href"]


def test_the_sitemap_lists_every_page_at_the_books_address_with_its_date(book):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ElementTree.parse(book / "sitemap.xml").getroot().findall("s:url", namespace)
    listed = {url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace) for url in urls}
    canonical = BeautifulSoup((book / "index.html").read_text(encoding="utf-8"), "html.parser").find("link", rel="canonical")["href"]
    base = canonical.removesuffix("index.html")
    assert base.startswith("https://")
    content = [name for name in pages.html_pages(book) if name not in NOT_CONTENT]
    assert sorted(listed) == sorted(base + name for name in content)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", date or "") for date in listed.values()), listed


def _git_times(*args: str) -> list[int]:
    """Author times (what sphinx-last-updated-by-git shows; a rebase can make them older than
    their parents'), newest commit first."""
    out = subprocess.run(["git", "log", "--format=%at", *args], cwd=REPOSITORY, capture_output=True, text=True, check=True)
    return [int(line) for line in out.stdout.split()]


def _git_time(*args: str) -> int:
    return next(iter(_git_times("-1", *args)), 0)


def test_each_page_shows_when_it_was_last_committed(book):
    head = max(_git_times())
    checked = 0
    for name in pages.html_pages(book):
        if name in NOT_CONTENT:
            continue
        soup = BeautifulSoup((book / name).read_text(encoding="utf-8"), "html.parser")
        source = pages.DOCS / name.replace(".html", ".md")
        own = _git_time("--", str(source))
        if not own:
            continue  # not committed yet: no date to show
        modified = datetime.fromisoformat(_meta(soup, "article:modified_time"))
        # the page's own last commit, or a later one of a listing it includes; never the clock
        assert own <= modified.timestamp() <= head, name
        shown = soup.select_one(".last-updated").get_text(" ", strip=True)
        assert shown == f"Last updated on {modified.day:02d} {modified:%B %Y}", (name, shown)
        checked += 1
    assert checked >= 10


# --- the topic map and the chapters' diagrams at a desktop's and a phone's width -----------------

WIDTHS = (1400, 390)

DIAGRAM_BOUNDS = """() => {
  const frame = document.querySelector('figure .playbook-diagram');
  const scroller = frame.querySelector('.playbook-diagram-scroller');
  const img = frame.querySelector('img');
  const cue = frame.parentElement.querySelector('.playbook-diagram-cue');
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
  const shown = e => e.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const fade = side => parseFloat(getComputedStyle(frame, side).opacity) > 0;
  return {
    viewport: window.innerWidth, page: document.documentElement.scrollWidth,
    article: box(document.querySelector('article')), frame: box(frame), img: box(img),
    natural: img.naturalWidth, scrolls: scroller.scrollWidth > scroller.clientWidth + 1,
    hidden: scroller.scrollWidth - scroller.clientWidth, keyboard: scroller.getAttribute('tabindex'),
    cue: cue && shown(cue), cueLink: cue && cue.querySelector('a').href,
    full: img.closest('a').href, src: img.src, left: fade('::before'), right: fade('::after'),
  };
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("where", ["index.html", "topics/go.html", "topics/backend.html"])
def test_diagrams_stay_within_the_page_legible_and_whole_by_scrolling(browser, roots, width, where):
    """The frame lies within the article and the viewport (the page itself never scrolls
    sideways); the picture is shown at three quarters of its drawn size or more; a picture wider
    than the column scrolls inside its frame, with a faded edge and a visible cue that links to it
    at full size, and scrolling to its end shows its right edge."""
    with reader(browser, viewport={"width": width, "height": 900}) as (page, _):
        page.goto(roots["http"] + where)
        figure = page.locator("figure:has(.playbook-diagram)").first
        figure.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=figure.locator("img").element_handle())
        at_start = page.evaluate(DIAGRAM_BOUNDS)
        figure.screenshot(path=artifacts_dir() / f"diagram-bounds-{Path(where).stem}-{width}.png")
        assert at_start["page"] <= at_start["viewport"], at_start  # no sideways scrolling of the page
        frame, article = at_start["frame"], at_start["article"]
        assert article["left"] - 0.5 <= frame["left"] and frame["right"] <= article["right"] + 0.5, at_start
        assert 0 <= frame["left"] and frame["right"] <= at_start["viewport"], at_start
        assert at_start["img"]["width"] >= 0.74 * at_start["natural"], at_start
        assert at_start["full"] == at_start["src"], at_start  # the picture opens itself at full size
        if not at_start["scrolls"]:
            assert frame["left"] - 0.5 <= at_start["img"]["left"] and at_start["img"]["right"] <= frame["right"] + 0.5, at_start
            assert not (at_start["cue"] or at_start["left"] or at_start["right"]), at_start
            return
        assert at_start["cue"] and at_start["cueLink"] == at_start["src"], at_start
        assert at_start["keyboard"] == "0", at_start  # the arrow keys can scroll it
        assert (at_start["left"], at_start["right"]) == (False, True), at_start  # more to the right
        page.locator("figure .playbook-diagram-scroller").first.evaluate("s => { s.scrollLeft = s.scrollWidth; }")
        page.wait_for_timeout(300)  # the fades' transition
        at_end = page.evaluate(DIAGRAM_BOUNDS)
        assert abs(at_end["img"]["right"] - at_end["frame"]["right"]) <= 1, at_end  # its right edge in view
        assert (at_end["left"], at_end["right"]) == (True, False), at_end  # more to the left
        figure.screenshot(path=artifacts_dir() / f"diagram-bounds-{Path(where).stem}-{width}-end.png")


def test_the_topic_map_scrolls_at_both_widths_and_a_small_chapter_diagram_fits_on_a_desktop(browser, roots):
    """What the test above covers: both of its branches, at the widths readers use."""
    found = {}
    for width in WIDTHS:
        with reader(browser, viewport={"width": width, "height": 900}) as (page, _):
            for where in ("index.html", "topics/backend.html"):
                page.goto(roots["http"] + where)
                found[(where, width)] = page.evaluate(DIAGRAM_BOUNDS)["scrolls"]
    assert found[("index.html", 1400)] and found[("index.html", 390)]
    assert not found[("topics/backend.html", 1400)]


# --- the sidebar -----------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["index.html", "posts/rate-limiting.html"])
def test_every_expand_arrow_of_the_sidebar_opens_a_list_of_pages(browser, roots, where):
    with reader(browser, viewport={"width": 1400, "height": 900}) as (page, _):
        page.goto(roots["http"] + where)
        entries = page.locator(".sidebar-tree li.toctree-l1")
        arrows = 0
        for index in range(entries.count()):
            entry = entries.nth(index)
            label = entry.locator(":scope > label")
            nested = entry.locator(":scope > ul")
            assert label.count() == nested.count(), entry.inner_text()  # an arrow only with children
            if not label.count():
                continue
            arrows += 1
            if not nested.is_visible():
                label.click()
            links = nested.locator("a.reference.internal")
            assert links.count() >= 1 and links.first.is_visible(), entry.inner_text()
        assert 1 <= arrows < entries.count()


# --- the feed, the other formats and the sources ---------------------------------------------------


def test_every_page_names_the_books_feed(book):
    canonical = BeautifulSoup((book / "index.html").read_text(encoding="utf-8"), "html.parser").find("link", rel="canonical")["href"]
    feed = canonical.removesuffix("index.html") + "atom.xml"
    assert (book / "atom.xml").is_file()
    for name in pages.html_pages(book):
        soup = BeautifulSoup((book / name).read_text(encoding="utf-8"), "html.parser")
        links = soup.select('link[rel="alternate"][type="application/atom+xml"]')
        assert [link["href"] for link in links] == [feed], name


@pytest.mark.parametrize("mode", MODES)
def test_every_page_links_to_the_pdf_and_the_epub_this_build_made(browser, book, roots, mode):
    """The shared build makes the PDF and the ePub before the HTML, as `make all` does: each page
    links to copies beside the pages, relatively, so the links work over HTTP and from file://."""
    built = shared_build()
    expected = {"PDF": built / "latex" / "backend-engineers-playbook.pdf", "ePub": built / "epub" / "BackendEngineersPlaybook.epub"}
    with reader(browser, viewport={"width": 1400, "height": 900}) as (page, _):
        for where in ("index.html", "posts/rate-limiting.html", "topics/go.html"):
            page.goto(roots[mode] + where)
            links = page.locator(".sidebar-drawer .playbook-downloads a")
            found = dict(links.evaluate_all("links => links.map(a => [a.innerText.trim(), a.href])"))
            assert sorted(found) == sorted(expected), found
            assert links.first.is_visible()
            for label, url in found.items():
                if mode == "http":
                    response = page.request.get(url)
                    assert response.status == 200, url
                    assert response.body() == expected[label].read_bytes(), url
                else:
                    assert Path(url.removeprefix("file://")).read_bytes() == expected[label].read_bytes(), url
    assert (book / "backend-engineers-playbook.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_build_that_knows_no_repository_links_to_no_source(book):
    for name in pages.html_pages(book):
        assert "view-this-page" not in (book / name).read_text(encoding="utf-8"), name


def test_the_epub_carries_none_of_the_webs_links(book):
    epub = shared_build() / "epub" / "BackendEngineersPlaybook.epub"
    with zipfile.ZipFile(epub) as archive:
        pages_text = [archive.read(name).decode() for name in archive.namelist() if name.endswith(".xhtml")]
    assert len(pages_text) > 10
    for marker in ("playbook-downloads", "view-this-page", "playbook-diagram-cue", "playbook-diagram-full", "_/downloads/"):
        assert not [text for text in pages_text if marker in text], marker


READ_THE_DOCS = {
    "READTHEDOCS": "True",
    "READTHEDOCS_CANONICAL_URL": "https://backend-engineers-playbook.readthedocs.io/en/latest/",
    "READTHEDOCS_LANGUAGE": "en",
    "READTHEDOCS_VERSION": "latest",
    "READTHEDOCS_VERSION_TYPE": "branch",
    "READTHEDOCS_GIT_CLONE_URL": "git@github.com:example/backend-engineers-playbook.git",
    "READTHEDOCS_GIT_COMMIT_HASH": "0123456789abcdef0123456789abcdef01234567",
}


def test_on_read_the_docs_pages_link_to_its_downloads_and_to_their_source(tmp_path):
    """The HTML book built with Read the Docs' environment: its download addresses, and each
    page's source file at the commit built, a file the repository has."""
    environment = {**book_environment(), **READ_THE_DOCS, "PLAYBOOK_DIAGRAM_CACHE": str(shared_build() / ".diagram-cache")}
    html = build(tmp_path, ("html",), env=environment) / "html"
    downloads = "https://backend-engineers-playbook.readthedocs.io/_/downloads/en/latest/"
    source = "https://github.com/example/backend-engineers-playbook/blob/0123456789abcdef0123456789abcdef01234567/"
    checked = 0
    for name in pages.html_pages(html):
        soup = BeautifulSoup((html / name).read_text(encoding="utf-8"), "html.parser")
        found = [(a.get_text(strip=True), a["href"]) for a in soup.select(".playbook-downloads a")]
        assert found == [("PDF", downloads + "pdf/"), ("ePub", downloads + "epub/")], name
        views = [a["href"] for a in soup.select(".view-this-page a")]
        if name in NOT_CONTENT:
            assert views == [], name  # no source file: no link
            continue
        assert len(views) == 1 and views[0].startswith(source), (name, views)
        path = views[0].removeprefix(source)
        assert path == "docs/" + name.removesuffix(".html") + ".md" and (REPOSITORY / path).is_file(), (name, path)
        checked += 1
    assert checked >= 20
    assert not list(html.glob("*.pdf")) and not list(html.glob("*.epub"))
