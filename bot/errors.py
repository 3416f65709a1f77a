"""Errors a person can act on. The CLI prints their message on one line and exits non-zero."""


class WeaktieError(Exception):
    """Base for every expected failure: bad input, unknown names, unreachable services."""


class UnknownProgram(WeaktieError):
    """A command named a program the tenant does not have."""


class BadInput(WeaktieError):
    """What a platform, a file or a person sent has the wrong shape: the one error a converter
    raises besides returning a value. Its message is a short reason, safe to show and to log
    (it never quotes the input)."""
