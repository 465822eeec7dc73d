"""The diagram pipeline on tiny books: static pictures in every format, one browser per build,
a cache keyed by every renderer setting, and clear failures."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from sphinx.errors import SphinxError

from playbook.config import DEFAULT_MERMAID_CONFIG, default_browser
from playbook.diagrams.collector import diagrams_for
from playbook.diagrams.pictures import INSTALL_CHROMIUM, Diagram, RendererSettings, cached_path, render_batch, start_batch
from playbook.diagrams.printing import AUTHOR, TURNED, TextBlock, choose, pdf_size, turned_code
from playbook.diagrams.settings import REPOSITORY

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(autouse=True)
def own_cache_and_temp_folder(monkeypatch) -> Iterator[Path]:
    """Each test here has the diagram cache of its build folder (not the session's shared one) and
    a temporary folder of its own, where the renderer's browser profile must not outlive it. A
    short path: Chromium's profile holds a Unix socket, whose path may not exceed 107 bytes."""
    monkeypatch.delenv("PLAYBOOK_DIAGRAM_CACHE", raising=False)
    with tempfile.TemporaryDirectory(prefix="pbtest-", dir="/tmp") as temp:
        monkeypatch.setenv("TMPDIR", temp)
        monkeypatch.setattr(tempfile, "tempdir", temp)
        yield Path(temp)


@pytest.fixture
def book(tmp_path):
    """Copy a test root to a fresh folder and return a function that builds it."""

    def copy(name: str) -> Path:
        srcdir = tmp_path / name
        shutil.copytree(ROOTS / f"test-{name}", srcdir)
        return srcdir

    return copy


def build(make_app, srcdir: Path, buildername: str = "html", **confoverrides):
    app = make_app(buildername, srcdir=srcdir, confoverrides=confoverrides)
    app.build()
    return app


def counting_node(tmp_path: Path) -> tuple[str, Path]:
    """A `node` that logs each start before running the real one: counts renderer runs."""
    log = tmp_path / "node-starts.log"
    wrapper = tmp_path / "counting-node"
    wrapper.write_text(f'#!/bin/sh\necho start >> "{log}"\nexec "{shutil.which("node")}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return str(wrapper), log


def renderer_folders() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("playbook-mermaid-*"))


def test_html_gets_static_svg_pictures_with_alt_text_from_one_renderer_run(make_app, book, tmp_path):
    node, starts = counting_node(tmp_path)
    folders_before = renderer_folders()
    app = build(make_app, book("diagrams"), playbook_node=node)
    assert renderer_folders() == folders_before  # the renderer removed its browser profile and page
    assert app.warning.getvalue() == ""
    html = (app.outdir / "index.html").read_text()
    images = re.findall(r'<img src="(_images/mermaid-[0-9a-f]+\.svg)" alt="([^"]*)" width="(\d+)" height="(\d+)"', html)
    assert len(images) == 3
    assert images[0][1] == "Requests go from the client to the service, which reads from the database."
    for src, _alt, width, height in images:
        svg = (app.outdir / src).read_text()
        assert svg.startswith("<svg") and "<foreignObject" not in svg and "<script" not in svg
        assert int(width) > 0 and int(height) > 0
    assert "Client" in (app.outdir / images[0][0]).read_text()
    assert "mermaid.esm" not in html and "cdn.jsdelivr" not in html  # no client-side Mermaid
    assert starts.read_text().count("start") == 1  # three diagrams, one browser


def test_rebuild_with_nothing_changed_starts_no_renderer(make_app, book, tmp_path):
    srcdir = book("diagrams")
    build(make_app, srcdir)
    node, starts = counting_node(tmp_path)
    build(make_app, srcdir, playbook_node=node)
    assert not starts.exists()


def test_a_reread_page_with_cached_diagrams_renders_nothing(make_app, book):
    srcdir = book("diagrams")
    first = build(make_app, srcdir)
    cache = first.outdir.parent / ".diagram-cache"  # beside the doctrees, shared by builders
    before = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert len(before) == 3
    (srcdir / "index.md").touch()
    build(make_app, srcdir)
    assert {path.name: path.stat().st_mtime_ns for path in cache.iterdir()} == before


def test_epub_gets_png_pictures(make_app, book):
    app = build(make_app, book("diagrams"), "epub")
    html = (app.outdir / "index.xhtml").read_text()
    pictures = re.findall(r'<img src="(_images/mermaid-[0-9a-f]+\.png)" alt="[^"]+"', html)
    assert len(pictures) == 3
    assert (app.outdir / pictures[0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_latex_gets_vector_pdf_pictures(make_app, book):
    app = build(make_app, book("diagrams"), "latex")
    tex = next(app.outdir.glob("*.tex")).read_text()
    included = re.findall(r"\\sphinxincludegraphics(?:\[[^\]]*\])?\{\{(mermaid-[0-9a-f]+)\}\.pdf\}", tex)
    assert len(included) == 3
    assert (app.outdir / f"{included[0]}.pdf").read_bytes()[:5] == b"%PDF-"


def test_changing_a_renderer_setting_renders_again(make_app, book):
    srcdir = book("diagrams")
    first = build(make_app, srcdir)
    before = sorted(p.name for p in (first.outdir / "_images").glob("mermaid-*.svg"))
    old_svg = (first.outdir / "_images" / before[0]).read_text()
    dark = {"theme": "dark", "htmlLabels": False, "flowchart": {"htmlLabels": False}}
    second = build(make_app, srcdir, playbook_mermaid_config=dark)
    html = (second.outdir / "index.html").read_text()
    after = re.findall(r'src="_images/(mermaid-[0-9a-f]+\.svg)"', html)
    assert len(after) == 3 and not set(after) & set(before)
    # The new pictures really are the new theme's, not copies of the old ones; the old ones,
    # which no page shows any more, are gone from the output.
    assert all((second.outdir / "_images" / name).read_text() != old_svg for name in after)
    assert sorted(p.name for p in (second.outdir / "_images").glob("mermaid-*.svg")) == sorted(after)


def test_a_broken_diagram_fails_the_build_naming_file_line_and_mermaids_message(make_app, book):
    srcdir = book("diagram-broken")
    app = make_app("html", srcdir=srcdir)
    with pytest.raises(SphinxError, match="1 Mermaid diagram"):
        app.build()
    warnings = app.warning.getvalue()
    assert f"{srcdir / 'index.md'}:14: ERROR: Mermaid diagram failed to render: Parse error on line" in warnings
    assert "C[unclosed --> D" in warnings  # Mermaid's own pointer to the fault
    assert warnings.count("failed to render") == 1


def test_a_diagram_without_alt_text_is_an_error(make_app, book):
    srcdir = book("diagram-no-alt")
    app = build(make_app, srcdir)
    warnings = app.warning.getvalue()
    assert f"{srcdir / 'index.md'}:3: ERROR: Mermaid diagram has no text alternative" in warnings


def test_a_missing_browser_fails_with_the_install_command(make_app, book):
    app = make_app("html", srcdir=book("diagrams"), confoverrides={"playbook_browser": "/nonexistent/chromium"})
    with pytest.raises(SphinxError, match=re.escape(INSTALL_CHROMIUM)):
        app.build()


def test_a_missing_renderer_fails_with_the_setup_command(make_app, book, tmp_path):
    app = make_app("html", srcdir=book("diagrams"), confoverrides={"playbook_node_modules": str(tmp_path / "none")})
    with pytest.raises(SphinxError, match=r"mermaid\.min\.js is missing\. Install the pinned renderer with `make setup`"):
        app.build()


def test_a_browser_that_cannot_start_fails_with_its_reason(make_app, book, tmp_path):
    not_a_browser = tmp_path / "chromium"
    not_a_browser.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    not_a_browser.chmod(0o755)
    app = make_app("html", srcdir=book("diagrams"), confoverrides={"playbook_browser": str(not_a_browser)})
    with pytest.raises(SphinxError, match="cannot start the browser") as failure:
        app.build()
    assert INSTALL_CHROMIUM in str(failure.value)


@pytest.mark.skipif(os.cpu_count() is None, reason="parallel build needs cpu_count")
def test_parallel_build_renders_in_the_main_process_once(make_app, book, tmp_path):
    node, starts = counting_node(tmp_path)
    srcdir = book("diagrams")
    for n in range(4):  # enough documents for Sphinx to really fork readers and writers
        (srcdir / f"extra{n}.md").write_text(
            f"# Extra {n}\n\n```{{mermaid}}\n:alt: Step {n} leads to step {n + 1}.\n\nflowchart LR\n"
            f"    s{n}[Step {n}] --> t{n}[Step {n + 1}]\n```\n"
        )
    (srcdir / "index.md").write_text(
        (srcdir / "index.md").read_text() + "\n```{toctree}\n" + "\n".join(f"extra{n}" for n in range(4)) + "\n```\n"
    )
    app = make_app("html", srcdir=srcdir, parallel=2, confoverrides={"playbook_node": node})
    app.build()
    assert app.warning.getvalue() == ""
    assert starts.read_text().count("start") == 1
    assert len(list((app.outdir / "_images").glob("mermaid-*.svg"))) == 7


def test_a_clean_build_starts_the_renderer_for_the_catalogs_diagrams_when_reading_starts(make_app, book, tmp_path):
    """The catalog's topic map and chapter maps are known only after reading; with an empty cache
    they will be drawn, so the browser starts before reading and loads while Sphinx reads. A clean
    build whose cache holds pictures starts none unless a picture is missing."""
    node, starts = counting_node(tmp_path)
    srcdir = book("catalog-small")
    started_by_the_end_of_reading = []  # its pages have no diagram: only the early start starts it then
    app = make_app("html", srcdir=srcdir, confoverrides={"playbook_node": node})
    app.connect("env-updated", lambda app, env: started_by_the_end_of_reading.append(starts.exists()), priority=100)
    app.build()
    assert app.warning.getvalue() == ""
    assert started_by_the_end_of_reading == [True]
    assert starts.read_text().count("start") == 1
    assert list((app.outdir / "_images").glob("mermaid-*.svg"))  # the topic map and chapter maps
    shutil.rmtree(app.doctreedir)  # a clean build again, the cache beside it kept
    starts.unlink()
    build(make_app, srcdir, playbook_node=node)
    assert not starts.exists()


def test_a_reread_page_whose_diagrams_are_cached_starts_no_browser(make_app, book, tmp_path):
    srcdir = book("diagrams")
    build(make_app, srcdir)
    page = srcdir / "index.md"
    page.write_text(page.read_text() + "\nA paragraph added after the first build.\n")
    node, starts = counting_node(tmp_path)
    app = build(make_app, srcdir, playbook_node=node)
    assert "A paragraph added after the first build." in (app.outdir / "index.html").read_text()
    assert not starts.exists()


def _readable_by_others(path: Path) -> bool:
    return all(folder.stat().st_mode & stat.S_IXOTH for folder in [*path.parents, path])


@pytest.mark.skipif(
    os.geteuid() == 0 and not _readable_by_others(REPOSITORY / "node_modules"),
    reason="as root this test runs the renderer as `nobody`, who cannot reach this checkout's node_modules",
)
def test_a_browser_whose_sandbox_cannot_start_runs_without_it(tmp_path):
    """Read the Docs builds as a user other than root, in a container where Chrome's sandbox cannot
    start: the renderer then runs the browser without it, and says so. Here the renderer runs as
    `nobody` (when the tests run as root) with a browser that refuses to start sandboxed."""
    shared = Path(tempfile.mkdtemp(prefix="playbook-sandbox-test-", dir="/tmp"))  # reachable by nobody
    try:
        shared.chmod(0o777)
        browser = shared / "sandboxless-chromium"
        browser.write_text(
            "#!/bin/sh\n"
            f'case " $* " in *" --no-sandbox "*) exec {shutil.which("chromium")} "$@";; esac\n'
            'echo "[0101/000000.000:FATAL:zygote_host_impl_linux.cc(128)] No usable sandbox!" >&2\nexit 1\n'
        )
        node = shared / "node-as-nobody"
        as_nobody = "runuser -u nobody -- " if os.geteuid() == 0 else ""
        node.write_text(f'#!/bin/sh\nexport TMPDIR={shared}\nexec {as_nobody}{shutil.which("node")} "$@"\n')
        for script in (browser, node):
            script.chmod(0o755)
        settings = RendererSettings(
            node=str(node), node_modules=REPOSITORY / "node_modules", browser=str(browser),
            mermaid_config=DEFAULT_MERMAID_CONFIG, png_scale=2,
        )
        diagram = Diagram(code="flowchart LR\n  a[Sandbox] --> b[Fallback]", format="svg", docname="index", line=1)
        cache = shared / "cache"
        cache.mkdir(mode=0o777)
        cache.chmod(0o777)
        report = render_batch([diagram], cache, settings)
        assert report.failures == []
        assert report.sandbox_fallback
        assert "Fallback" in cached_path(cache, diagram, settings.fingerprint()).read_text()
    finally:
        shutil.rmtree(shared)



def test_a_batch_hands_back_each_picture_in_its_order_and_reports_its_failures(tmp_path):
    """A build writes a page as soon as its own pictures are drawn: the batch answers for one
    picture without waiting for the rest, in the order it was given."""
    settings = RendererSettings(
        node="node", node_modules=REPOSITORY / "node_modules", browser=default_browser({}),
        mermaid_config=DEFAULT_MERMAID_CONFIG, png_scale=2,
    )
    first, broken, last = (
        Diagram(code=code, format="svg", docname=docname, line=1)
        for docname, code in (("a", "flowchart LR\n  a[First] --> b[Page]"), ("b", "flowchart LR\n  a[ --> "),
                              ("c", "flowchart LR\n  a[Last] --> b[Page]"))
    )
    cache, fingerprint = tmp_path / "cache", settings.fingerprint()
    drawing = start_batch([first, broken, last], cache, settings)
    pictures = [cached_path(cache, diagram, fingerprint) for diagram in (first, broken, last)]
    assert all(drawing.draws(picture) for picture in pictures)
    assert drawing.outcome(pictures[0]) is None
    assert "First" in pictures[0].read_text()
    assert "Parse error" in drawing.outcome(pictures[1])
    assert drawing.outcome(pictures[2]) is None
    report = drawing.finish()
    assert [failure.diagram for failure in report.failures] == [broken]
    assert not pictures[1].exists() and "Last" in pictures[2].read_text()
    assert not start_batch([first], cache, settings).draws(pictures[0])  # cached: nothing to draw


def test_a_batch_draws_in_the_order_pages_are_written():
    """Sphinx writes pages by document name: a page's own diagrams, then those generated for it
    (the landing page's topic map before the posts' diagrams, the chapters' maps after)."""
    env = SimpleNamespace(playbook_diagrams={"posts/b": [("B1", 3), ("B2", 9)], "posts/a": [("A", 5)], "topics/go": [("G", 2)]})
    generated = [("topics/go", "go map"), ("index", "topic map"), ("topics/api", "api map")]
    order = [(diagram.docname, diagram.code) for diagram in diagrams_for(env, "svg", generated)]
    assert order == [("index", "topic map"), ("posts/a", "A"), ("posts/b", "B1"), ("posts/b", "B2"),
                     ("topics/api", "api map"), ("topics/go", "G"), ("topics/go", "go map")]


# The PDF's print layout (playbook.diagrams.printing): the direction rewrite, the choice, and a
# tiny book whose diagrams need each layout.

A4 = TextBlock(452.97, 700.51)


@pytest.mark.parametrize(
    ("code", "turned"),
    [
        ("flowchart LR\n    a --> b", "flowchart TB\n    a --> b"),
        ("flowchart RL\n    a --> b", "flowchart BT\n    a --> b"),
        ("graph LR;\n    a --> b", "graph TB;\n    a --> b"),
        ("graph >\n    a --> b", "graph TB\n    a --> b"),
        ("\n  flowchart LR  \n    a --> b\n", "\n  flowchart TB  \n    a --> b\n"),
        # comments, one-line and multi-line directives and front matter come before the header
        ("%% the ways in\nflowchart LR\n  a --> b", "%% the ways in\nflowchart TB\n  a --> b"),
        ("%%{init: {'theme': 'neutral'}}%%\ngraph RL\n  a --> b", "%%{init: {'theme': 'neutral'}}%%\ngraph BT\n  a --> b"),
        ("%%{init: {\n  'theme': 'neutral'\n}}%%\nflowchart LR\n  a", "%%{init: {\n  'theme': 'neutral'\n}}%%\nflowchart TB\n  a"),
        (
            "---\nconfig:\n  flowchart:\n    nodeSpacing: 30\n---\nflowchart LR\n  a --> b",
            "---\nconfig:\n  flowchart:\n    nodeSpacing: 30\n---\nflowchart TB\n  a --> b",
        ),
        # only the header turns: a subgraph keeps its own direction, labels keep their words
        (
            "flowchart LR\n  subgraph s [flowchart LR]\n    direction LR\n    a --> b\n  end",
            "flowchart TB\n  subgraph s [flowchart LR]\n    direction LR\n    a --> b\n  end",
        ),
    ],
)
def test_a_flowchart_drawn_left_to_right_turns_top_to_bottom(code, turned):
    assert turned_code(code) == turned


@pytest.mark.parametrize(
    "code",
    [
        "flowchart TB\n  a --> b",
        "flowchart TD\n  a --> b",
        "graph BT\n  a --> b",
        "flowchart\n  a --> b",  # no direction: Mermaid's default is already top to bottom
        "sequenceDiagram\n  A->>B: flowchart LR",
        "stateDiagram-v2\n  direction LR\n  [*] --> A",
        "timeline\n  2001 : one",
        "%% flowchart LR\nsequenceDiagram\n  A->>B: hi",  # a comment is not a header
        "flowchart LRX\n  a --> b",
        "flowchart LR a --> b",  # a statement on the header's line: left as written
        "flowchart-elk LR\n  a --> b",
        "---\nconfig: {}\nflowchart LR\n  a --> b",  # front matter never closed
        "",
    ],
)
def test_other_diagrams_and_headers_are_not_turned(code):
    assert turned_code(code) is None


def test_the_turned_layout_has_a_cache_key_of_its_own():
    diagram = Diagram(code="flowchart LR\n  a --> b", format="pdf", docname="index", line=3)
    turned = diagram.with_layout(TURNED)
    assert diagram.layout == AUTHOR and turned.rendered_code == "flowchart TB\n  a --> b"
    assert diagram.key("f") != turned.key("f") != Diagram("flowchart TB\n  a --> b", "pdf", "index", 3).key("f")
    with pytest.raises(ValueError):
        Diagram(code="sequenceDiagram\n  A->>B: hi", format="pdf", docname="index", line=3, layout=TURNED).rendered_code


def test_the_print_plan_keeps_the_authors_layout_while_it_is_legible():
    plan = choose((600, 300), (300, 600), A4)  # 600 pt wide fits the 453 pt line at 0.75: 9 pt labels
    assert (plan.layout, plan.landscape, round(plan.label_pt, 1)) == (AUTHOR, False, 9.0)


def test_the_print_plan_prefers_a_legible_upright_page_to_a_larger_landscape_one():
    plan = choose((900, 150), (300, 1000), A4)  # turned: 8.4 pt upright; on its side: 9 pt
    assert (plan.layout, plan.landscape) == (TURNED, False) and plan.legible


def test_the_print_plan_goes_landscape_when_nothing_upright_is_legible():
    assert (choose((900, 300), None, A4).layout, choose((900, 300), None, A4).landscape) == (AUTHOR, True)
    plan = choose((1500, 200), (1200, 900), A4)  # the author's layout on its side prints largest
    assert (plan.layout, plan.landscape) == (AUTHOR, True)


def test_the_print_plan_of_a_diagram_no_layout_makes_legible_is_its_largest_and_says_so():
    plan = choose((3000, 300), None, A4)
    assert plan.landscape and not plan.legible and round(plan.label_pt, 2) == round(12 * 700.51 / 3000, 2)


def test_the_pdf_prints_each_diagram_in_a_layout_that_keeps_its_labels_legible(make_app, book):
    """A wide left-to-right chain prints turned top to bottom, a wide sequence on a landscape page,
    a small flowchart as written; a timeline no layout makes legible is named with its line. The
    HTML keeps every author's layout."""
    srcdir = book("diagrams-print")
    app = build(make_app, srcdir, "latex")
    warnings = app.warning.getvalue()
    assert re.findall(r"index\.md:(\d+): WARNING: Mermaid diagram prints its labels at [\d.]+ pt in the PDF", warnings) == ["51"]  # the timeline's directive
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert "\\usepackage{pdflscape}" in tex
    included = re.findall(r"\\sphinxincludegraphics\[scale=0\.75\]\{\{(mermaid-[0-9a-f]+)\}\.pdf\}", tex)
    assert len(included) == 4
    chain, sequence, small, timeline = included
    # the chain's picture is the turned one: taller than wide and legible, unlike its HTML picture
    width, height = pdf_size(app.outdir / f"{chain}.pdf")
    assert height > width and 12 * min(0.75, A4.width / width, A4.height / height) >= 8
    html = build(make_app, srcdir, "html")
    svg = re.findall(r'src="_images/(mermaid-[0-9a-f]+\.svg)"', (html.outdir / "index.html").read_text())[0]
    svg_width, svg_height = (int(value) for value in re.search(r'width="(\d+)" height="(\d+)"', (html.outdir / "_images" / svg).read_text()).groups())
    assert svg_width > 3 * svg_height
    # the sequence's figure (caption and all) is on a landscape page; the small one is not
    landscape_blocks = re.findall(r"\\begin\{landscape\}(.*?)\\end\{landscape\}", tex, re.S)
    assert [sequence in block for block in landscape_blocks].count(True) == 1
    assert any("Six services in a row." in block and "\\begin{figure}" in block for block in landscape_blocks)
    assert all(small not in block and chain not in block for block in landscape_blocks)
    assert any(timeline in block for block in landscape_blocks)  # its largest print, though too small
    # a second build, everything cached, prints the same
    again = build(make_app, srcdir, "latex")
    assert next(again.outdir.glob("*.tex")).read_text() == tex


def test_make_clean_keeps_the_picture_cache_and_clean_all_removes_it(tmp_path):
    build = tmp_path / "_build"
    for path in (build / ".diagram-cache" / "mermaid-1.svg", build / "html" / "index.html", build / "doctrees" / "environment.pickle"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    make = ["make", "-s", "-C", str(REPOSITORY), f"BUILD={build}"]
    subprocess.run([*make, "clean"], check=True)
    assert [str(path.relative_to(build)) for path in sorted(build.rglob("*"))] == [".diagram-cache", ".diagram-cache/mermaid-1.svg"]
    subprocess.run([*make, "clean-all"], check=True)
    assert not build.exists()
