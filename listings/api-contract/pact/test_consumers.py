"""The consumers' own tests: each client runs against Pact's mock server, which answers as the
contract says and fails the test if the client sends anything the contract does not hold."""

from __future__ import annotations

from pathlib import Path

import consumers


# ANCHOR: consumer-test
def test_billing_reads_an_order_and_a_missing_one(tmp_path: Path) -> None:
    pact = consumers.billing_pact()
    with pact.serve() as mock:
        base = str(mock.url).rstrip("/")
        assert consumers.billing_charge(base, consumers.ORDER_ID) == consumers.Charge(consumers.ORDER_ID, 1999, "EUR")
        assert consumers.billing_charge(base, "42") is None
    pact.write_file(tmp_path)
    assert (tmp_path / "billing-job-orders-service.json").is_file()
# ANCHOR_END: consumer-test


def test_support_tool_recognises_a_missing_order(tmp_path: Path) -> None:
    pact = consumers.support_pact()
    with pact.serve() as mock:
        assert consumers.support_says_missing(str(mock.url).rstrip("/"), "42")
    pact.write_file(tmp_path)
