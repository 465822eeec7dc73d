"""Recorded outputs: run each producer, then compare its output with the record, or rewrite the record.

Checking (``make listings``), for every declared record:

1. the record (``records/<name>.txt``) and its sidecar (``records/<name>.json``) exist, the sidecar
   was written for the command the manifest declares now, and its figures are the ones the record's
   text gives (a hand-edited record or a changed figure pattern fails here);
2. the producer runs (a measurement runs its smaller ``check_command``); an exact record must equal
   the fresh output once both are normalised (normalise.py), or the check fails with a unified diff;
3. every claim (``checks``) holds, both on the fresh run's figures and on the recorded ones, which are
   the figures the book quotes; ``recorded_checks`` hold on the recorded ones.

Recording (``make record``) runs the exact records' producers and rewrites a record only when its
normalised text changed, so that re-recording is a no-op when nothing changed. Measurements are
run and rewritten only when asked (``measure``). A record whose claims do not hold is not written.
"""

from __future__ import annotations

import difflib
import json
import re
import string
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from tools.listings import expressions, figures as figure_parsers, machine, normalise
from tools.listings.expressions import Reference, Value
from tools.listings.manifest import Manifest, Record
from tools.listings.services import SERVICE_VARIABLES, Services, apply

SQL_PRODUCER = Path(__file__).resolve().parent / "sql.py"
PART_MARKER = re.compile(r"^==> (\S+) <==$", re.MULTILINE)
MAX_DIFF_LINES = 120


@dataclass
class Outcome:
    """What happened to one record: its problems (empty when it passed) and what was written."""

    record: Record
    problems: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Run:
    """One run of a producer command, shared by the records that take parts of its output."""

    argv: tuple[str, ...]
    seconds: float
    status: int
    output: str
    errors: str
    machine: dict
    recorded: str


# Called for each producer run: (folder, language, title, seconds, ok).
TimingSink = Callable[[Path, str, str, float, bool], None]


