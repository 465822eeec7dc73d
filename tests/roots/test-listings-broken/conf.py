# A book whose listings fail: one does not compile, one fails its test, one is run by nothing.
extensions = ["myst_parser", "playbook.listings"]
exclude_patterns = ["listings"]
