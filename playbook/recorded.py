"""The ``{recorded}`` role: the prose quotes a figure of a record, so the text cannot drift from the run.

    {recorded}`rate-limiting/bench.keyed_allow_ns_op_max:,.0f`

reads ``listings/rate-limiting/records/bench.json`` (the sidecar the listings runner writes next to
``records/bench.txt``) and prints its figure ``keyed_allow_ns_op_max``. The part after ``:`` is an
optional format: ``,`` groups thousands, ``.N`` fixes N decimals, ``f`` is a decimal and ``%`` a
percentage (0.41 -> 41%), as in Python's format specification (``,.0f``, ``.1f``, ``.0%``, ``,``).
Names starting with ``@`` quote the run instead of a figure: ``@date``, ``@cpu``, ``@cores``,
``@memory_gb``, ``@os``, ``@kernel``, ``@clocksource``, ``@load_start``, ``@load_end`` (the one-minute
load average when the run started and ended), ``@load_min``, ``@load_max`` (the lower and the higher
of the two), ``@seconds`` and a version, ``@go``, ``@python``, ``@postgresql``, ``@redis``, ``@rust``.

A record, figure or format that does not exist is an error naming the page and the line. The page
depends on the sidecar, so re-recording it re-reads exactly the pages that quote it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

logger = logging.getLogger(__name__)

TARGET = re.compile(r"^(?P<slug>[^/\s]+)/(?P<record>[a-z_][a-z0-9_]*)\.(?P<figure>@?[a-z_][a-z0-9_]*)(?::(?P<spec>.*))?$")
SPEC = re.compile(r"^,?(?:\.\d{1,2})?[f%]?$")
RUN_FIELDS = ("date", "cpu", "cores", "memory_gb", "os", "kernel", "clocksource", "load_start", "load_end", "seconds")


class RecordedRole(SphinxRole):
    """``{recorded}`slug/record.figure[:format]```: the figure's value, as text."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text = self.text.strip()
        match = TARGET.match(text)
        if match is None:
            return self._error(
                f"{{recorded}}`{text}`: expected `slug/record.figure` or `slug/record.figure:format`, "
                f"e.g. {{recorded}}`rate-limiting/bench.allow_ns_op:,.0f`"
            )
        slug, record, figure, spec = match.group("slug", "record", "figure", "spec")
        sidecar = Path(self.config.playbook_listings_dir) / slug / "records" / f"{record}.json"
        self.env.note_dependency(str(sidecar))  # re-recording re-reads this page, and only the pages that quote it
        try:
            data = json.loads(sidecar.read_text())
        except FileNotFoundError:
            return self._error(self._missing_record(slug, record, sidecar))
        except (OSError, json.JSONDecodeError) as error:
            return self._error(f"{{recorded}}`{text}`: cannot read {self._shown(sidecar)}: {error}")
        values = _run_values(data) if figure.startswith("@") else data.get("figures", {})
        name = figure.removeprefix("@")
        if name not in values:
            what = "the run of record" if figure.startswith("@") else "record"
            known = ", ".join(("@" if figure.startswith("@") else "") + key for key in sorted(values)) or "none"
            return self._error(
                f"{{recorded}}`{text}`: {what} {slug}/{record} has no {'' if figure.startswith('@') else 'figure '}"
                f"{figure!r} (it has: {known}); re-record it or fix the name"
            )
        try:
            shown = format_value(values[name], spec)
        except ValueError as error:
            return self._error(f"{{recorded}}`{text}`: {error}")
        return [nodes.inline(shown, shown, classes=["playbook-recorded"])], []

    def _missing_record(self, slug: str, record: str, sidecar: Path) -> str:
        folder = sidecar.parent
        if not folder.parent.is_dir():
            return (f"{{recorded}}`{self.text.strip()}`: no listings folder {self._shown(folder.parent)}; "
                    f"expected the slug of a folder under {self._shown(folder.parent.parent)}")
        records = sorted(path.stem for path in folder.glob("*.json")) if folder.is_dir() else []
        return (f"{{recorded}}`{self.text.strip()}`: no record {record!r} in {self._shown(folder)} "
                f"(records there: {', '.join(records) or 'none'}); declare it in records.toml and run "
                f"`make record ONLY={slug}/{record}`")

    def _shown(self, path: Path) -> str:
        root = Path(self.config.playbook_listings_dir).parent
        try:
            return str(path.relative_to(root))
        except ValueError:
            return str(path)

    def _error(self, message: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        logger.error(message, location=self._location(), type="playbook", subtype="recorded")
        return [nodes.inline(self.text, self.text, classes=["playbook-recorded-error"])], []


    def _location(self) -> str:
        """``page:line`` of the role itself: MyST gives a role the first line of its paragraph, so
        the line is found by looking for the role's text from there on."""
        source, line = self.get_source_info()
        try:
            lines = Path(source).read_text().splitlines()
        except (OSError, TypeError):
            return self.get_location()
        start = max((line or 1) - 1, 0)
        found = next((n for n in range(start, len(lines)) if f"`{self.text}`" in lines[n]), None)
        return f"{source}:{found + 1 if found is not None else line}"


def format_value(value: object, spec: str | None) -> str:
    """A figure as the prose shows it; ``spec`` as in Python's format mini-language (a subset)."""
    if not spec:
        return str(value)
    if not SPEC.match(spec):
        raise ValueError(
            f"the format {spec!r} is not one of: ',' (thousands), '.N' (N decimals), 'f' (decimal), "
            f"'%' (percentage), combined as in ',.1f' or '.0%'"
        )
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"the format {spec!r} needs a number, and the figure is {value!r}")
    if "." in spec and not spec.endswith(("f", "%")):
        spec += "f"  # '.1' means one decimal, not Python's one significant digit
    return format(value, spec)


def _run_values(data: dict) -> dict:
    machine = data.get("machine", {})
    values = {key: machine[key] for key in RUN_FIELDS if key in machine}
    if "load_start" in machine and "load_end" in machine:
        values["load_min"] = min(machine["load_start"], machine["load_end"])
        values["load_max"] = max(machine["load_start"], machine["load_end"])
    values.update(machine.get("versions", {}))
    if "recorded" in data:
        values["date"] = data["recorded"][:10]
    if "seconds" in data:
        values["seconds"] = data["seconds"]
    return values


def setup(app: Sphinx) -> dict:
    app.setup_extension("playbook.config")  # playbook_listings_dir (made absolute): where the records live
    app.add_role("recorded", RecordedRole())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
