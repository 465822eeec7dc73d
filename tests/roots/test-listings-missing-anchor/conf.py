# A page whose literalinclude names an anchor that the listing does not have.
extensions = ["myst_parser", "playbook.listings"]
exclude_patterns = ["listings"]
