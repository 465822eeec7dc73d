"""``records.toml``: what a post folder's recorded outputs are and how each is produced and checked.

A post folder (``listings/<slug>/``) may hold a ``records.toml``. Each ``[records.<name>]`` table
declares one record: ``records/<name>.txt`` is the output a page includes, and ``records/<name>.json``
(the sidecar, written by the runner) says which command produced it, when, on what machine, and
the figures taken from it. The keys, all optional except a producer:

===================  ==========================================================================
``command``          the producer: an argv list, run without a shell in ``cwd``; ``python`` is
                     the book's Python; ``$PGPORT``-style names are the runner's variables
``sql``              the built-in producer instead: a SQL file run on a fresh database, every
                     result row printed as ``column: value`` lines (a plan as psql prints it)
``cwd``              the folder the command runs in, relative to the post folder (default ``.``)
``env``              extra environment variables, a table of strings
``postgresql_settings``  server settings for this producer's run, e.g. ``{ fsync = "on" }`` (the
                     shared server runs with durability off); set with ALTER SYSTEM and a
                     reload before the run, reset after it
``output``           ``"stdout"`` (default), ``"stderr"`` or ``"both"`` (one interleaved stream)
``exit_code``        the status the producer must exit with (default 0)
``timeout``          seconds before the producer is stopped (default 600)
``part``             take only the section of the output after the line ``==> <part> <==``
                     (one run of a command can then give several records)
``kind``             ``"exact"`` (default): compared after normalising on every run;
                     ``"measurement"``: never compared, re-recorded only when asked
``check_command``    measurements: the smaller run ``make listings`` does to check the claims
                     (default: ``command``)
``normalise``        named rule sets of the runner (normalise.py), e.g. ``["explain-analyze"]``
``replace``          ``[[regex, replacement], ...]``: applied to the output before it is stored
``ignore``           ``[regex, ...]``: parts left out of the comparison (the record keeps them)
``parse``            a built-in figure parser: ``"go-bench"``, ``"key-value"``, ``"json"``,
                     ``"explain"``
``figures``          ``[regex, ...]``: every named group of each regex is a figure (first match)
``derive``           ``{name = "expression"}``: figures computed from others, in order
``checks``           ``["expression", ...]``: the claims the prose makes; each must be true, on
                     the recorded figures and on every fresh run
``recorded_checks``  claims about the recorded run only (a measurement's check run may be too
                     small to settle them on a shared machine); checked on the recorded figures
===================  ==========================================================================

A top-level ``services = ["postgresql", "redis"]`` says which servers the folder's tests and
producers need; the runner starts them once per run and passes them in the environment.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tools.listings import expressions, normalise

MANIFEST_NAME = "records.toml"
RECORDS_FOLDER = "records"
SERVICES = ("postgresql", "redis")
KINDS = ("exact", "measurement")
OUTPUTS = ("stdout", "stderr", "both")
PARSERS = ("go-bench", "key-value", "json", "explain")
NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
DEFAULT_TIMEOUT = 600

_RECORD_KEYS = {
    "command", "sql", "cwd", "env", "postgresql_settings", "output", "exit_code", "timeout", "part", "kind", "check_command",
    "normalise", "replace", "ignore", "parse", "figures", "derive", "checks", "recorded_checks",
}


class ManifestError(ValueError):
    """A records.toml that cannot be used; the message names the file, the record and the key."""


@dataclass(frozen=True)
class Record:
    """One declared record of a post folder."""

    folder: Path  # the post folder
    name: str
    command: tuple[str, ...]  # as declared; for ``sql`` records: ("sql", FILE)
    cwd: str = "."
    env: tuple[tuple[str, str], ...] = ()
    postgresql_settings: tuple[tuple[str, str], ...] = ()
    output: str = "stdout"
    exit_code: int = 0
    timeout: float = DEFAULT_TIMEOUT
    part: str | None = None
    kind: str = "exact"
    check_command: tuple[str, ...] | None = None
    normalise: tuple[str, ...] = ()
    replace: tuple[tuple[str, str], ...] = ()
    ignore: tuple[str, ...] = ()
    parse: str | None = None
    figures: tuple[str, ...] = ()
    derive: tuple[tuple[str, str], ...] = ()
    checks: tuple[str, ...] = ()
    recorded_checks: tuple[str, ...] = ()

    @property
    def is_sql(self) -> bool:
        return self.command[:1] == ("sql",)

    @property
    def text_path(self) -> Path:
        return self.folder / RECORDS_FOLDER / f"{self.name}.txt"

    @property
    def sidecar_path(self) -> Path:
        return self.folder / RECORDS_FOLDER / f"{self.name}.json"

    @property
    def label(self) -> str:
        """``slug/name``, as ``ONLY=`` and the role name it."""
        return f"{self.folder.name}/{self.name}"

    def producer(self, checking: bool) -> tuple[str, ...]:
        """The argv the runner runs: the check command of a measurement when only checking."""
        if checking and self.kind == "measurement" and self.check_command:
            return self.check_command
        return self.command


@dataclass(frozen=True)
class Manifest:
    path: Path
    services: tuple[str, ...] = ()
    records: tuple[Record, ...] = field(default_factory=tuple)

    def record(self, name: str) -> Record | None:
        return next((r for r in self.records if r.name == name), None)


def load(folder: Path) -> Manifest | None:
    """The folder's manifest, checked; None when the folder has no records.toml."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{path}: not valid TOML: {error}") from None
    unknown = set(data) - {"services", "records"}
    if unknown:
        raise ManifestError(f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))}; expected 'services' and [records.<name>] tables")
    services = _strings(data.get("services", []), path, "services")
    for service in services:
        if service not in SERVICES:
            raise ManifestError(f"{path}: services: unknown service {service!r}; expected one of {', '.join(SERVICES)}")
    tables = data.get("records", {})
    if not isinstance(tables, dict):
        raise ManifestError(f"{path}: 'records' must be tables [records.<name>], found {type(tables).__name__}")
    records = tuple(_record(folder, path, name, table) for name, table in tables.items())
    for record in records:
        if record.postgresql_settings and "postgresql" not in services:
            raise ManifestError(f"{path}: [records.{record.name}]: 'postgresql_settings' needs services = [\"postgresql\"]")
    _check_references(path, records)
    return Manifest(path, tuple(services), records)


