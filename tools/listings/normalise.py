"""What may vary between two runs of a producer, declared in this one place.

Two kinds of rule, applied in order:

- a *replace* rule rewrites the output before it is stored: the record shows the replacement.
  For what means nothing to a reader and differs on every machine or run (the repository's
  absolute path, a temporary folder, a server's port or password).
- an *ignore* rule leaves its matches out of the comparison only: the record keeps the real text
  (a plan's timings and buffer counts, which the prose may quote), and a fresh run whose only
  differences are there still matches. ``make record`` leaves such a record alone unless something
  outside the ignored parts changed, or measurements are re-recorded (``MEASURE=1``).

``COMMON`` rules apply to every record; a record adds named sets (``normalise = [...]`` in
records.toml, from ``RULE_SETS`` below) and its own ``replace`` and ``ignore`` regexes.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# What an ignored part becomes in the compared text (and so in the diff of a drift).
IGNORED = "…"


@dataclass(frozen=True)
class Rule:
    pattern: str
    replacement: str = IGNORED

    def apply(self, text: str) -> str:
        return re.sub(self.pattern, self.replacement, text, flags=re.MULTILINE)


@dataclass(frozen=True)
class RuleSet:
    """A named set of rules a record can ask for; ``ignore`` rules may drop whole lines (``""``)."""

    description: str
    replace: tuple[Rule, ...] = ()
    ignore: tuple[Rule, ...] = ()


RULE_SETS: Mapping[str, RuleSet] = {
    # EXPLAIN ANALYZE in text form: the plan's shape (nodes, relations, indexes, conditions) is
    # compared; costs, timings, counts and the lines that depend on cache state or on how many
    # parallel workers started are not.
    "explain-analyze": RuleSet(
        "compare a text plan by its shape: nodes, relations, indexes and conditions",
        ignore=(
            Rule(r"^\s*(?:Buffers:|I/O Timings:|Planning:|Planning Time:|Execution Time:|Worker \d+:"
                 r"|Workers Launched:|Sort Method:|Heap Blocks:|Memory Usage:|Storage:|Window:).*(?:\n|\Z)", ""),
            Rule(r"\s*\((?:cost|actual)=?[^)]*\)", ""),
            Rule(r"\d+(?:\.\d+)?", "N"),
            Rule(r"[ \t]+$", ""),
        ),
    ),
    # Durations as Go, Python and most tools print them: 12ms, 1.5s, 340µs, 0.002s, 3m2.5s.
    "durations": RuleSet(
        "ignore durations such as 12ms, 1.5s, 340µs, 2m3.5s",
        ignore=(Rule(r"\b(?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?(?:ns|µs|us|ms|s)\b"),),
    ),
    # Addresses and goroutine numbers in Go panics, race reports and stack traces.
    "pointers": RuleSet(
        "ignore memory addresses (0x...) and goroutine numbers",
        ignore=(Rule(r"\b0x[0-9a-fA-F]+\b"), Rule(r"(?<=goroutine )\d+")),
    ),
}


@dataclass(frozen=True)
class Context:
    """What differs between machines and runs, known to the runner: the rules of COMMON use it."""

    book_root: Path  # the folder that holds the listings folder: paths become relative to it
    secrets: tuple[str, ...] = ()  # service passwords: never stored
    ports: Mapping[str, int] | None = None  # service name -> port, e.g. {"PGPORT": 54321}


def common_rules(context: Context) -> list[Rule]:
    """The replace rules every record gets (the record shows the replacement)."""
    rules = [Rule(re.escape(secret), "***") for secret in context.secrets if secret]
    rules.append(Rule(re.escape(str(context.book_root.resolve()) + os.sep), ""))
    home = os.path.expanduser("~")
    if home not in ("", "/"):
        rules.append(Rule(re.escape(home) + r"(?=/)", "~"))
    rules.append(Rule(re.escape(tempfile.gettempdir().rstrip("/")) + r"/[^/\s]+", tempfile.gettempdir().rstrip("/") + "/…"))
    for name, port in (context.ports or {}).items():
        rules.append(Rule(rf"(?:(?<=127\.0\.0\.1:)|(?<=localhost:)|(?<=port=)|(?<=port )){port}\b", f"${name}"))
    return rules


def stored(text: str, context: Context, sets: Sequence[str], replace: Iterable[tuple[str, str]]) -> str:
    """The output as the record stores it: every replace rule applied."""
    rules = common_rules(context)
    rules += [rule for name in sets for rule in RULE_SETS[name].replace]
    rules += [Rule(pattern, replacement) for pattern, replacement in replace]
    for rule in rules:
        text = rule.apply(text)
    return text


def compared(text: str, sets: Sequence[str], ignore: Iterable[str]) -> str:
    """A stored text as it is compared: every ignore rule applied."""
    rules = [rule for name in sets for rule in RULE_SETS[name].ignore]
    rules += [Rule(pattern) for pattern in ignore]
    for rule in rules:
        text = rule.apply(text)
    return text


def has_ignored_parts(sets: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether a record keeps text that its comparison leaves out (real timings, counts)."""
    return bool(ignore) or any(RULE_SETS[name].ignore for name in sets)
