"""Helpers shared across the shop: timing and memoisation decorators."""
import functools
import time

# Collected timings: function name -> list of seconds.
TIMINGS = {}


def timed(func):
    """Record how long each call of the decorated function takes.

    Args:
        func (callable): The function to wrap.

    Returns:
        callable: A wrapper that calls func and stores its duration in TIMINGS.
    """
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            TIMINGS.setdefault(func.__name__, []).append(time.perf_counter() - start)
    return wrapper


def chunks(items, size):
    """Split a list into consecutive chunks of at most size elements.

    Args:
        items (list): The elements to split.
        size (int): The largest chunk to yield.

    Yields:
        list: The next chunk.

    Raises:
        ValueError: If size is not positive.

    Example:
        >>> list(chunks([1, 2, 3], 2))
        [[1, 2], [3]]
    """
    if size <= 0:
        raise ValueError("size must be positive")
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _format_money(amount):
    return f"{amount:.2f} EUR"


def format_money(amount):
    # Shown on receipts, always with two decimals and the currency.
    return _format_money(amount)


def money(amount):
    """Format an amount of money for receipts, without the currency.

    .. deprecated:: 1.3
       Use format_money, which adds the currency.
    """
    return f"{amount:.2f}"
