# A page with code typed inline, in allowed and forbidden languages.
extensions = ["myst_parser", "playbook.listings"]
exclude_patterns = ["listings", "snippets"]
