"""The provider's side: the consumers' contracts verified against the real orders service (the Go
program in cmd/serve, on PostgreSQL 18). Run from the listing's folder with DATABASE_URL set
to an empty database; prints each consumer's result as Pact's verifier reports it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import consumers  # first: it switches off Pact's usage reports before the library loads

import psycopg
from pact import Verifier

MODULE = Path(__file__).resolve().parent.parent


def write_pacts(folder: Path) -> None:
    """What each consumer's CI does after its tests pass: run them, then publish the pact."""
    for pact, exercise in (
        (consumers.billing_pact(), lambda base: consumers.billing_charge(base, consumers.ORDER_ID) and consumers.billing_charge(base, "42")),
        (consumers.support_pact(), lambda base: consumers.support_says_missing(base, "42")),
    ):
        with pact.serve() as mock:
            exercise(str(mock.url).rstrip("/"))
        pact.write_file(folder)


# ANCHOR: states
def set_state(database: str, state: str, action: str = "setup", **_: object) -> None:
    """Pact's provider states, made real in the service's database."""
    if action != "setup":
        return
    with psycopg.connect(database, autocommit=True) as db:
        if state == "order 9007199254740993 exists":
            db.execute("""INSERT INTO orders (id, customer, amount_minor, currency)
                          VALUES (9007199254740993, 'cus_7', 1999, 'EUR') ON CONFLICT DO NOTHING""")
        elif state == "there is no order 42":
            db.execute("DELETE FROM orders WHERE id = 42")
        else:
            raise ValueError(f"unknown provider state {state!r}")
# ANCHOR_END: states


def main() -> int:
    database = os.environ["DATABASE_URL"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        write_pacts(folder / "pacts")
        binary = folder / "serve"
        subprocess.run(["go", "build", "-o", str(binary), "./cmd/serve"], cwd=MODULE, check=True)
        service = subprocess.Popen([str(binary)], stdout=subprocess.PIPE, text=True)
        try:
            url = service.stdout.readline().strip()
            failed = 0
            # ANCHOR: verify
            for pact_file in sorted((folder / "pacts").glob("*.json")):
                verifier = (
                    Verifier("orders-service", host="127.0.0.1")
                    .add_transport(url=url)
                    .add_source(pact_file)
                    .state_handler(lambda **state: set_state(database, **state))
                    .set_coloured_output(enabled=False)
                )
                print(f"==> {pact_file.stem} <==", flush=True)  # the verifier prints its report itself
                try:
                    verifier.verify()
                except RuntimeError:
                    failed += 1
            # ANCHOR_END: verify
        finally:
            service.terminate()
            service.wait()
    print(f"\n{failed} of 2 consumers' contracts failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
