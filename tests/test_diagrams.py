"""The diagram pipeline on tiny books: static pictures in every format, one browser per build,
a cache keyed by every renderer setting, and clear failures."""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.errors import SphinxError

from playbook.config import DEFAULT_MERMAID_CONFIG
from playbook.diagrams.pictures import INSTALL_CHROMIUM, Diagram, RendererSettings, cached_path, render_batch
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
