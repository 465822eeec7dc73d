# A tiny book whose one listing has an exact record and a measurement, shown and quoted by a page.
extensions = ["myst_parser", "playbook.listings", "playbook.recorded"]
exclude_patterns = ["listings"]
