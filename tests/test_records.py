"""Records (tools/listings: records.toml, records/<name>.txt and .json): a drift fails with a diff
naming the page, --record restores, claims are checked, what varies is normalised; and the
{recorded} role (playbook/recorded.py) that quotes a record's figures in the prose."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from sphinx.util.console import strip_escape_sequences

from tools.listings import expressions, figures, machine, manifest, normalise
from tools.listings.runner import run
from playbook.recorded import format_value


@pytest.fixture
def book(rootdir: Path, tmp_path: Path) -> Path:
    """A copy of the records test book, so that runs may rewrite it."""
    copy = tmp_path / "book"
    shutil.copytree(rootdir / "test-records", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def check(book: Path, **options) -> tuple[int, str]:
    out = io.StringIO()
    status = run(book / "listings", [book], out=out, **options)
    return status, out.getvalue()


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def records_of(book: Path) -> Path:
    return book / "listings" / "greeting" / "records"


def test_the_recorded_book_passes(book):
    status, report = check(book)
    assert status == 0, report
    assert report.splitlines()[-1].endswith("all passed")


def test_a_hand_edited_record_fails_with_a_diff_naming_the_page_and_line(book):
    record = records_of(book) / "greeting.txt"
    record.write_text(record.read_text().replace("Hello, reader", "Hi, reader"))
    status, report = check(book)
    assert status == 1
    lines = report.splitlines()
    assert "        -Hi, reader, and welcome" in lines  # the unified diff, under the record's name
    assert "        +Hello, reader, and welcome" in lines
    page = book / "posts" / "greeting.md"
    summary = [line for line in lines if line.startswith("FAILED record greeting/greeting")]
    assert summary == [
        f"FAILED record greeting/greeting: the fresh output differs from {record}; "
        f"shown in {page} (line {line_of(page, 'records/greeting.txt')}); "
        f"quoted in {page} (line {line_of(page, 'greeting/greeting.words')})"
    ]


def test_record_restores_a_hand_edited_record(book):
    record = records_of(book) / "greeting.txt"
    original = record.read_text()
    record.write_text(original.replace("4 words", "5 words"))
    status, report = check(book, recording=True)
    assert status == 0, report
    assert record.read_text().replace(_took(record.read_text()), "") == original.replace(_took(original), "")
    assert check(book)[0] == 0


def test_recording_again_changes_nothing(book):
    before = {path.name: path.read_bytes() for path in records_of(book).iterdir()}
    status, report = check(book, recording=True)
    assert status == 0, report
    # The duration differs on every run, but it is ignored: the record is left as it was.
    assert {path.name: path.read_bytes() for path in records_of(book).iterdir()} == before
    assert "wrote" not in report


def test_what_varies_is_normalised(book):
    text = (records_of(book) / "greeting.txt").read_text()
    assert "scratch folder: /tmp/…\n" in text  # replaced before storing: the record shows the placeholder
    assert re.search(r"^took \d+\.\d+s$", text, re.MULTILINE)  # kept, and left out of the comparison
    record = manifest.load(book / "listings" / "greeting").record("greeting")
    assert normalise.compared("took 0.5s\n", record.normalise, record.ignore) == "took …\n"


def test_server_addresses_and_passwords_never_reach_a_record(tmp_path):
    listing = tmp_path / "listings" / "urls"
    listing.mkdir(parents=True)
    (listing / "records.toml").write_text(
        'services = ["postgresql", "redis"]\n\n[records.urls]\n'
        'command = ["python", "-c", "import os; print(os.environ[\'DATABASE_URL\']); print(os.environ[\'REDIS_URL\'])"]\n'
    )
    assert run(tmp_path / "listings", [], recording=True, out=io.StringIO()) == 0
    assert (listing / "records" / "urls.txt").read_text() == (
        "postgresql://postgres:***@127.0.0.1:$PGPORT/record_urls_urls\n"
        "redis://default:***@127.0.0.1:$REDIS_PORT/0\n"
    )
    out = io.StringIO()
    assert run(tmp_path / "listings", [], out=out) == 0, out.getvalue()  # other ports and passwords: no drift


def test_a_claim_that_does_not_hold_fails_naming_the_record_and_the_claim(book):
    toml = book / "listings" / "greeting" / "records.toml"
    toml.write_text(toml.read_text().replace('checks = ["speedup > 1.5"]', 'checks = ["speedup > 1000"]'))
    status, report = check(book)
    assert status == 1
    failed = [line for line in report.splitlines() if line.startswith("FAILED record")]
    assert len(failed) == 1
    assert re.match(
        r"FAILED record greeting/timing: claim `speedup > 1000` does not hold on the fresh run "
        r"\(speedup = [\d.]+\); shown in no page; quoted in .*greeting\.md \(lines \d+, \d+\)$", failed[0]
    )
    # The recorded figures are checked too: the book quotes them.
    assert "claim `speedup > 1000` does not hold on the recorded figures" in report


def test_recorded_checks_hold_on_the_recorded_run_only(book):
    toml = book / "listings" / "greeting" / "records.toml"
    original = toml.read_text()
    # The recorded run summed 200,000 numbers, the check run 20,000.
    toml.write_text(original.replace('checks = ["speedup > 1.5"]', 'checks = ["speedup > 1.5", "n == 200000"]'))
    status, report = check(book)
    assert status == 1 and "claim `n == 200000` does not hold on the fresh run (n = 20000)" in report
    toml.write_text(original.replace('checks = ["speedup > 1.5"]', 'checks = ["speedup > 1.5"]\nrecorded_checks = ["n == 200000"]'))
    assert check(book)[0] == 0
    toml.write_text(original.replace('checks = ["speedup > 1.5"]', 'checks = ["speedup > 1.5"]\nrecorded_checks = ["n == 1"]'))
    status, report = check(book)
    assert status == 1 and "claim `n == 1` does not hold on the recorded figures (n = 200000)" in report


def test_measurements_are_rewritten_only_when_asked(book):
    timing, sidecar = records_of(book) / "timing.txt", records_of(book) / "timing.json"
    before = timing.read_text()
    assert check(book, recording=True)[0] == 0
    assert timing.read_text() == before
    status, report = check(book, recording=True, measure=True)
    assert status == 0, report
    assert f"wrote {timing}" in report
    data = json.loads(sidecar.read_text())
    assert data["command"] == ["python", "bench.py", "200000"]
    assert set(data["machine"]) >= {"cpu", "cores", "os", "load_start", "load_end", "versions"}
    assert data["machine"]["versions"]["python"].startswith("3.")
    assert data["figures"]["speedup"] == pytest.approx(data["figures"]["loop_ms"] / data["figures"]["builtin_ms"])


def test_a_hand_edited_measurement_no_longer_matches_its_sidecar(book):
    timing = records_of(book) / "timing.txt"
    data = json.loads(timing.read_text())
    data["loop_ms"] *= 2
    timing.write_text(json.dumps(data) + "\n")
    status, report = check(book)
    assert status == 1
    assert "holds other figures than" in report and "(loop_ms, speedup)" in report


def test_only_one_record_runs_no_tests(book):
    status, report = check(book, only=["greeting/greeting"])
    assert status == 0, report
    steps = [line for line in report.splitlines() if line.startswith(("ok", "FAIL"))]
    assert len(steps) == 1 and "record greeting: python greet.py" in steps[0]


def test_a_record_file_nothing_declares_is_a_problem(book):
    (records_of(book) / "old.txt").write_text("left behind\n")
    status, report = check(book)
    assert status == 1
    assert f"PROBLEM {records_of(book) / 'old.txt'}: not a record declared in" in report


def test_timings_are_written_by_language(book, tmp_path):
    timings = tmp_path / "timings.json"
    status, report = check(book, timings=timings)
    assert status == 0, report
    steps = json.loads(timings.read_text())["steps"]
    assert {step["kind"] for step in steps} == {"python"}
    assert [step["step"] for step in steps] == ["pytest", "record greeting: python greet.py",
                                                 "record timing: python bench.py 20000"]
    assert all(step["seconds"] >= 0 and step["folder"].endswith("greeting") for step in steps)
    assert report.splitlines()[-2].startswith("time by language: python ")


def _took(text: str) -> str:
    return re.search(r"^took .*$", text, re.MULTILINE).group(0)


# -- the manifest ----------------------------------------------------------------------------------

@pytest.mark.parametrize("body, message", [
    ('[records.a]\ncommand = ["true"]\nkind = "exakt"\n', "[records.a]: 'kind' must be one of exact, measurement, found 'exakt'"),
    ('[records.a]\nkind = "exact"\n', "[records.a]: give exactly one producer: 'command' (an argv list) or 'sql' (a SQL file)"),
    ('[records.a]\ncommand = ["true"]\nkind = "measurement"\n', "[records.a]: a measurement needs 'checks'"),
    ('[records.a]\ncommand = ["true"]\nchecks = ["b.x > 1"]\n', "[records.a]: 'b.x > 1' names record 'b', which this file does not declare"),
    ('[records.a]\ncommand = ["true"]\nfigures = ["(\\\\d+)"]\n', "figures: '(\\\\d+)' has no named group"),
    ('[records.a]\ncommand = ["true"]\nnormalise = ["timings"]\n', "normalise: no rule set 'timings'"),
    ('services = ["mysql"]\n', "services: unknown service 'mysql'; expected one of postgresql, redis"),
    ('[records.A]\ncommand = ["true"]\n', "[records.A]: a record name is lower-case letters"),
    ('[records.a]\ncommand = ["true"]\ncheks = []\n', "[records.a]: unknown key(s) cheks"),
])
def test_manifest_errors_name_the_file_the_record_and_the_key(tmp_path, body, message):
    (tmp_path / "records.toml").write_text(body)
    with pytest.raises(manifest.ManifestError) as raised:
        manifest.load(tmp_path)
    assert str(raised.value).startswith(str(tmp_path / "records.toml"))
    assert message in str(raised.value)


# -- claims and figures ----------------------------------------------------------------------------

@pytest.mark.parametrize("expression", [
    "__import__('os').system('true')", "().__class__", "2 ** 1000000", "x[0]", "lambda: 1",
    "open('f')", "a.b.c", "max(x, key=abs)", "[1, 2]",
])
def test_expressions_refuse_everything_but_arithmetic_and_comparisons(expression):
    with pytest.raises(expressions.ExpressionError):
        expressions.parse(expression)


def test_expressions_evaluate_figures_of_this_record_and_of_others():
    figures_here = {"spsc_ns": 30.0, "mpmc_ns": 60.0, "nodes": "Limit > Index Scan"}
    assert expressions.evaluate_text("mpmc_ns / spsc_ns >= 1.5", figures_here) is True
    assert expressions.evaluate_text("1 < spsc_ns < mpmc_ns < 50", figures_here) is False
    assert expressions.evaluate_text("'Sort' not in nodes and round(mpmc_ns / 7) == 9", figures_here) is True
    tree = expressions.parse("buffers > 50 * composite.buffers")
    assert [str(r) for r in expressions.references(tree)] == ["buffers", "composite.buffers"]
    values = {"buffers": 1827, "composite.buffers": 13}
    assert expressions.evaluate(tree, lambda reference: values[str(reference)]) is True


GO_BENCH = """goos: linux
BenchmarkCountStatuses/parsers=4-2     \t      20\t  84710008 ns/op\t   847.1 ns/line
BenchmarkCountStatuses/parsers=4-2     \t      20\t  64106390 ns/op\t   641.1 ns/line
BenchmarkCountStatuses/parsers=4-2     \t      20\t 120103894 ns/op\t  1201 ns/line
BenchmarkKeyed-2   \t 1269709\t       963.3 ns/op\t        92.53 heap-B/client\t       0 B/op\t       0 allocs/op
PASS
"""


def test_go_bench_figures_are_medians_with_the_fastest_and_slowest():
    found = figures.go_bench(GO_BENCH)
    assert found["count_statuses_parsers_4_ns_line"] == 847.1
    assert found["count_statuses_parsers_4_ns_line_min"] == 641.1
    assert found["count_statuses_parsers_4_ns_line_max"] == 1201
    assert found["count_statuses_parsers_4_ns_line_runs"] == 3
    assert found["keyed_heap_b_client"] == 92.53 and found["keyed_allocs_op"] == 0


def test_explain_figures_come_from_the_top_node():
    plan = (Path(__file__).parents[1] / "listings" / "postgresql-performance" / "records" / "recent_orders_seq_scan.txt").read_text()
    found = figures.explain(plan)
    hit, read = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", plan).groups()
    assert found["buffers"] == int(hit) + int(read or 0)
    assert found["nodes"] == "Limit > Gather Merge > Sort > Parallel Seq Scan"
    assert found["execution_ms"] == float(re.search(r"Execution Time: ([\d.]+)", plan).group(1))


# -- the {recorded} role ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, spec, shown", [
    (14314, ",", "14,314"), (0.4145, ".0%", "41%"), (0.0487, ".2", "0.05"), (200050.0, ",.0f", "200,050"),
    (92.53, ".1f", "92.5"), (2048, None, "2048"), ("111 MB", None, "111 MB"),
])
def test_role_formats(value, spec, shown):
    assert format_value(value, spec) == shown


@pytest.mark.parametrize("value, spec", [("111 MB", ".1f"), (3, "x"), (3, "{0}"), (3, ">10")])
def test_role_refuses_other_formats(value, spec):
    with pytest.raises(ValueError):
        format_value(value, spec)


def errors(app) -> list[str]:
    return [line for line in strip_escape_sequences(app.warning.getvalue()).splitlines() if line.strip()]


@pytest.mark.sphinx("html", testroot="records")
def test_the_page_shows_the_record_and_its_figures(app):
    app.build()
    assert errors(app) == []
    html = (app.outdir / "posts" / "greeting.html").read_text()
    sidecar = json.loads((app.srcdir / "listings" / "greeting" / "records" / "timing.json").read_text())
    assert f">{sidecar['figures']['speedup']:.1f}</span> times as fast" in html
    assert f">{sidecar['machine']['cores']}</span> cores" in html
    assert "counted <span class=\"playbook-recorded\">4</span> words" in html
    assert "scratch folder: /tmp/…" in html


@pytest.mark.sphinx("html", testroot="records", srcdir="records-renamed-figure")
def test_a_renamed_figure_fails_the_build_naming_the_page_and_line(app):
    page = app.srcdir / "posts" / "greeting.md"
    page.write_text(page.read_text().replace("timing.speedup:.1f", "timing.ratio:.1f"))
    app.build()
    assert errors(app) == [
        f"{page}:{line_of(page, 'timing.ratio')}: ERROR: {{recorded}}`greeting/timing.ratio:.1f`: record "
        f"greeting/timing has no figure 'ratio' (it has: builtin_ms, loop_ms, n, speedup); re-record it or "
        f"fix the name [playbook.recorded]"
    ]


@pytest.mark.sphinx("html", testroot="records", srcdir="records-missing-record")
def test_a_missing_record_fails_the_build_naming_the_page_and_line(app):
    page = app.srcdir / "posts" / "greeting.md"
    page.write_text(page.read_text().replace("greeting/greeting.words", "greeting/greetings.words"))
    app.build()
    assert errors(app) == [
        f"{page}:{line_of(page, 'greetings.words')}: ERROR: {{recorded}}`greeting/greetings.words`: no record "
        f"'greetings' in listings/greeting/records (records there: greeting, timing); declare it in "
        f"records.toml and run `make record ONLY=greeting/greetings` [playbook.recorded]"
    ]


@pytest.mark.sphinx("html", testroot="records", srcdir="records-rerecorded")
def test_re_recording_re_reads_exactly_the_pages_that_quote_it(app):
    app.build()
    sidecar = app.srcdir / "listings" / "greeting" / "records" / "timing.json"
    data = json.loads(sidecar.read_text())
    data["figures"]["speedup"] = 123.4
    sidecar.write_text(json.dumps(data))
    app.status.seek(0)
    app.status.truncate()
    app.build()
    read = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", strip_escape_sequences(app.status.getvalue()))
    assert read == ["posts/greeting"]
    assert ">123.4</span> times as fast" in (app.outdir / "posts" / "greeting.html").read_text()


def test_a_sidecar_names_the_go_toolchain_the_producer_ran_with(tmp_path):
    # A record whose env sets GOTOOLCHAIN ran another Go than the machine's own: the sidecar says so.
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.26.0\n")
    assert machine.tool_version("go", tmp_path, "local") == machine.tool_version("go")
    assert machine.tool_version("go", tmp_path, "go1.27.0") == "1.27.0"
