"""The outbox: events a web process records are held for a moment and pushed to the Redis buffer in one go by
a background thread, so a product page never waits on the push."""
import threading
import time

from apps.analytics import services
from apps.analytics.outbox import Outbox
from tests.analytics.test_events import redis_buffer  # noqa: F401 - the (fake) Redis buffer fixture
from tests.factories.catalog import ProductFactory


def _eventually(predicate, seconds=3.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def test_product_views_are_held_by_the_process_then_pushed_together(redis_buffer, client, settings):  # noqa: F811
    settings.ANALYTICS_OUTBOX_SECONDS = 60  # long enough that only the explicit flush below sends
    products = [ProductFactory() for _ in range(3)]
    for p in products:
        assert client.get(f"/p/{p.slug}/").status_code == 200
    assert services.events_buffered() == 0  # the requests did not push

    services.events._outbox().flush()
    assert services.events_buffered() == 3
    assert services.events_flush() == 3


def test_the_outbox_thread_sends_what_many_threads_recorded_once_each():
    batches = []
    outbox = Outbox(batches.append, seconds=0.2)
    threads = [threading.Thread(target=outbox.add, args=([f"{t}-{i}" for i in range(5)],)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert _eventually(lambda: sum(len(b) for b in batches) == 20)
    assert sorted(i for b in batches for i in b) == sorted(f"{t}-{i}" for t in range(4) for i in range(5))
    assert len(batches) < 20  # sent in batches, not one push per event


def test_a_full_outbox_sends_before_its_interval():
    batches = []
    outbox = Outbox(batches.append, seconds=60, max_items=3)
    outbox.add(["a", "b"])
    time.sleep(0.1)
    assert batches == []
    outbox.add(["c"])
    assert _eventually(lambda: batches == [["a", "b", "c"]])


def test_a_failing_send_keeps_the_outbox_working():
    batches, calls = [], []

    def send(items):
        calls.append(items)
        if len(calls) == 1:
            raise ConnectionError("redis down")
        batches.append(items)

    outbox = Outbox(send, seconds=60)
    outbox.add(["lost"])
    outbox.flush()
    outbox.add(["kept"])
    outbox.flush()
    assert batches == [["kept"]]
