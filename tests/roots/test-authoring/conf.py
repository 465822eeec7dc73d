# The Authoring page's directives: the schema table, and examples that are built.
extensions = ["myst_parser", "playbook.listings", "playbook.authoring"]
exclude_patterns = ["listings"]
playbook_topics = {"go": ("Go", "The Go language."), "api": ("APIs", "HTTP APIs.")}
