# tests/conftest.py puts the repository (./playbook) on sys.path.
project = "Archive"
author = "Test"
extensions = ["myst_parser", "sphinx_design", "playbook"]
myst_title_to_header = True  # posts here are front matter only
html_theme = "basic"
playbook_feed_base_url = "https://book.example/"
# The topics of the 15 archive posts as the book tags them (the source topic page names Backend's
# strongest adjacent threads: go, architecture and performance).
playbook_topics = {
    "backend": ("Backend", "Services, their interfaces and their operation."),
    "go": ("Go", "The Go language and runtime in services."),
    "concurrency": ("Concurrency", "Work done at the same time."),
    "architecture": ("Architecture", "How services are divided and connected."),
    "performance": ("Performance", "Measured speed."),
    "api": ("APIs", "HTTP APIs as contracts."),
    "reliability": ("Reliability", "Staying up under failure."),
    "postgresql": ("PostgreSQL", "Queries, plans and tuning."),
    "python": ("Python", "Python services and workers."),
    "data": ("Data", "How data is stored and moved."),
}
