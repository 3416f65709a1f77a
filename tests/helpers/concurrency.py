"""Work started from many threads at the same instant, to make races happen."""

from __future__ import annotations

import threading


def at_once(work, n: int = 12) -> list[BaseException]:
    start, failures = threading.Barrier(n), []

    def run(i: int) -> None:
        start.wait()
        try:
            work(i)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures
