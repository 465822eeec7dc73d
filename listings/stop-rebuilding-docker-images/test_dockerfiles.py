"""The chapter's Dockerfiles, read by dockerfile-parse (the parser, not a regular expression), and
checked for the properties the text claims: dependency layers before source, cache mounts, an
exec-form command for the service, a production stage without the toolchain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser

HERE = Path(__file__).resolve().parent


def instructions(path: Path) -> list[dict]:
    """The parser's instructions, comments left out (it reports them as COMMENT)."""
    with path.open("rb") as f:
        parser = DockerfileParser(fileobj=f)
        return [i for i in parser.structure if i["instruction"] != "COMMENT"]


def stages(path: Path) -> dict[str, list[dict]]:
    """Instructions by stage name (the index as a string for an unnamed stage)."""
    found: dict[str, list[dict]] = {}
    current = None
    for ins in instructions(path):
        if ins["instruction"] == "FROM":
            words = ins["value"].split()
            current = words[2] if len(words) == 3 and words[1].upper() == "AS" else str(len(found))
            found[current] = []
        elif current is not None:
            found[current].append(ins)
    return found


def index(items: list[dict], instruction: str, needle: str) -> int:
    for i, ins in enumerate(items):
        if ins["instruction"] == instruction and needle in ins["value"]:
            return i
    raise AssertionError(f"no {instruction} with {needle!r}")


def is_exec_form(value: str) -> bool:
    try:
        return isinstance(json.loads(value), list)
    except json.JSONDecodeError:
        return False


def test_go_layered_downloads_modules_before_copying_source():
    parsed = stages(HERE / "Dockerfile")
    assert list(parsed) == ["base", "dev", "build", "prod"]
    base = parsed["base"]
    assert index(base, "COPY", "go.mod") < index(base, "RUN", "go mod download")
    assert not any(i["instruction"] == "COPY" and i["value"].startswith(". ") for i in base)
    # the source arrives only in the stages built on top of the module layer
    assert index(parsed["build"], "COPY", ". .") < index(parsed["build"], "RUN", "go build")


def test_go_layered_uses_cache_mounts_for_modules_and_build_cache():
    parsed = stages(HERE / "Dockerfile")
    build = parsed["build"][index(parsed["build"], "RUN", "go build")]["value"]
    assert "--mount=type=cache,target=/go/pkg/mod" in build
    assert "--mount=type=cache,target=/root/.cache/go-build" in build
    download = parsed["base"][index(parsed["base"], "RUN", "go mod download")]["value"]
    assert "--mount=type=cache,target=/go/pkg/mod" in download


def test_go_production_stage_is_binary_only_and_not_root():
    prod = stages(HERE / "Dockerfile")["prod"]
    froms = [i["value"] for i in instructions(HERE / "Dockerfile") if i["instruction"] == "FROM"]
    assert froms[-1] == "scratch AS prod"  # the last stage is the default target
    assert [i["instruction"] for i in prod] == ["COPY", "USER", "EXPOSE", "ENTRYPOINT"]
    assert prod[0]["value"].startswith("--from=build ")
    assert prod[1]["value"] != "0" and not prod[1]["value"].startswith("root")
    assert is_exec_form(prod[3]["value"])


def test_go_dev_stage_execs_the_service():
    dev = stages(HERE / "Dockerfile")["dev"]
    cmd = json.loads(dev[-1]["value"])
    assert dev[-1]["instruction"] == "CMD" and cmd[:2] == ["sh", "-c"]
    assert "&& exec /tmp/greeter" in cmd[2]  # the shell is replaced: the service becomes PID 1


def test_naive_dockerfiles_copy_everything_first_and_use_shell_form():
    for path, dep_step in ((HERE / "Dockerfile.naive", "go mod download"),
                           (HERE / "pyservice" / "Dockerfile.naive", "pip install")):
        items = stages(path)["0"]
        assert index(items, "COPY", ". .") < index(items, "RUN", dep_step), path
        assert items[-1]["instruction"] == "CMD" and not is_exec_form(items[-1]["value"]), path


def test_python_layered_installs_requirements_before_copying_source():
    items = stages(HERE / "pyservice" / "Dockerfile")["0"]
    pip = index(items, "RUN", "pip install")
    assert index(items, "COPY", "requirements.txt") < pip < index(items, "COPY", "app.py")
    assert "--mount=type=cache,target=/root/.cache/pip" in items[pip]["value"]
    assert "--target /deps" in items[pip]["value"]  # outside /app, where the source is mounted
    assert items[-1]["instruction"] == "CMD" and is_exec_form(items[-1]["value"])


@pytest.mark.parametrize("path", ["Dockerfile", "Dockerfile.naive", "pyservice/Dockerfile", "pyservice/Dockerfile.naive"])
def test_every_dockerfile_parses_to_known_instructions(path):
    known = {"FROM", "WORKDIR", "COPY", "RUN", "ENV", "EXPOSE", "CMD", "ENTRYPOINT", "USER"}
    found = {i["instruction"] for i in instructions(HERE / path)}
    assert found <= known, found - known
