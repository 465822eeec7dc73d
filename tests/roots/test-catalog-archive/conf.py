# tests/conftest.py puts the repository (./playbook) on sys.path.
project = "Archive"
author = "Test"
extensions = ["myst_parser", "sphinx_design", "playbook"]
myst_title_to_header = True  # posts here are front matter only
html_theme = "basic"
playbook_feed_base_url = "https://book.example/"
playbook_topics = {
    "backend": ("Backend", "Services, their interfaces and their operation."),
    "go": ("Go", "The Go language and runtime in services."),
    "postgresql": ("PostgreSQL", "Queries, plans and tuning."),
    "api": ("APIs", "HTTP APIs as contracts."),
    "performance": ("Performance", "Measured speed."),
    "reliability": ("Reliability", "Staying up under failure."),
    "async": ("Async processing", "Queues and background jobs."),
}
