"""`python -m tools.listings [--record [--measure]] [--only SLUG[/RECORD]]... [--docs DIR]... LISTINGS_DIR...`:
run every listing and check (or rewrite) every record.

Run from the repository root. runner.py says what runs for each kind of listing; manifest.py is
the format of records.toml; records.py checks and rewrites records; normalise.py and figures.py
declare what varies and which figures a record gives; services.py starts the servers of a run.
"""
