"""Every configuration value of the extension, in one table, checked when the configuration is read.

Each :class:`Setting` says its default, what Sphinx must redo when it changes, the types it takes
and what it holds. At ``config-inited`` each value is completed from the environment (the one
place where the extension reads environment variables), checked (a wrong value stops the build
with its name, what was expected and what was found) and, for paths, made absolute. The rest of
the extension reads ``app.config.playbook_*`` and can rely on what the table promises.

Every part of the extension sets this one up (``app.setup_extension("playbook.config")``), so
that each also works on its own.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .catalog.records import vocabulary_from_config

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: Rendering defaults: labels as SVG text (not HTML in <foreignObject>, which PDF and ePub lose),
#: fonts the reader's machine has or substitutes metrically, no scripts or links in the output,
#: and a fixed seed for the curves Mermaid draws with rough.js (0, its default, draws them
#: differently on every run, so two builds of one commit would differ).
DEFAULT_MERMAID_CONFIG = {
    "theme": "neutral",
    "handDrawnSeed": 1,
    "htmlLabels": False,
    "flowchart": {"htmlLabels": False},
    "fontFamily": '"Liberation Sans", Arial, Helvetica, sans-serif',
    "securityLevel": "strict",
}

#: Languages a page may type code blocks in (the rest comes from tested listings).
DEFAULT_INLINE_LANGUAGES = ("console", "text", "http", "yaml", "toml", "ini", "json", "md")

OPTIONAL_TEXT = (str, type(None))


@dataclass(frozen=True)
class FromEnvironment:
    """An environment variable that gives a setting's value."""

    variable: str
    #: True: the variable wins over conf.py; False: it only fills in a value conf.py leaves unset.
    overrides: bool


def default_browser(environ: Mapping[str, str]) -> str | None:
    """Debian's chromium-headless-shell (Chromium without its user interface: it starts and loads
    Mermaid in about half the full browser's time and draws the same pictures), else its chromium;
    on Read the Docs (READTHEDOCS set), where Ubuntu's chromium is a snap stub, None: the renderer
    then uses the headless shell that ``browser.mjs`` downloaded."""
    if environ.get("READTHEDOCS"):
        return None
    return shutil.which("chromium-headless-shell") or shutil.which("chromium") or "/usr/bin/chromium"


def _read_the_docs_downloads(environ: Mapping[str, str]) -> str | None:
    """On Read the Docs, where it serves the version's PDF and ePub: ``/_/downloads/<language>/
    <version>/<format>/`` at the root of the book's address (its documentation, "Downloadable
    documentation", and its URL patterns). Pull request builds make neither: ``""``, no links.
    Elsewhere None: the files of a local build."""
    if not environ.get("READTHEDOCS"):
        return None
    if environ.get("READTHEDOCS_VERSION_TYPE") == "external":
        return ""
    canonical = environ.get("READTHEDOCS_CANONICAL_URL", "")
    language, version = environ.get("READTHEDOCS_LANGUAGE"), environ.get("READTHEDOCS_VERSION")
    address = urlsplit(canonical)
    if not (address.scheme and address.netloc and language and version):
        return None
    root = address.path if address.path.endswith("/") else address.path + "/"
    root = root.removesuffix(f"{language}/{version}/")
    return f"{address.scheme}://{address.netloc}{root}_/downloads/{language}/{version}/{{format}}/"


#: How each known host shows one file of one commit; another host's address is never guessed.
SOURCE_VIEWS = {"github.com": "{repository}/blob/{commit}/{path}", "gitlab.com": "{repository}/-/blob/{commit}/{path}",
                "bitbucket.org": "{repository}/src/{commit}/{path}"}


def source_url(clone_url: str, commit: str) -> str | None:
    """The address of a file at ``commit`` (``{path}`` left to fill), from the repository's clone
    address in any of git's forms (``https://github.com/o/r.git``, ``git@github.com:o/r.git``,
    ``ssh://git@github.com/o/r``); None for a host not in :data:`SOURCE_VIEWS`."""
    found = re.fullmatch(r"(?:https://|ssh://git@|git@)([^/:]+)[/:]([^/]+/[^/]+?)(?:\.git)?/?", clone_url.strip())
    if found is None or found.group(1) not in SOURCE_VIEWS or not re.fullmatch(r"[0-9a-f]{7,40}", commit):
        return None
    host, name = found.groups()
    return SOURCE_VIEWS[host].format(repository=f"https://{host}/{name}", commit=commit, path="{path}")


