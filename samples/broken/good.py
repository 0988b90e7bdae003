"""A module that parses fine next to broken ones."""


def greet(name):
    """Build a greeting for a person by name.

    Args:
        name (str): Who to greet.

    Returns:
        str: The greeting.
    """
    return f"Hello, {name}!"
