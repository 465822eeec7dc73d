# A small book showing one listing of each language the test runner runs, and their records.
extensions = ["myst_parser", "playbook.listings", "playbook.recorded"]
exclude_patterns = ["listings"]