def _read_the_docs_sources(environ: Mapping[str, str]) -> str | None:
    """On Read the Docs, the file's address at the commit being built, when the repository's host
    is known; otherwise None: no link to sources."""
    if not environ.get("READTHEDOCS"):
        return None
    return source_url(environ.get("READTHEDOCS_GIT_CLONE_URL", ""), environ.get("READTHEDOCS_GIT_COMMIT_HASH", ""))


def _with_field(name: str, field: str) -> Callable[[object], None]:
    def check(value) -> None:
        if value and f"{{{field}}}" not in value:
            raise ValueError(f"{name}: expected an address with {{{field}}} in it, found {value!r}")

    return check


def _check_vocabulary(value) -> None:
    vocabulary_from_config(value)


def _at_least_one(name: str) -> Callable[[object], None]:
    def check(value) -> None:
        if value < 1:
            raise ValueError(f"{name}: expected a whole number of at least 1, found {value!r}")

    return check


def _check_text_block(value) -> None:
    if len(value) != 2 or not all(isinstance(size, (int, float)) and size > 0 for size in value):
        raise ValueError(f"playbook_print_text_block: expected two positive sizes in pt (width, height), found {value!r}")


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    #: What Sphinx redoes when the value changes: "env" reads every document again, "html" writes
    #: every HTML page again, "" nothing (the value changes no output, or the extension itself
    #: notices what it changes).
    rebuild: str
    types: tuple[type, ...]
    #: What the value must hold, as an error message says it ("expected ...").
    expected: str
    environment: FromEnvironment | None = None
    #: What an unset (None) value becomes, from the environment.
    fallback: Callable[[Mapping[str, str]], object] | None = None
    #: Raises ValueError, saying what is wrong, for a value of the right type that is not usable.
    check: Callable[[object], None] | None = None
    #: A path given relative to the folder of conf.py, made absolute.
    path: bool = False


SETTINGS = (
    # The catalog of posts (playbook.catalog)
    Setting(
        "playbook_topics", {}, "env", (dict,),
        "the topic vocabulary: a mapping of lowercase keys to (display name, one-line description) pairs",
        check=_check_vocabulary,
    ),
    Setting("playbook_feed_base_url", "", "html", (str,), "the address the Atom feed's links start with (html_baseurl when empty)"),
    Setting(
        "playbook_related_per_post", 5, "env", (int,), "how many related posts a post page lists",
        check=_at_least_one("playbook_related_per_post"),
    ),
    Setting(
        "playbook_related_per_topic", 8, "env", (int,), "how many related posts (its own newest) a topic chapter lists",
        check=_at_least_one("playbook_related_per_topic"),
    ),
    Setting(
        "playbook_neighbouring_per_topic", 5, "env", (int,),
        "how many posts of neighbouring topics a topic chapter suggests",
        check=_at_least_one("playbook_neighbouring_per_topic"),
    ),
    # The PDF and the ePub as a book (playbook.book)
    Setting(
        "playbook_web_only_pages", (), "env", (tuple, list),
        "the documents for the book's writers, in the HTML book only (left out of the PDF and the ePub)",
    ),
    # Links from the HTML book's pages (playbook.page_links): the other formats, each page's source.
    Setting(
        "playbook_download_url", None, "html", OPTIONAL_TEXT,
        "the address of the book's PDF and ePub, {format} standing for pdf or epub (None: Read the Docs' "
        "when built there, else the files of a local build, copied beside the pages; empty: no links)",
        fallback=_read_the_docs_downloads, check=_with_field("playbook_download_url", "format"),
    ),
    Setting(
        "playbook_source_url", None, "html", OPTIONAL_TEXT,
        "the address of a source file, {path} standing for its path in the repository (None: on Read the "
        "Docs, the file at the commit built when the repository's host is known, else no links)",
        fallback=_read_the_docs_sources, check=_with_field("playbook_source_url", "path"),
    ),
    # The HTML pages' sidebar (playbook.navigation)
    Setting(
        "playbook_navigation_per_folder", True, "", (bool,),
        "resolve furo's sidebar navigation once per folder, not once per page (the pages are the same)",
    ),
    # Diagrams drawn at build time (playbook.diagrams). Where the renderer is found changes no
    # picture (the cache key holds what does), so those settings rebuild nothing.
    Setting("playbook_mermaid_config", DEFAULT_MERMAID_CONFIG, "env", (dict,), "a mapping passed to mermaid.initialize"),
    Setting(
        "playbook_diagram_png_scale", 2, "env", (int,), "device pixels per CSS pixel of PNG pictures (the ePub's)",
        check=_at_least_one("playbook_diagram_png_scale"),
    ),
    Setting(
        "playbook_print_text_block", (452.97, 700.51), "env", (tuple, list),
        "the PDF's text block in pt, (\\linewidth, \\textheight) of a portrait page: diagrams too large to print "
        "their labels at 8 pt in it get a print layout (the LaTeX run fails if the document's differs)",
        check=_check_text_block,
    ),
    Setting("playbook_node", "node", "", (str,), "the Node.js program that runs the renderer"),
    Setting(
        "playbook_node_modules", None, "", OPTIONAL_TEXT,
        "the folder of the pinned renderer's npm packages (None: the repository's node_modules)",
    ),
    Setting(
        "playbook_browser", None, "", OPTIONAL_TEXT, "the Chromium or Chrome executable the renderer drives",
        environment=FromEnvironment("PLAYBOOK_BROWSER", overrides=False), fallback=default_browser,
    ),
    Setting(
        "playbook_diagram_cache", None, "", OPTIONAL_TEXT,
        "the folder of rendered pictures (None: .diagram-cache beside the doctrees)",
        # the test suite shares one cache among all its tiny books, whatever they configure
        environment=FromEnvironment("PLAYBOOK_DIAGRAM_CACHE", overrides=True),
    ),
    # Code listings (playbook.listings)
    Setting(
        "playbook_listings_dir", "listings", "env", (str,),
        "the folder of tested listings, relative to the folder of conf.py", path=True,
    ),
    Setting(
        "playbook_inline_languages", DEFAULT_INLINE_LANGUAGES, "env", (tuple, list, set, frozenset),
        "the languages a page may type code blocks in",
    ),
)


