from greet import greeting


def test_greeting_names_the_reader():
    assert greeting("reader") == "Hello, reader, and welcome"
