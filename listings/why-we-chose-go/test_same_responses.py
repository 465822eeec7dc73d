"""The Go and the Python service give the same answers: status, content type and body bytes.

Both run as real servers on 127.0.0.1, the Go one built with CGO_ENABLED=0, the
Python one under uvicorn in this Python (the book's virtualenv). Responses that the
frameworks make themselves (an unknown path, a wrong method) differ in their bodies
on purpose, and are compared by status and Allow header only.
"""

from __future__ import annotations

import http.client
import json
import random
import signal
import sys
from importlib import metadata

import pytest

import services

HERE = services.HERE

# Requests whose whole response the API defines, including every error it sends.
DEFINED = [
    "/healthz",
    "/stations/1",
    "/stations/2",
    "/stations/2000",
    "/stations/007",
    "/stations/0",
    "/stations/2001",
    "/stations/999999999",
    "/stations/1234567890",
    "/stations/seven",
    "/stations/-3",
    "/stations/1.5",
    "/stations/%D9%A3",  # ARABIC-INDIC DIGIT THREE: a digit to Python's str.isdigit(), not to [0-9]
    "/stations/nearby?lat=52.52&lon=13.405",
    "/stations/nearby?lat=52.52&lon=13.405&limit=1",
    "/stations/nearby?lat=52.52&lon=13.405&limit=50",
    "/stations/nearby?lat=-90&lon=180&limit=3",
    "/stations/nearby?lat=52.52&lon=13.405&limit=",
    "/stations/nearby?lat=52.52&lon=13.405&limit=0",
    "/stations/nearby?lat=52.52&lon=13.405&limit=51",
    "/stations/nearby?lat=52.52&lat=0&lon=13.405",
    "/stations/nearby?lat=90.0000001&lon=13.405",
    "/stations/nearby?lat=52.52",
    "/stations/nearby?lon=13.405",
    "/stations/nearby?lat=nan&lon=13.405",
    "/stations/nearby?lat=1_0&lon=13.405",
    "/stations/nearby?lat=%2052.52&lon=13.405",
    "/stations/nearby?lat=52.52;lon=13.405",
]

# Requests the frameworks answer themselves: compared by status and allowed methods.
FRAMEWORK = [
    ("GET", "/no/such/path"),
    ("GET", "/stations/2/bikes"),
    ("GET", "/stations/2/"),
    ("POST", "/stations/2"),
    ("DELETE", "/stations/nearby"),
]


def fetch(port: int, method: str, target: str) -> tuple[int, str | None, str | None, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, target)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type"), response.getheader("Allow"), response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    binary = services.go_build(tmp_path_factory.mktemp("go") / "stationsd")
    go_port, py_port = services.free_port(), services.free_port()
    go = services.start_go(binary, go_port)
    py = services.start_python(sys.executable, py_port, fast=False)
    try:
        services.wait_ready(go, go_port)
        services.wait_ready(py, py_port)
        yield {"go": go_port, "python": py_port}
    finally:
        exits = {"go": services.stop(go), "python": services.stop(py)}
    # Go's main returns after Shutdown. uvicorn shuts down just as gracefully, then raises
    # the captured SIGTERM again with its default action, so the process dies of it.
    assert exits == {"go": 0, "python": -signal.SIGTERM}, f"servers did not stop as expected on SIGTERM: {exits}"


@pytest.mark.parametrize("target", DEFINED)
def test_defined_responses_are_identical(servers, target):
    go = fetch(servers["go"], "GET", target)
    py = fetch(servers["python"], "GET", target)
    assert (go[0], go[1], go[3]) == (py[0], py[1], py[3])
    assert go[1] == "application/json"


def test_every_station_is_the_same(servers):
    for station_id in range(1, 2001, 7):
        go, py = fetch(servers["go"], "GET", f"/stations/{station_id}"), fetch(servers["python"], "GET", f"/stations/{station_id}")
        assert go[0] == py[0] == 200
        assert go[3] == py[3], f"/stations/{station_id}"


def test_nearby_answers_are_the_same_for_random_points(servers):
    """300 points in and around Berlin, with 1 to 7 decimals: the distances are computed
    with each language's own sin, cos and asin, rounded to the metre, then sorted."""
    rng = random.Random(2016)
    for _ in range(300):
        decimals = rng.randint(1, 7)
        lat = f"{rng.uniform(52.3, 52.7):.{decimals}f}"
        lon = f"{rng.uniform(13.0, 13.7):.{decimals}f}"
        target = f"/stations/nearby?lat={lat}&lon={lon}&limit={rng.randint(1, 50)}"
        go, py = fetch(servers["go"], "GET", target), fetch(servers["python"], "GET", target)
        assert go[0] == py[0] == 200, target
        assert go[3] == py[3], target


@pytest.mark.parametrize("method,target", FRAMEWORK)
def test_framework_responses_agree_on_status_and_allow(servers, method, target):
    go = fetch(servers["go"], method, target)
    py = fetch(servers["python"], method, target)
    assert go[0] == py[0]
    # Starlette builds Allow from a set, so its order changes between runs.
    allowed = lambda header: sorted(m.strip() for m in header.split(",")) if header else None
    assert allowed(go[2]) == allowed(py[2])


def test_a_station_answer_carries_utf8_not_escapes(servers):
    status, _, _, body = fetch(servers["go"], "GET", "/stations/2")
    assert status == 200
    assert "Schloßstraße".encode() in body
    assert json.loads(body)["name"] == "Schloßstraße 58"


def test_the_book_python_has_the_pinned_stack():
    """The tests run the Python service in the book's virtualenv; it must hold the
    versions pyservice/requirements.txt pins, or the tests test something else."""
    pins = services.requirement_pins()
    for name in ("starlette", "uvicorn"):
        assert metadata.version(name) == pins[name], (
            f"{name}: pyservice/requirements.txt pins {pins[name]}, the book's virtualenv has {metadata.version(name)}"
        )
