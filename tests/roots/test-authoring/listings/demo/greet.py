# ANCHOR: greet
def greet(name: str) -> str:
    return f"Hello, {name}!"
# ANCHOR_END: greet
