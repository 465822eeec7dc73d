"""Pictures of diagrams: their cache, and the renderer process that draws the missing ones.

The Python side of the renderer (``renderer.mjs``): settings, cache keys and one Node.js run per
batch. Pure of Sphinx: the Sphinx glue passes in the settings and the diagrams, this module
renders them and reports failures. One :class:`RendererProcess` is one browser, however many
diagrams :func:`render_batch` gives it; it can be started before the diagrams are known.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from .printing import AUTHOR, TURNED, PrintPlan, TextBlock, choose, fits_as_written, pdf_size, turned_code

RENDERER_SCRIPT = Path(__file__).with_name("renderer.mjs")

#: Output format of each kind of builder: vectors for HTML and PDF; PNG for ePub, because
#: Mermaid's SVG does not pass epubcheck (ARIA roles and attributes EPUB 3 does not allow).
FORMAT_BY_BUILDER_FORMAT = {"html": "svg", "latex": "pdf"}
FORMAT_BY_BUILDER_NAME = {"epub": "png"}

INSTALL_CHROMIUM = "apt-get install --no-install-recommends chromium-headless-shell fonts-liberation"


class RendererUnavailable(Exception):
    """The renderer or its browser is missing; the message says how to install it."""


@dataclass(frozen=True)
class RendererSettings:
    """Everything besides a diagram's code that changes its picture, so all of it is in the key."""

    node: str
    node_modules: Path
    browser: str | None
    mermaid_config: dict = field(hash=False)
    png_scale: int

    @property
    def mermaid_script(self) -> Path:
        return self.node_modules / "mermaid" / "dist" / "mermaid.min.js"

    def fingerprint(self) -> str:
        """A digest of the renderer's identity and settings (not of where it is installed)."""
        identity = {
            "config": self.mermaid_config,
            "png_scale": self.png_scale,
            "mermaid": _read_version(self.node_modules / "mermaid" / "package.json"),
            "puppeteer": _read_version(self.node_modules / "puppeteer-core" / "package.json"),
            "script": hashlib.sha256(RENDERER_SCRIPT.read_bytes()).hexdigest(),
        }
        return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Diagram:
    """One diagram to render: its code, the output format, the document and line that hold it,
    and its layout (:data:`.printing.AUTHOR`, or :data:`.printing.TURNED`: a flowchart's header
    turned top to bottom, which only the PDF uses)."""

    code: str
    format: str
    docname: str
    line: int | None
    layout: str = AUTHOR

    @property
    def rendered_code(self) -> str:
        """The code the renderer draws: the author's, or the turned one."""
        if self.layout == AUTHOR:
            return self.code
        turned = turned_code(self.code)
        if self.layout != TURNED or turned is None:
            raise ValueError(f"no {self.layout!r} layout of this diagram")
        return turned

    def with_layout(self, layout: str) -> Diagram:
        return replace(self, layout=layout)

    def key(self, fingerprint: str) -> str:
        payload = json.dumps({"code": self.code, "format": self.format, "layout": self.layout, "renderer": fingerprint})
        return hashlib.sha256(payload.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class RenderFailure:
    diagram: Diagram
    message: str


@dataclass(frozen=True)
class BatchReport:
    """What a batch left to say: the diagrams that failed, and whether the browser had to run
    without its sandbox (it could not start one as this user on this machine)."""

    failures: list[RenderFailure] = field(default_factory=list)
    sandbox_fallback: bool = False


def output_format(builder_name: str, builder_format: str) -> str | None:
    """The picture format a builder gets, or None for builders that show the text alternative."""
    return FORMAT_BY_BUILDER_NAME.get(builder_name) or FORMAT_BY_BUILDER_FORMAT.get(builder_format)


def cached_path(cache_dir: Path, diagram: Diagram, fingerprint: str) -> Path:
    return cache_dir / f"mermaid-{diagram.key(fingerprint)}.{diagram.format}"


def remove_unshown(folder: Path, shown: set[str], fmt: str) -> None:
    """Delete the pictures in an output folder that are not among the ``shown`` ones (names of
    cached pictures): each is copied there when a page that shows it is written, and a picture
    that no page shows any more (a diagram edited or removed) would otherwise stay for good."""
    for picture in folder.glob(f"mermaid-*.{fmt}"):
        if picture.name not in shown:
            picture.unlink()


def check_available(settings: RendererSettings) -> None:
    """Raise RendererUnavailable, saying what to install, when a part of the renderer is missing."""
    if shutil.which(settings.node) is None:
        raise RendererUnavailable(
            f"Mermaid renderer: Node.js ({settings.node!r}) is not on PATH. "
            "Install Node.js 20 or newer, then run `make setup`."
        )
    if not settings.mermaid_script.is_file():
        raise RendererUnavailable(
            f"Mermaid renderer: {settings.mermaid_script} is missing. "
            "Install the pinned renderer with `make setup` (it runs `npm ci`)."
        )
    if settings.browser is not None and not (
        os.path.isfile(settings.browser) and os.access(settings.browser, os.X_OK)
    ):
        raise RendererUnavailable(
            f"Mermaid renderer: no browser at {settings.browser!r}. "
            f"Install Chromium with `{INSTALL_CHROMIUM}` (as root), "
            "or point PLAYBOOK_BROWSER at a Chromium or Chrome executable."
        )


class RendererProcess:
    """A started renderer. Its browser starts and Mermaid loads at once, while the caller goes on
    (a build reads its documents meanwhile); :meth:`submit` hands it the diagrams (once), and
    :meth:`outcome` and :meth:`report` wait for one picture or for all of them; :meth:`cancel`
    lets it exit unused. The report comes before its browser has closed: :meth:`wait` (or
    :func:`wait_for_renderers`) waits for that."""

    def __init__(self, settings: RendererSettings) -> None:
        check_available(settings)
        self.settings = settings
        arguments = {
            "browser": settings.browser,
            "mermaid": str(settings.mermaid_script),
            "config": settings.mermaid_config,
            "scale": settings.png_scale,
        }
        # A file, not a pipe: nobody reads it while the renderer works, and a full pipe would stall it.
        self._errors = tempfile.TemporaryFile(mode="w+")
        self._process = subprocess.Popen(
            [settings.node, str(RENDERER_SCRIPT), json.dumps(arguments)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            text=True,
        )
        self._outcomes: dict[str, str | None] = {}  # job id: None, or why it failed
        self._report: dict | None = None
        _running.append(self)

    def submit(self, jobs: list[dict]) -> None:
        """Hand the renderer its diagrams, which it draws in this order, saying as each is done
        (:meth:`outcome`); none: it exits unused."""
        try:
            self._process.stdin.write(json.dumps(jobs) + "\n" if jobs else "")
            self._process.stdin.close()
        except BrokenPipeError:
            pass  # a renderer that exited early (a browser that did not start) has said why

    def outcome(self, job_id: str) -> str | None:
        """Wait until the job is drawn: None, or Mermaid's message when it failed."""
        while job_id not in self._outcomes:
            if self._report is not None:
                raise RendererUnavailable(f"Mermaid renderer: it ended without drawing {job_id}")
            self._read_message()
        return self._outcomes[job_id]

    def report(self) -> dict:
        """Wait until every job is drawn: the renderer's report."""
        while self._report is None:
            self._read_message()
        return self._report

    def cancel(self) -> None:
        self.submit([])
        self.report()

    def _read_message(self) -> None:
        line = self._process.stdout.readline()
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            stdout, stderr = self.wait()
            raise RendererUnavailable(
                f"Mermaid renderer crashed (exit code {self._process.returncode}): "
                f"{stderr.strip() or (line + stdout).strip()}"
            ) from None
        if "fatal" in message:
            self.wait()
            raise RendererUnavailable(
                f"Mermaid renderer: {message['fatal']}. Install Chromium with `{INSTALL_CHROMIUM}` "
                "(as root), or point PLAYBOOK_BROWSER at a working Chromium."
            )
        if "done" in message:
            self._outcomes[message["done"]] = message.get("error")
        else:
            self._report = message

    def wait(self) -> tuple[str, str]:
        """Wait until the renderer has exited; what is left of its output, and its errors."""
        if self._errors.closed:  # waited for already
            return "", ""
        rest = self._process.stdout.read()
        self._process.stdout.close()
        self._process.wait()
        self._errors.seek(0)
        errors = self._errors.read()
        self._errors.close()
        if self in _running:
            _running.remove(self)
        return rest, errors


#: Renderers that may still be closing their browser and removing their temporary folder.
_running: list[RendererProcess] = []


def wait_for_renderers() -> None:
    """Wait until every renderer started here has exited (its browser closed, its folder gone)."""
    while _running:
        _running[0].wait()


atexit.register(wait_for_renderers)


class DrawingBatch:
    """Diagrams (``todo``: by key) handed to a renderer, which draws them in their order: a caller
    can use the first pictures while the rest are drawn."""

    def __init__(self, todo: dict[str, Diagram], renderer: RendererProcess | None, cache_dir: Path, fingerprint: str) -> None:
        self._renderer, self._cache_dir, self._fingerprint = renderer, cache_dir, fingerprint
        self._by_id: dict[str, Diagram] = {}
        self._job_of: dict[Path, str] = {}  # picture: its job's id
        jobs = []
        for key, diagram in todo.items():
            job, picture = f"m{key[:16]}", cached_path(cache_dir, diagram, fingerprint)
            self._by_id[job], self._job_of[picture] = diagram, job
            jobs.append({"id": job, "code": diagram.rendered_code, "format": diagram.format, "output": str(picture)})
        if jobs:
            renderer.submit(jobs)

    @property
    def empty(self) -> bool:
        """Nothing to draw: every picture was cached."""
        return not self._job_of

    def picture_of(self, diagram: Diagram) -> Path:
        """Where the diagram's picture is in the cache (this batch's settings)."""
        return cached_path(self._cache_dir, diagram, self._fingerprint)

    def draws(self, picture: Path) -> bool:
        return picture in self._job_of

    def outcome(self, picture: Path) -> str | None:
        """Wait until ``picture`` (one this batch :meth:`draws`) is in the cache: None, or
        Mermaid's message when its diagram failed."""
        return self._renderer.outcome(self._job_of[picture])

    def finish(self, wait: bool = True) -> BatchReport:
        """Wait until every picture is drawn: the failures. Without ``wait``, this returns while
        the browser closes: the caller then calls :func:`wait_for_renderers` (a build does at its end)."""
        if self._renderer is None:
            return BatchReport()
        report = self._renderer.report()
        if wait:
            self._renderer.wait()
        if self.empty:  # a started renderer let go: it drew nothing
            return BatchReport()
        return BatchReport(
            failures=[RenderFailure(self._by_id[error["id"]], error["message"]) for error in report["errors"]],
            sandbox_fallback=report.get("sandboxFallback", False),
        )


def start_batch(
    diagrams: list[Diagram],
    cache_dir: Path,
    settings: RendererSettings,
    started: RendererProcess | None = None,
) -> DrawingBatch:
    """Hand every diagram not cached yet to one browser, in the given order, and return while
    it draws them.

    ``started``, a renderer started earlier with the same settings, is used (or let go when
    nothing needs rendering); without it, a renderer is started now if anything is missing."""
    fingerprint = settings.fingerprint()
    todo: dict[str, Diagram] = {}
    for diagram in diagrams:
        key = diagram.key(fingerprint)
        if key not in todo and not cached_path(cache_dir, diagram, fingerprint).exists():
            todo[key] = diagram
    if not todo:
        if started is not None:
            started.cancel()
        return DrawingBatch({}, started, cache_dir, fingerprint)
    cache_dir.mkdir(parents=True, exist_ok=True)
    return DrawingBatch(todo, started or RendererProcess(settings), cache_dir, fingerprint)


def render_batch(
    diagrams: list[Diagram],
    cache_dir: Path,
    settings: RendererSettings,
    started: RendererProcess | None = None,
    wait: bool = True,
) -> BatchReport:
    """Render every diagram that is not cached yet, in one browser; report the failures
    (:func:`start_batch`, then :meth:`DrawingBatch.finish`)."""
    return start_batch(diagrams, cache_dir, settings, started).finish(wait)


def with_print_layouts(diagrams: list[Diagram], cache_dir: Path, fingerprint: str, block: TextBlock) -> list[Diagram]:
    """A PDF batch: every diagram, and after them the turned layout of each flowchart drawn left
    to right (or right to left) that may need it: its author's picture is not cached yet, or
    prints its labels below 8 pt. The turned picture is rendered in the same browser before
    the author's size is known, so that the build's one batch holds every picture it prints."""
    extra = []
    for diagram in diagrams:
        if diagram.format != "pdf" or diagram.layout != AUTHOR or turned_code(diagram.code) is None:
            continue
        author = cached_path(cache_dir, diagram, fingerprint)
        if not author.exists() or not fits_as_written(pdf_size(author), block):
            extra.append(diagram.with_layout(TURNED))
    return [*diagrams, *extra]


def print_plan(diagram: Diagram, cache_dir: Path, fingerprint: str, block: TextBlock) -> PrintPlan:
    """The print plan of a PDF diagram, from its cached pictures (the author's must be there; the
    turned one is looked at, and must be there, only when the author's prints too small)."""
    author = pdf_size(cached_path(cache_dir, diagram, fingerprint))
    if fits_as_written(author, block) or turned_code(diagram.code) is None:
        return choose(author, None, block)
    return choose(author, pdf_size(cached_path(cache_dir, diagram.with_layout(TURNED), fingerprint)), block)


def missing_from_cache(codes: list[str], fmt: str, cache_dir: Path, fingerprint: str) -> bool:
    """Whether any of these diagrams (by code) has no picture of format ``fmt`` in the cache."""
    return any(
        not cached_path(cache_dir, Diagram(code=code, format=fmt, docname="", line=None), fingerprint).exists()
        for code in codes
    )


def svg_size(svg_path: Path) -> tuple[int, int]:
    """The width and height the renderer wrote on the SVG's root element."""
    head = svg_path.read_text(encoding="utf-8")[:2000]
    root = head[head.index("<svg") : head.index(">", head.index("<svg"))]
    return _attribute(root, "width"), _attribute(root, "height")


def png_size(png_path: Path) -> tuple[int, int]:
    """Pixel width and height from a PNG's IHDR chunk."""
    header = png_path.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")


def _attribute(tag: str, name: str) -> int:
    marker = f' {name}="'
    start = tag.index(marker) + len(marker)
    return int(float(tag[start : tag.index('"', start)]))


def _read_version(package_json: Path) -> str:
    try:
        return json.loads(package_json.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "missing"
