"""The Python service's one dependency."""


def greet(message: str) -> str:
    return f"hello from web {message}\n"
