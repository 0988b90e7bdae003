"""This module has a syntax error on line 5."""


def broken(:
    return 1