def completed(name: str, value: object, environ: Mapping[str, str]) -> object:
    """The setting's value as conf.py gives it (``value``), completed from the environment: its
    variable, then its fallback. Tools outside a build (the benchmarks) ask here too."""
    setting = next(setting for setting in SETTINGS if setting.name == name)
    source = setting.environment
    if source is not None and environ.get(source.variable) and (source.overrides or value is None):
        value = environ[source.variable]
    if value is None and setting.fallback is not None:
        value = setting.fallback(environ)
    return value


def settle(app: Sphinx, config: Config, environ: Mapping[str, str] = os.environ) -> None:
    """``config-inited``: complete every setting from the environment, check it, resolve paths."""
    from sphinx.errors import ConfigError

    for setting in SETTINGS:
        value = completed(setting.name, getattr(config, setting.name), environ)
        if not isinstance(value, setting.types):
            types = " or ".join("None" if kind is type(None) else kind.__name__ for kind in setting.types)
            raise ConfigError(f"{setting.name}: expected {setting.expected} ({types}), found {value!r}")
        if setting.check is not None:
            try:
                setting.check(value)
            except ValueError as error:
                raise ConfigError(str(error)) from None
        if setting.path:
            value = str((Path(app.confdir) / value).resolve())
        setattr(config, setting.name, value)


def setting_location(app: Sphinx, name: str, entry: str):
    """Where conf.py sets the dictionary value ``name``'s key ``entry``, as a message's location:
    a node with conf.py as its source (Sphinx takes a string location for a docname)."""
    from docutils import nodes

    location = nodes.Element()
    location.source = str(Path(app.confdir) / "conf.py")
    location.line = setting_line(Path(location.source).read_text(encoding="utf-8"), name, entry)
    return location


def setting_line(source: str, name: str, entry: str) -> int | None:
    """The line of conf.py's ``source`` that sets the dictionary value ``name``'s key ``entry``,
    else the line of the assignment to ``name``, else None."""
    assigned = None
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in statement.targets):
            assigned = statement
    if assigned is None:
        return None
    if isinstance(assigned.value, ast.Dict):
        for key in assigned.value.keys:
            if isinstance(key, ast.Constant) and key.value == entry:
                return key.lineno
    return assigned.lineno


def setup(app: Sphinx) -> dict:
    for setting in SETTINGS:
        app.add_config_value(setting.name, setting.default, setting.rebuild, types=frozenset(setting.types), description=setting.expected)
    app.connect("config-inited", settle)  # before Sphinx's own type check (priority 800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