class Recorder:
    """Checks or records the records of the post folders of one run."""

    def __init__(self, services: Services, context: normalise.Context, *, recording: bool, measure: bool,
                 timing: TimingSink, out=sys.stdout, verbose: bool = False, cargo_target_dir: Path | None = None) -> None:
        self.services, self.context = services, context
        self.cargo_target_dir = cargo_target_dir
        self.recording, self.measure = recording, measure
        self.timing, self.out, self.verbose = timing, out, verbose

    # -- one folder ------------------------------------------------------------------------------

    def folder(self, manifest: Manifest, selected: Sequence[Record]) -> list[Outcome]:
        outcomes = {record.name: Outcome(record) for record in selected}
        recorded = {record.name: self._recorded(record) for record in manifest.records}
        fresh_texts: dict[str, str] = {}
        runs: dict[str, Run] = {}

        for key, record_group in self._groups(selected).items():
            run = self._run(manifest, record_group, key)
            for record in record_group:
                runs[record.name] = run
                if run.status != record.exit_code:
                    failed = (f"the producer `{_shown_argv(run.argv)}` exited with status {run.status}, "
                              f"expected {record.exit_code}")
                    outcomes[record.name].problems.append(
                        f"{failed}; its output:\n{_indent(_tail(run.output + run.errors))}" if record is record_group[0]
                        else f"{failed} (its output is shown under {record_group[0].label})"
                    )
                    continue
                text, problem = self._part(record, run.output if record.output != "stderr" else run.errors)
                if problem:
                    outcomes[record.name].problems.append(problem)
                    continue
                fresh_texts[record.name] = text

        if self.recording:
            self._record(manifest, selected, recorded, fresh_texts, runs, outcomes)
        else:
            self._check(manifest, selected, recorded, fresh_texts, outcomes)
        return [outcomes[record.name] for record in selected]

    def _groups(self, selected: Sequence[Record]) -> dict[tuple, list[Record]]:
        """The producer runs needed, each with the records it serves (one run per distinct command)."""
        groups: dict[tuple, list[Record]] = {}
        for record in selected:
            if record.kind == "measurement" and self.recording and not self.measure:
                continue  # measurements are re-run only when asked
            argv = record.producer(checking=not self.recording)
            key = (argv, record.cwd, record.env, record.postgresql_settings, record.output == "both", record.timeout)
            groups.setdefault(key, []).append(record)
        return groups

    # -- running a producer ----------------------------------------------------------------------

    def _run(self, manifest: Manifest, records: list[Record], key: tuple) -> Run:
        argv, cwd, env, settings, merged, timeout = key
        first = records[0]
        command = self._command(argv)
        folder = first.folder / cwd
        label = first.label if len(records) == 1 else f"{first.folder.name}/{'+'.join(r.name for r in records)}"
        load_before = machine.load_average()
        started = time.monotonic()
        recorded = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        with self.services.for_producer(manifest.services, label, settings) as service_env:
            environment = {**service_env, **dict(env)}
            if command[0] == "go":
                environment.setdefault("GOFLAGS", "-mod=readonly")
            if self.cargo_target_dir:  # cargo, and any producer that runs cargo itself
                environment.setdefault("CARGO_TARGET_DIR", str(self.cargo_target_dir))
            expanded = [self._expand(arg, environment) for arg in command]
            try:
                process = subprocess.run(
                    expanded, cwd=folder, env=apply(environment), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT if merged else subprocess.PIPE, text=True, errors="replace",
                    timeout=timeout,
                )
                status, output, errors = process.returncode, process.stdout, process.stderr or ""
            except FileNotFoundError:
                status, output, errors = 127, "", f"{command[0]}: command not found"
            except subprocess.TimeoutExpired as expired:
                status = -1
                output = expired.stdout if isinstance(expired.stdout, str) else (expired.stdout or b"").decode(errors="replace")
                errors = f"stopped after {timeout:.0f} s (the record's timeout)"
        seconds = time.monotonic() - started
        ok = status == first.exit_code
        names = [r.name for r in records]
        title = f"record {', '.join(names) if len(names) <= 3 else f'{names[0]} and {len(names) - 1} more'}: {_shown_argv(argv)}"
        self.timing(first.folder, _language(argv), title, seconds, ok)
        print(f"{'ok  ' if ok else 'FAIL'} {_display(first.folder)}: {title} ({seconds:.1f} s)", file=self.out, flush=True)
        if self.verbose:
            print(_indent(output + errors), file=self.out)
        description = machine.describe(
            load_before, machine.load_average(), _tools(argv, first.folder, cwd), self.services.versions(manifest.services),
            where=folder, go_toolchain=environment.get("GOTOOLCHAIN"),
        )
        return Run(argv, seconds, status, output, errors, description, recorded)

    def _command(self, argv: tuple[str, ...]) -> list[str]:
        if argv[0] == "sql":
            return [sys.executable, str(SQL_PRODUCER), *argv[1:]]
        if argv[0] == "python":
            return [sys.executable, *argv[1:]]
        return list(argv)

    @staticmethod
    def _expand(argument: str, environment: Mapping[str, str | None]) -> str:
        """``$PGPORT`` and ``${DATABASE_URL}``: the runner's service variables, nothing else."""
        known = {name: value for name, value in environment.items() if name in SERVICE_VARIABLES and value is not None}
        return string.Template(argument).safe_substitute(known)

    def _part(self, record: Record, output: str) -> tuple[str, str | None]:
        stored = normalise.stored(output, self.context, record.normalise, record.replace)
        if record.part is None:
            return stored, None
        markers = list(PART_MARKER.finditer(stored))
        for index, marker in enumerate(markers):
            if marker.group(1) == record.part:
                end = markers[index + 1].start() if index + 1 < len(markers) else len(stored)
                return stored[marker.end() + 1:end], None
        found = ", ".join(m.group(1) for m in markers) or "none"
        return "", (f"the producer printed no section '==> {record.part} <==' for part = {record.part!r} "
                    f"(sections it printed: {found})")

    # -- figures ---------------------------------------------------------------------------------

    def _recorded(self, record: Record) -> dict:
        """What is on disk for a record: its text, its sidecar (either may be None)."""
        text = record.text_path.read_text() if record.text_path.is_file() else None
        sidecar = None
        if record.sidecar_path.is_file():
            try:
                sidecar = json.loads(record.sidecar_path.read_text())
            except json.JSONDecodeError as error:
                sidecar = {"invalid": str(error)}
        return {"text": text, "sidecar": sidecar}

    def _figures_of(self, manifest: Manifest, texts: Mapping[str, str], recorded: Mapping[str, dict],
                    outcomes: dict[str, Outcome], strict: bool = True) -> dict[str, dict[str, Value]]:
        """Figures of each text (base figures first, then the derived ones in file order); a
        reference to another record uses its figures from ``texts`` or else its recorded ones."""
        base: dict[str, dict[str, Value]] = {}
        for name, text in texts.items():
            record = manifest.record(name)
            try:
                base[name] = figure_parsers.extract(text, record.parse, record.figures, strict)
            except figure_parsers.FigureError as error:
                if name in outcomes:
                    outcomes[name].problems.append(f"figures of the output: {error}")
        result: dict[str, dict[str, Value]] = {}
        for record in manifest.records:
            if record.name not in base:
                continue

            def other(reference: Reference) -> Value:
                source = result.get(reference.record) or base.get(reference.record) or _sidecar_figures(recorded, reference.record)
                if reference.figure not in source:
                    raise figure_parsers.FigureError(f"record {reference.record!r} has no figure {reference.figure!r}")
                return source[reference.figure]
            try:
                result[record.name] = figure_parsers.derive(base[record.name], record.derive, other, strict)
            except figure_parsers.FigureError as error:
                if record.name in outcomes:
                    outcomes[record.name].problems.append(str(error))
        return result

    def _claims(self, record: Record, own: Mapping[str, Value], others: Callable[[str], Mapping[str, Value]],
                which: str, recorded: bool) -> list[str]:
        """The claims of ``record`` that do not hold on ``own`` figures (and ``others``' for
        record.figure); ``recorded``: the figures of the recorded run, whose own claims apply too."""
        failed = []
        for check in record.checks + (record.recorded_checks if recorded else ()):
            tree = expressions.parse(check)
            shown: dict[str, Value] = {}

            def lookup(reference: Reference) -> Value:
                source = own if reference.record in (None, record.name) else others(reference.record)
                if reference.figure not in source:
                    raise expressions.ExpressionError(
                        f"no figure {str(reference)!r} (figures: {', '.join(sorted(source)) or 'none'})"
                    )
                shown[str(reference)] = source[reference.figure]
                return source[reference.figure]
            try:
                holds = expressions.evaluate(tree, lookup)
            except (expressions.ExpressionError, TypeError, ZeroDivisionError, ValueError) as error:
                failed.append(f"claim `{check}` cannot be evaluated on the {which}: {error}")
                continue
            if not holds:
                values = ", ".join(f"{name} = {value!r}" for name, value in shown.items())
                failed.append(f"claim `{check}` does not hold on the {which} ({values})")
        return failed

    # -- checking --------------------------------------------------------------------------------

    def _check(self, manifest, selected, recorded, fresh_texts, outcomes) -> None:
        fresh_figures = self._figures_of(manifest, fresh_texts, recorded, outcomes, strict=False)
        recorded_texts = {name: entry["text"] for name, entry in recorded.items() if entry["text"] is not None}
        unreadable = {record.name: Outcome(record) for record in selected}
        recorded_figures = self._figures_of(manifest, recorded_texts, recorded, unreadable)
        for record in selected:
            outcome = outcomes[record.name]
            entry = recorded[record.name]
            if entry["text"] is None:
                outcome.problems.insert(0, f"{_display(record.text_path)} does not exist: record it with `{_record_command(record)}`")
                continue
            outcome.problems += [f"{_display(record.text_path)}: {problem}" for problem in unreadable[record.name].problems]
            if entry["sidecar"] is None:
                outcome.problems.insert(0, f"{_display(record.sidecar_path)} does not exist: record it with `{_record_command(record)}`")
            else:
                stale = _stale(record, entry["sidecar"], recorded_figures.get(record.name))
                if stale:
                    outcome.problems.insert(0, f"{stale}: run `{_record_command(record)}` and review the diff")
            if record.name in fresh_texts and record.kind == "exact":
                diff = _drift(record, entry["text"], fresh_texts[record.name])
                if diff:
                    outcome.problems.append(f"the fresh output differs from {_display(record.text_path)}:\n{diff}")
            if record.name in fresh_figures:
                outcome.problems += self._claims(
                    record, fresh_figures[record.name],
                    lambda name: fresh_figures.get(name) or recorded_figures.get(name, {}), "fresh run", recorded=False,
                )
            if record.name in recorded_figures:
                outcome.problems += self._claims(
                    record, recorded_figures[record.name], lambda name: recorded_figures.get(name, {}), "recorded figures",
                    recorded=True,
                )

    # -- recording -------------------------------------------------------------------------------

    def _record(self, manifest, selected, recorded, fresh_texts, runs, outcomes) -> None:
        new_texts: dict[str, str] = {}
        for record in manifest.records:
            entry = recorded[record.name]
            if record.name in fresh_texts and not outcomes[record.name].problems:
                old, fresh = entry["text"], fresh_texts[record.name]
                keep_old = (
                    old is not None and record.kind == "exact" and not _drift(record, old, fresh)
                    and not (self.measure and normalise.has_ignored_parts(record.normalise, record.ignore))
                )
                new_texts[record.name] = old if keep_old else fresh
            elif entry["text"] is not None:
                new_texts[record.name] = entry["text"]
        figures = self._figures_of(manifest, new_texts, recorded, outcomes)

        for record in selected:
            outcome = outcomes[record.name]
            entry = recorded[record.name]
            if outcome.problems:
                continue
            if record.name not in new_texts:
                outcome.problems.append(
                    f"{_display(record.text_path)} does not exist; a measurement is recorded only when asked: "
                    f"`{_record_command(record)}`"
                )
                continue
            if record.kind == "measurement" and record.name not in fresh_texts and entry["sidecar"] is not None \
                    and _command_changed(record, entry["sidecar"]):
                outcome.problems.append(
                    f"{_display(record.sidecar_path)} was recorded with another command than records.toml declares "
                    f"now; re-measure: `{_record_command(record)}`"
                )
                continue
            claims = self._claims(record, figures[record.name], lambda name: figures.get(name, {}), "new recording",
                                  recorded=True)
            if claims:
                outcome.problems += claims + [f"nothing written for {record.label}: the prose's claims must hold on what is recorded"]
                continue
            text_changed = new_texts[record.name] != entry["text"]
            # The run describes the text when it wrote it, or when no earlier run is on record.
            first = not entry["sidecar"] or "recorded" not in entry["sidecar"]
            run = runs.get(record.name) if text_changed or first else None
            sidecar = _sidecar(record, figures[record.name], run, entry["sidecar"])
            record.text_path.parent.mkdir(exist_ok=True)
            if text_changed:
                record.text_path.write_text(new_texts[record.name])
                outcome.written.append(record.text_path)
            if sidecar != entry["sidecar"]:
                record.sidecar_path.write_text(json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n")
                outcome.written.append(record.sidecar_path)


def _sidecar(record: Record, figures: Mapping[str, Value], run: Run | None, old: dict | None) -> dict:
    """The sidecar of a record: the producer, the run's date and machine (kept from ``old`` when the
    text was not produced again), and the figures."""
    sidecar = _declared(record)
    if run is not None:
        sidecar["recorded"] = run.recorded
        sidecar["seconds"] = round(run.seconds, 2)
        sidecar["machine"] = run.machine
    elif old:
        for key in ("recorded", "seconds", "machine"):
            if key in old:
                sidecar[key] = old[key]
    sidecar["figures"] = dict(figures)
    return sidecar


def _stale(record: Record, sidecar: dict, figures: Mapping[str, Value] | None) -> str | None:
    if "invalid" in sidecar:
        return f"{_display(record.sidecar_path)} is not valid JSON ({sidecar['invalid']})"
    if _command_changed(record, sidecar):
        return f"{_display(record.sidecar_path)} was written for another producer than records.toml declares now"
    if figures is not None and sidecar.get("figures") != dict(figures):
        changed = sorted(
            name for name in set(sidecar.get("figures", {})) | set(figures)
            if sidecar.get("figures", {}).get(name) != figures.get(name)
        )
        return (f"{_display(record.sidecar_path)} holds other figures than {_display(record.text_path)} gives "
                f"({', '.join(changed)}): the record was edited by hand, or its figures in records.toml changed")
    return None


def _declared(record: Record) -> dict:
    """What records.toml says about a record's producer, as its sidecar repeats it."""
    declared = {"kind": record.kind, "command": list(record.command), "cwd": record.cwd, "env": dict(record.env),
                "part": record.part}
    if record.postgresql_settings:
        declared["postgresql_settings"] = dict(record.postgresql_settings)
    return declared


def _command_changed(record: Record, sidecar: dict) -> bool:
    declared = _declared(record)
    return any(sidecar.get(key) != value for key, value in declared.items()) or (
        "postgresql_settings" in sidecar and not record.postgresql_settings)


def _sidecar_figures(recorded: Mapping[str, dict], name: str) -> dict:
    sidecar = recorded.get(name, {}).get("sidecar") or {}
    return sidecar.get("figures", {})


def _drift(record: Record, recorded: str, fresh: str) -> str:
    """A unified diff of the normalised texts; empty when they match."""
    old = normalise.compared(recorded, record.normalise, record.ignore)
    new = normalise.compared(fresh, record.normalise, record.ignore)
    if old == new:
        return ""
    suffix = " (normalised)" if normalise.has_ignored_parts(record.normalise, record.ignore) else ""
    lines = list(difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"{_display(record.text_path)}{suffix}", tofile=f"fresh output{suffix}",
    ))
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"... ({len(lines) - MAX_DIFF_LINES} more lines)\n"]
    return _indent("".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines))


