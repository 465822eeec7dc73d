"""The stations service in Python: Starlette, served by uvicorn.

It answers exactly what the Go service (api/api.go) answers, from the same data
set (stations/stations.json), and test_same_responses.py checks that byte for byte.

    uvicorn --app-dir pyservice stations_app:app
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

DATA = Path(__file__).resolve().parent.parent / "stations" / "stations.json"

MSG_BAD_ID = "station id must be a whole number"
MSG_NO_STATION = "no such station"
MSG_BAD_LAT = "lat must be a number of degrees from -90 to 90"
MSG_BAD_LON = "lon must be a number of degrees from -180 to 180"
MSG_BAD_LIMIT = "limit must be a whole number from 1 to 50"

# [0-9], not \d: in Python \d also matches other scripts' digits, such as "٣".
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
DEGREES = re.compile(r"-?[0-9]{1,3}(\.[0-9]{1,7})?")
DEFAULT_LIMIT, MAX_LIMIT = 5, 50

EARTH_RADIUS_M = 6_371_008.8
TO_RADIANS = math.pi / 180

STATIONS: list[dict] = json.loads(DATA.read_text(encoding="utf-8"))
BY_ID = {station["id"]: station for station in STATIONS}


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), every operation in the order Go's DistanceMetres uses."""
    phi1, phi2 = lat1 * TO_RADIANS, lat2 * TO_RADIANS
    d_phi, d_lambda = (lat2 - lat1) * TO_RADIANS, (lon2 - lon1) * TO_RADIANS
    sin_phi, sin_lambda = math.sin(d_phi / 2), math.sin(d_lambda / 2)
    a = sin_phi * sin_phi + math.cos(phi1) * math.cos(phi2) * sin_lambda * sin_lambda
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


# ANCHOR: nearest
def nearest(lat: float, lon: float, limit: int) -> list[dict]:
    found = [
        {
            "id": s["id"],
            "name": s["name"],
            "distance_m": int(math.floor(distance_metres(lat, lon, s["lat"], s["lon"]) + 0.5)),
            "bikes": s["bikes"],
        }
        for s in STATIONS
    ]
    found.sort(key=lambda n: (n["distance_m"], n["id"]))
    return found[:limit]


# ANCHOR_END: nearest


def first(request: Request, name: str) -> str | None:
    """The parameter as Go's url.Values.Get reads it: the first value, and empty is absent.
    Starlette's query_params[name] would give the last value, and "" for "limit=". """
    values = request.query_params.getlist(name)
    return values[0] if values and values[0] else None


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def parse_degrees(raw: str | None, bound: float) -> float | None:
    if raw is None or not DEGREES.fullmatch(raw):
        return None
    value = float(raw)
    return value if -bound <= value <= bound else None


def parse_limit(raw: str | None) -> int | None:
    if raw is None:
        return DEFAULT_LIMIT
    if not WHOLE_NUMBER.fullmatch(raw):
        return None
    limit = int(raw)
    return limit if 1 <= limit <= MAX_LIMIT else None


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def nearby(request: Request) -> JSONResponse:
    lat = parse_degrees(first(request, "lat"), 90)
    if lat is None:
        return error(400, MSG_BAD_LAT)
    lon = parse_degrees(first(request, "lon"), 180)
    if lon is None:
        return error(400, MSG_BAD_LON)
    limit = parse_limit(first(request, "limit"))
    if limit is None:
        return error(400, MSG_BAD_LIMIT)
    return JSONResponse({"stations": nearest(lat, lon, limit)})


async def station(request: Request) -> JSONResponse:
    raw = request.path_params["id"]
    if not WHOLE_NUMBER.fullmatch(raw):
        return error(400, MSG_BAD_ID)
    found = BY_ID.get(int(raw))
    if found is None:
        return error(404, MSG_NO_STATION)
    return JSONResponse(found)


# ANCHOR: routes
app = Starlette(
    routes=[
        Route("/healthz", healthz, methods=["GET"]),
        # First match wins in Starlette: /stations/nearby must come before {id}.
        Route("/stations/nearby", nearby, methods=["GET"]),
        Route("/stations/{id}", station, methods=["GET"]),
    ]
)
# Starlette answers /stations/2/ with a 307 to /stations/2; Go's ServeMux with 404.
app.router.redirect_slashes = False
# ANCHOR_END: routes
