"""Errors a person can act on. The CLI prints their message on one line and exits non-zero."""


class WeaktieError(Exception):
    """Base for every expected failure: bad input, unknown names, unreachable services."""


class UnknownProgram(WeaktieError):
    """A command named a program the tenant does not have."""
