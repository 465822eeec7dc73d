"""Named figures taken from a record's text: built-in parsers, regex named groups, derived figures.

Built-in parsers (``parse = ...`` in records.toml):

- ``go-bench``: ``go test -bench`` lines. ``BenchmarkPipeline/parsers=4-2  20  2554 ns/line``
  gives, for each benchmark and unit, ``pipeline_parsers_4_ns_line`` (the median over the runs,
  as benchstat reports), ``..._min``, ``..._max`` and ``..._runs``. Names are snake_case; the
  ``Benchmark`` prefix and the ``-GOMAXPROCS`` suffix are dropped; every other character that is not a letter
  or digit becomes ``_``.
- ``key-value``: lines ``name: value`` (what the built-in SQL producer prints).
- ``json``: the text is one JSON object; nested keys are joined with ``_``.
- ``explain``: an EXPLAIN ANALYZE text plan; figures of its top node: ``execution_ms``,
  ``planning_ms``, ``cost`` (the estimated total cost), ``rows`` (actual rows), ``shared_hit``,
  ``shared_read`` and ``buffers`` (hit plus read; PostgreSQL 18 prints buffers without being
  asked), and ``nodes`` (node types, outermost first, joined by ``" > "``).

Values that read as integers or decimals (``1,371`` too) become numbers, ``true`` and ``false`` (any
case) become booleans; anything else stays text.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Callable, Iterable, Mapping

from tools.listings import expressions
from tools.listings.expressions import Reference, Value

_BENCH_LINE = re.compile(r"^(Benchmark\S+?)(?:-\d+)?\s+(\d+)((?:\s+[-+\d.e]+\s+\S+)+)\s*$")
_INTEGER = re.compile(r"^-?\d{1,3}(?:,\d{3})+$|^-?\d+$")
_DECIMAL = re.compile(r"^-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?$")
_KEY_VALUE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*):\s?(.*)$")
_PLAN_NODE = re.compile(r"^\s*(?:->\s*)?([A-Z][A-Za-z ]+?)(?:\s+(?:on|using)\s.*?)?\s+\(cost=")


class FigureError(ValueError):
    """Figures that cannot be taken from a text; the message says which and why."""


def number(text: str) -> Value:
    """``text`` as an int or a float when it reads as one, else the text itself."""
    stripped = text.strip()
    if stripped.lower() in ("true", "false"):
        return stripped.lower() == "true"
    if _INTEGER.match(stripped):
        return int(stripped.replace(",", ""))
    if _DECIMAL.match(stripped):
        return float(stripped)
    return stripped


def snake(name: str) -> str:
    """``PipelineParsers/n=4`` -> ``pipeline_parsers_n_4``."""
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def go_bench(text: str) -> dict[str, Value]:
    samples: dict[str, list[float]] = {}
    for line in text.splitlines():
        match = _BENCH_LINE.match(line)
        if not match:
            continue
        bench = snake(match.group(1).removeprefix("Benchmark"))
        fields = match.group(3).split()
        for value, unit in zip(fields[::2], fields[1::2]):
            samples.setdefault(f"{bench}_{snake(unit)}", []).append(float(value))
    if not samples:
        raise FigureError("parse = \"go-bench\": no benchmark result line (BenchmarkName-N  iterations  value unit ...) in the output")
    figures: dict[str, Value] = {}
    for name, values in samples.items():
        figures[name] = _tidy(statistics.median(values))
        figures[f"{name}_min"] = _tidy(min(values))
        figures[f"{name}_max"] = _tidy(max(values))
        figures[f"{name}_runs"] = len(values)
    return figures


def key_value(text: str) -> dict[str, Value]:
    figures: dict[str, Value] = {}
    for line in text.splitlines():
        match = _KEY_VALUE.match(line)
        if match:
            name = match.group(1).lower()
            if name in figures:
                raise FigureError(f"parse = \"key-value\": {name!r} appears twice; give each value its own name")
            figures[name] = number(match.group(2))
    if not figures:
        raise FigureError("parse = \"key-value\": no 'name: value' line in the output")
    return figures


def json_figures(text: str) -> dict[str, Value]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FigureError(f"parse = \"json\": the output is not JSON ({error})") from None
    if not isinstance(data, dict):
        raise FigureError("parse = \"json\": the output must be one JSON object")
    figures: dict[str, Value] = {}

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}_{snake(str(key))}" if prefix else snake(str(key)), inner)
        elif isinstance(value, (bool, int, float, str)):
            figures[prefix] = value
    walk("", data)
    return figures


def explain(text: str) -> dict[str, Value]:
    lines = text.splitlines()
    top = next((line for line in lines if "(cost=" in line), None)
    if top is None:
        raise FigureError("parse = \"explain\": no plan node (a line with '(cost=') in the output")
    figures: dict[str, Value] = {}
    cost = re.search(r"\(cost=[\d.]+\.\.([\d.]+)", top)
    if cost:
        figures["cost"] = number(cost.group(1))
    rows = re.search(r"actual time=[\d.]+\.\.[\d.]+ rows=([\d.]+)", top)
    if rows:
        figures["rows"] = number(rows.group(1))
    for name, pattern in (("execution_ms", r"^Execution Time: ([\d.]+) ms"), ("planning_ms", r"^Planning Time: ([\d.]+) ms")):
        match = re.search(pattern, text, re.MULTILINE)
        if match:
            figures[name] = number(match.group(1))
    # The top node's Buffers line is the first one after it, indented deeper than the next node.
    buffers = next((line for line in lines[lines.index(top) + 1:] if line.strip().startswith(("Buffers:", "->"))), "")
    hit = re.search(r"shared hit=(\d+)", buffers) if buffers.strip().startswith("Buffers:") else None
    read = re.search(r"shared (?:hit=\d+ )?read=(\d+)", buffers) if buffers.strip().startswith("Buffers:") else None
    figures["shared_hit"] = int(hit.group(1)) if hit else 0
    figures["shared_read"] = int(read.group(1)) if read else 0
    figures["buffers"] = figures["shared_hit"] + figures["shared_read"]
    figures["nodes"] = " > ".join(m.group(1).strip() for m in map(_PLAN_NODE.match, lines) if m)
    return figures


PARSERS: Mapping[str, Callable[[str], dict[str, Value]]] = {
    "go-bench": go_bench, "key-value": key_value, "json": json_figures, "explain": explain,
}


def extract(text: str, parse: str | None, patterns: Iterable[str], strict: bool = True) -> dict[str, Value]:
    """The figures of one record's text: its parser's, then its regexes' named groups (first match).

    ``strict``: a pattern that matches nothing is an error. A measurement's smaller check run may
    leave some figures out (fewer sizes); the claims then fail if they need a figure that is missing."""
    figures = dict(PARSERS[parse](text)) if parse else {}
    for pattern in patterns:
        match = re.search(pattern, text, re.MULTILINE)
        if match is None and not strict:
            continue
        if match is None:
            raise FigureError(f"figures: {pattern!r} matches nothing in the output")
        for name, value in match.groupdict().items():
            if value is not None:
                figures[name] = number(value)
    return figures


class _Missing(FigureError):
    """A derived figure needs a figure the text did not give."""


def derive(
    figures: dict[str, Value], derived: Iterable[tuple[str, str]], other: Callable[[Reference], Value],
    strict: bool = True,
) -> dict[str, Value]:
    """``figures`` plus each derived figure, computed in order (later ones may use earlier ones).
    Not ``strict``: a derived figure whose inputs are missing is left out."""
    result = dict(figures)
    for name, expression in derived:
        def lookup(reference: Reference) -> Value:
            if reference.record is not None:
                return other(reference)
            if reference.figure not in result:
                raise _Missing(f"derive.{name} = {expression!r}: no figure {reference.figure!r} (figures: {', '.join(sorted(result))})")
            return result[reference.figure]
        try:
            result[name] = _tidy(expressions.evaluate(expressions.parse(expression), lookup))
        except _Missing:
            if strict:
                raise
        except FigureError:
            raise
        except (TypeError, ZeroDivisionError, ValueError) as error:
            raise FigureError(f"derive.{name} = {expression!r}: {error}") from None
    return result


def _tidy(value: Value) -> Value:
    """Floats that are whole numbers become ints, and others lose float noise (0.1+0.2)."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return int(value)
        return float(f"{value:.12g}")
    return value
