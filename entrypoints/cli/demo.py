"""`weaktie demo`: hands the demo its store and its organisation."""

from __future__ import annotations


def demo(args) -> int:
    from demo.demo import run_demo
    return run_demo(args)
