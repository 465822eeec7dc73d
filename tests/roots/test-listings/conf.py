# A small book showing one listing of each language the test runner runs.
extensions = ["myst_parser", "playbook.listings"]
exclude_patterns = ["listings"]
