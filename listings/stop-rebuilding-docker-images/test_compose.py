"""compose.yaml validated against the Compose Specification's JSON schema, as shipped in
compose-go (github.com/compose-spec/compose-go/v2, the library Docker Compose loads files with),
fetched at a pinned version through the Go module proxy."""

from __future__ import annotations

import copy
import json
import os
import subprocess
from functools import cache
from pathlib import Path

import jsonschema
import pytest
import yaml

HERE = Path(__file__).resolve().parent
COMPOSE_GO = "github.com/compose-spec/compose-go/v2@v2.16.2"


@cache
def schema() -> dict:
    env = dict(os.environ, GOFLAGS="-mod=mod")
    out = subprocess.run(["go", "mod", "download", "-json", COMPOSE_GO], capture_output=True, text=True,
                         check=True, cwd="/", env=env)
    module_dir = Path(json.loads(out.stdout)["Dir"])
    return json.loads((module_dir / "schema" / "compose-spec.json").read_text())


def errors(document: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def compose() -> dict:
    return yaml.safe_load((HERE / "compose.yaml").read_text())


def test_compose_file_is_valid_against_the_spec_schema():
    assert errors(compose()) == []


def test_no_version_key_and_watch_only_on_built_services():
    doc = compose()
    assert "version" not in doc
    for name, service in doc["services"].items():
        if "develop" in service:
            assert "build" in service, name


def test_go_caches_are_volumes():
    # The dev stage has no modules in its layers (they were downloaded on a build-time cache
    # mount), so the module cache and the compile cache both need a volume to outlive a restart.
    volumes = compose()["services"]["greeter"]["volumes"]
    targets = {v.split(":")[1]: v.split(":")[0] for v in volumes}
    assert set(targets) == {"/go/pkg/mod", "/root/.cache/go-build"}
    assert all(name in compose()["volumes"] for name in targets.values())


def test_watch_actions_and_paths():
    greeter = compose()["services"]["greeter"]
    actions = {(w["action"], w["path"]) for w in greeter["develop"]["watch"]}
    assert actions == {("sync+restart", "./cmd"), ("rebuild", "go.mod")}
    for _, path in actions:
        assert (HERE / path).exists(), path


def test_schema_rejects_an_unknown_watch_action():
    doc = copy.deepcopy(compose())
    doc["services"]["greeter"]["develop"]["watch"][0]["action"] = "copy"
    assert any("develop/watch/0/action" in e for e in errors(doc))


def test_schema_accepts_but_does_not_need_the_version_key():
    doc = dict(compose(), version="3.8")
    assert errors(doc) == []  # still valid: the key is declared deprecated and ignored


def test_bind_mount_source_exists_and_dependencies_are_outside_it():
    web = compose()["services"]["web"]
    (mount,) = web["volumes"]
    assert mount["type"] == "bind" and (HERE / mount["source"]).is_dir()
    dockerfile = (HERE / mount["source"] / "Dockerfile").read_text()
    assert "--target /deps" in dockerfile and not mount["target"].startswith("/deps")


@pytest.mark.parametrize("action", ["sync", "rebuild", "restart", "sync+restart", "sync+exec"])
def test_schema_action_enum(action):
    assert action in schema()["$defs"]["development"]["properties"]["watch"]["items"]["properties"]["action"]["enum"]
