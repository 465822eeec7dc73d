"""The one table of settings (playbook/config.py): each value checked when the configuration is
read, and completed from the environment in one place."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sphinx.errors import ConfigError

from playbook.config import SETTINGS, settle


def defaults(**values) -> SimpleNamespace:
    """A configuration holding every setting's default, and ``values``."""
    return SimpleNamespace(**{**{setting.name: setting.default for setting in SETTINGS}, **values})


def settled(config: SimpleNamespace, environ: dict[str, str], confdir: str = "/book") -> SimpleNamespace:
    settle(SimpleNamespace(confdir=confdir), config, environ)
    return config


def test_the_browser_is_conf_py_s_then_the_environment_s_then_chromium_s_headless_shell(tmp_path, monkeypatch):
    assert settled(defaults(playbook_browser="/opt/chrome"), {"PLAYBOOK_BROWSER": "/env/chrome"}).playbook_browser == "/opt/chrome"
    assert settled(defaults(), {"PLAYBOOK_BROWSER": "/env/chrome"}).playbook_browser == "/env/chrome"
    monkeypatch.setenv("PATH", str(tmp_path))
    for name in ("chromium", "chromium-headless-shell"):
        (tmp_path / name).touch(mode=0o755)
    assert settled(defaults(), {}).playbook_browser == str(tmp_path / "chromium-headless-shell")
    (tmp_path / "chromium-headless-shell").unlink()  # without it, the full browser
    assert settled(defaults(), {}).playbook_browser == str(tmp_path / "chromium")
    # Read the Docs: the renderer uses the browser that browser.mjs downloaded
    assert settled(defaults(), {"READTHEDOCS": "True"}).playbook_browser is None


def test_the_environment_s_diagram_cache_wins_over_conf_py():
    assert settled(defaults(playbook_diagram_cache="/conf/cache"), {"PLAYBOOK_DIAGRAM_CACHE": "/env/cache"}).playbook_diagram_cache == "/env/cache"
    assert settled(defaults(playbook_diagram_cache="/conf/cache"), {}).playbook_diagram_cache == "/conf/cache"
    assert settled(defaults(), {}).playbook_diagram_cache is None


def test_the_listings_folder_is_relative_to_conf_py():
    assert settled(defaults(), {}, confdir="/book").playbook_listings_dir == "/book/listings"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"playbook_node": 20}, "playbook_node: expected the Node.js program that runs the renderer (str), found 20"),
        ({"playbook_browser": ["chromium"]}, "playbook_browser: expected the Chromium or Chrome executable the renderer drives (str or None), found ['chromium']"),
        ({"playbook_related_per_post": 0}, "playbook_related_per_post: expected a whole number of at least 1, found 0"),
        (
            {"playbook_topics": {"go": "Go"}},
            "playbook_topics['go']: expected a (display name, one-line description) pair of non-empty strings, found 'Go'",
        ),
    ],
)
def test_a_wrong_value_stops_the_build_naming_it(values, message):
    with pytest.raises(ConfigError) as error:
        settled(defaults(**values), {})
    assert str(error.value) == message


def test_a_wrong_value_in_conf_py_fails_before_anything_is_read(make_app, rootdir):
    with pytest.raises(ConfigError, match=r"^playbook_diagram_png_scale: expected a whole number of at least 1, found 0$"):
        make_app("html", srcdir=rootdir / "test-diagrams", confoverrides={"playbook_diagram_png_scale": 0})


READ_THE_DOCS = {
    "READTHEDOCS": "True",
    "READTHEDOCS_CANONICAL_URL": "https://backend-engineers-playbook.readthedocs.io/en/latest/",
    "READTHEDOCS_LANGUAGE": "en",
    "READTHEDOCS_VERSION": "latest",
    "READTHEDOCS_VERSION_TYPE": "branch",
    "READTHEDOCS_GIT_CLONE_URL": "https://github.com/example/playbook",
    "READTHEDOCS_GIT_COMMIT_HASH": "0123456789abcdef0123456789abcdef01234567",
}
COMMIT = READ_THE_DOCS["READTHEDOCS_GIT_COMMIT_HASH"]


def test_downloads_are_read_the_docs_own_there_and_a_local_builds_files_elsewhere():
    # Read the Docs serves a version's files at /_/downloads/<language>/<version>/<format>/
    assert settled(defaults(), READ_THE_DOCS).playbook_download_url == (
        "https://backend-engineers-playbook.readthedocs.io/_/downloads/en/latest/{format}/"
    )
    # under a custom domain's own path, and for another language and version
    custom = {**READ_THE_DOCS, "READTHEDOCS_CANONICAL_URL": "https://docs.example.com/book/pt-br/stable/",
              "READTHEDOCS_LANGUAGE": "pt-br", "READTHEDOCS_VERSION": "stable"}
    assert settled(defaults(), custom).playbook_download_url == "https://docs.example.com/book/_/downloads/pt-br/stable/{format}/"
    # pull request builds make no PDF or ePub: no links
    assert settled(defaults(), {**READ_THE_DOCS, "READTHEDOCS_VERSION_TYPE": "external"}).playbook_download_url == ""
    # elsewhere, or without the address: the local build's files
    assert settled(defaults(), {}).playbook_download_url is None
    assert settled(defaults(), {"READTHEDOCS": "True"}).playbook_download_url is None
    # conf.py's value wins
    assert settled(defaults(playbook_download_url="https://x.example/{format}"), READ_THE_DOCS).playbook_download_url == "https://x.example/{format}"


@pytest.mark.parametrize(
    ("clone", "expected"),
    [
        ("https://github.com/example/playbook", f"https://github.com/example/playbook/blob/{COMMIT}/{{path}}"),
        ("https://github.com/example/playbook.git", f"https://github.com/example/playbook/blob/{COMMIT}/{{path}}"),
        ("git@github.com:example/playbook.git", f"https://github.com/example/playbook/blob/{COMMIT}/{{path}}"),
        ("ssh://git@gitlab.com/example/playbook.git", f"https://gitlab.com/example/playbook/-/blob/{COMMIT}/{{path}}"),
        ("https://bitbucket.org/example/playbook", f"https://bitbucket.org/example/playbook/src/{COMMIT}/{{path}}"),
        ("https://git.example.com/example/playbook.git", None),  # an address never guessed
        ("", None),
    ],
)
def test_sources_are_linked_on_read_the_docs_only_where_the_host_is_known(clone, expected):
    assert settled(defaults(), {**READ_THE_DOCS, "READTHEDOCS_GIT_CLONE_URL": clone}).playbook_source_url == expected


def test_sources_are_not_linked_without_read_the_docs_or_its_commit():
    assert settled(defaults(), {}).playbook_source_url is None
    assert settled(defaults(), {**READ_THE_DOCS, "READTHEDOCS_GIT_COMMIT_HASH": ""}).playbook_source_url is None
    without_flag = {key: value for key, value in READ_THE_DOCS.items() if key != "READTHEDOCS"}
    assert settled(defaults(), without_flag).playbook_source_url is None


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"playbook_download_url": "https://x.example/book.pdf"}, "playbook_download_url: expected an address with {format} in it, found 'https://x.example/book.pdf'"),
        ({"playbook_source_url": "https://x.example/repo"}, "playbook_source_url: expected an address with {path} in it, found 'https://x.example/repo'"),
    ],
)
def test_a_link_address_without_its_field_stops_the_build(values, message):
    with pytest.raises(ConfigError) as error:
        settled(defaults(**values), {})
    assert str(error.value) == message