def _record(folder: Path, path: Path, name: str, table: object) -> Record:
    where = f"{path}: [records.{name}]"
    if not NAME.match(name):
        raise ManifestError(f"{where}: a record name is lower-case letters, digits and '_', starting with a letter")
    if not isinstance(table, dict):
        raise ManifestError(f"{where}: expected a table of keys, found {type(table).__name__}")
    unknown = set(table) - _RECORD_KEYS
    if unknown:
        raise ManifestError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; expected some of {', '.join(sorted(_RECORD_KEYS))}")

    if ("command" in table) == ("sql" in table):
        raise ManifestError(f"{where}: give exactly one producer: 'command' (an argv list) or 'sql' (a SQL file)")
    if "sql" in table:
        sql = table["sql"]
        if not isinstance(sql, str) or not sql:
            raise ManifestError(f"{where}: 'sql' must be the path of a SQL file, found {sql!r}")
        command: tuple[str, ...] = ("sql", sql)
    else:
        command = _argv(table["command"], where, "command")

    kind = table.get("kind", "exact")
    if kind not in KINDS:
        raise ManifestError(f"{where}: 'kind' must be one of {', '.join(KINDS)}, found {kind!r}")
    check_command = _argv(table["check_command"], where, "check_command") if "check_command" in table else None
    if check_command and kind != "measurement":
        raise ManifestError(f"{where}: 'check_command' is for measurements only (kind = \"measurement\")")
    output = table.get("output", "stdout")
    if output not in OUTPUTS:
        raise ManifestError(f"{where}: 'output' must be one of {', '.join(OUTPUTS)}, found {output!r}")
    parse = table.get("parse")
    if parse is not None and parse not in PARSERS:
        raise ManifestError(f"{where}: 'parse' must be one of {', '.join(PARSERS)}, found {parse!r}")
    exit_code, timeout = table.get("exit_code", 0), table.get("timeout", DEFAULT_TIMEOUT)
    if not isinstance(exit_code, int) or isinstance(exit_code, bool):
        raise ManifestError(f"{where}: 'exit_code' must be an integer, found {exit_code!r}")
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
        raise ManifestError(f"{where}: 'timeout' must be a positive number of seconds, found {timeout!r}")
    part = table.get("part")
    if part is not None and (not isinstance(part, str) or not part.strip()):
        raise ManifestError(f"{where}: 'part' must be a section name, found {part!r}")
    cwd = table.get("cwd", ".")
    if not isinstance(cwd, str) or Path(cwd).is_absolute() or ".." in Path(cwd).parts:
        raise ManifestError(f"{where}: 'cwd' must be a folder inside the post folder, found {cwd!r}")
    if not (folder / cwd).is_dir():
        raise ManifestError(f"{where}: 'cwd' names {folder / cwd}, which is not a folder")

    env = table.get("env", {})
    if not isinstance(env, dict) or not all(isinstance(v, str) for v in env.values()):
        raise ManifestError(f"{where}: 'env' must be a table of strings, e.g. env = {{ TZ = \"UTC\" }}")

    settings = table.get("postgresql_settings", {})
    if not isinstance(settings, dict) or not all(
        re.fullmatch(r"[a-z_][a-z0-9_.]*", k) and isinstance(v, str) for k, v in settings.items()
    ):
        raise ManifestError(f"{where}: 'postgresql_settings' must be a table of setting names and string values, e.g. {{ fsync = \"on\" }}")
    named = _strings(table.get("normalise", []), where, "normalise")
    for rule_set in named:
        if rule_set not in normalise.RULE_SETS:
            raise ManifestError(f"{where}: normalise: no rule set {rule_set!r}; the runner has {', '.join(normalise.RULE_SETS)}")
    replace = table.get("replace", [])
    if not isinstance(replace, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair) for pair in replace
    ):
        raise ManifestError(f"{where}: 'replace' must be a list of [regex, replacement] pairs")
    ignore = _strings(table.get("ignore", []), where, "ignore")
    figures = _strings(table.get("figures", []), where, "figures")
    for pattern in [p for p, _ in replace] + ignore + figures:
        _regex(pattern, where)
    for pattern in figures:
        compiled = re.compile(pattern)
        if not compiled.groupindex:
            raise ManifestError(f"{where}: figures: {pattern!r} has no named group; name each figure, e.g. (?P<rows>\\d+)")
        for group in compiled.groupindex:
            if not NAME.match(group):
                raise ManifestError(f"{where}: figures: group name {group!r} must be lower-case letters, digits and '_'")

    derive = table.get("derive", {})
    if not isinstance(derive, dict) or not all(isinstance(v, str) for v in derive.values()):
        raise ManifestError(f"{where}: 'derive' must be a table of expressions, e.g. derive = {{ ratio = \"a / b\" }}")
    for figure, expression in derive.items():
        if not NAME.match(figure):
            raise ManifestError(f"{where}: derive: figure name {figure!r} must be lower-case letters, digits and '_'")
        _expression(expression, where, f"derive.{figure}")
    checks = _strings(table.get("checks", []), where, "checks")
    recorded_checks = _strings(table.get("recorded_checks", []), where, "recorded_checks")
    for check in checks + recorded_checks:
        _expression(check, where, "checks")
    if kind == "measurement" and not checks + recorded_checks:
        raise ManifestError(
            f"{where}: a measurement needs 'checks': the claims the prose makes about it (a ratio, an order), "
            f"which make listings checks on a fresh run"
        )

    return Record(
        folder=folder, name=name, command=command, cwd=cwd, env=tuple(sorted(env.items())),
        postgresql_settings=tuple(sorted(settings.items())), output=output,
        exit_code=exit_code, timeout=float(timeout), part=part, kind=kind, check_command=check_command,
        normalise=tuple(named), replace=tuple((p, r) for p, r in replace), ignore=tuple(ignore), parse=parse,
        figures=tuple(figures), derive=tuple(derive.items()), checks=tuple(checks),
        recorded_checks=tuple(recorded_checks),
    )


def _check_references(path: Path, records: tuple[Record, ...]) -> None:
    names = {r.name for r in records}
    for record in records:
        for expression in [e for _, e in record.derive] + list(record.checks) + list(record.recorded_checks):
            for reference in expressions.references(expressions.parse(expression)):
                if reference.record is not None and reference.record not in names:
                    raise ManifestError(
                        f"{path}: [records.{record.name}]: {expression!r} names record {reference.record!r}, "
                        f"which this file does not declare (records: {', '.join(sorted(names))})"
                    )


def _expression(expression: str, where: str, key: str) -> ast.Expression:
    try:
        return expressions.parse(expression)
    except expressions.ExpressionError as error:
        raise ManifestError(f"{where}: {key}: {error}") from None


def _regex(pattern: str, where: str) -> None:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ManifestError(f"{where}: {pattern!r} is not a valid regular expression ({error})") from None


def _argv(value: object, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(x, str) and x for x in value):
        raise ManifestError(f"{where}: '{key}' must be a non-empty list of strings (an argv), found {value!r}")
    return tuple(value)


def _strings(value: object, where: object, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ManifestError(f"{where}: '{key}' must be a list of strings, found {value!r}")
    return list(value)
