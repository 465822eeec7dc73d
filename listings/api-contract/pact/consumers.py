"""Two consumers of the orders API, each with the client code it runs and the contract (a Pact)
that its tests write down: the billing job and the support team's tool."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass

# Pact's native library reports usage to its authors unless told not to; these runs are offline.
os.environ.setdefault("PACT_DO_NOT_TRACK", "true")

from pact import Pact, match  # noqa: E402

PROVIDER = "orders-service"
ORDER_ID = "9007199254740993"
NOT_FOUND = "https://api.example.com/problems/not-found"


@dataclass
class Charge:
    order_id: str
    minor: int
    currency: str


def _get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


# ANCHOR: billing
def billing_charge(base_url: str, order_id: str) -> Charge | None:
    """What the billing job reads: the ID, kept as a string, and the amount. None if no such order."""
    status, body = _get(f"{base_url}/orders/{order_id}")
    if status == 404 and body["type"] == NOT_FOUND:
        return None
    return Charge(body["id"], body["amount"]["minor"], body["amount"]["currency"])


def billing_pact() -> Pact:
    pact = Pact("billing-job", PROVIDER).with_specification("V4")
    (
        pact.upon_receiving("a request for an order")
        .given("order 9007199254740993 exists")
        .with_request("GET", f"/orders/{ORDER_ID}")
        .will_respond_with(200)
        .with_body(
            {
                "id": match.str(ORDER_ID),
                "amount": {"minor": match.int(1999), "currency": match.regex("EUR", regex=r"^[A-Z]{3}$")},
            },
            content_type="application/json",
        )
    )
    (
        pact.upon_receiving("a request for a missing order")
        .given("there is no order 42")
        .with_request("GET", "/orders/42")
        .will_respond_with(404)
        .with_body({"type": NOT_FOUND}, content_type="application/problem+json")
    )
    return pact
# ANCHOR_END: billing


# ANCHOR: support
def support_says_missing(base_url: str, order_id: str) -> bool:
    """The support tool's check, written against what the API said in 2019."""
    status, body = _get(f"{base_url}/orders/{order_id}")
    return status == 404 and body.get("detail") == f"Order {order_id} not found"


def support_pact() -> Pact:
    pact = Pact("support-tool", PROVIDER).with_specification("V4")
    (
        pact.upon_receiving("a request for a missing order")
        .given("there is no order 42")
        .with_request("GET", "/orders/42")
        .will_respond_with(404)
        .with_body({"detail": "Order 42 not found"}, content_type="application/problem+json")
    )
    return pact
# ANCHOR_END: support
