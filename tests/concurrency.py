"""Real threads for the PostgreSQL race tests."""
import threading

from django.db import connection


def run_in_threads(count, target):
    """Start `count` threads at once (a barrier), each calling target(i); returns results and errors by index.
    Each thread closes its own database connection; a thread still running after two minutes fails the test."""
    barrier = threading.Barrier(count)
    results, errors = {}, {}

    def worker(i):
        try:
            barrier.wait(timeout=30)
            results[i] = target(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted on by the caller
            errors[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung (deadlock?)"
    return results, errors