def _record_command(record: Record) -> str:
    measure = " MEASURE=1" if record.kind == "measurement" else ""
    return f"make record{measure} ONLY={record.label}"


def _language(argv: Sequence[str]) -> str:
    program = Path(argv[0]).name
    if program == "sql":
        return "sql"
    if program.startswith("python"):
        return "python"
    return {"go": "go", "cargo": "rust", "rustc": "rust", "redis-cli": "redis", "psql": "sql"}.get(program, program)


def _tools(argv: Sequence[str], post_folder: Path, cwd: str) -> list[str]:
    """The toolchains whose versions a record's sidecar states: the producer's own, and Go's
    when it runs inside a Go module."""
    tools = {"sql": ["python"], "python": ["python"], "go": ["go"], "rust": ["rust"]}.get(_language(argv), [])
    folder = (post_folder / cwd).resolve()
    inside = [folder, *(p for p in folder.parents if post_folder.resolve() in (p, *p.parents))]
    if "go" not in tools and any((f / "go.mod").is_file() for f in inside):
        tools.append("go")
    return tools


def _shown_argv(argv: Sequence[str]) -> str:
    return " ".join(arg if re.fullmatch(r"[\w./=:,@%+-]+", arg) else repr(arg) for arg in argv)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.rstrip("\n").splitlines())
