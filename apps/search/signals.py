"""Signals other apps may listen to (analytics turns searches into events).

A search written directly sends post_save as usual. The buffered searches of visitors are written in bulk by
search_logs_flush, which sends no post_save: it sends `search_logs_written` once per batch instead, after the
batch has committed.
"""
from django.dispatch import Signal

# kwargs: logs (list of SearchQueryLog, with their original created_at). Sent by the flush (a Celery beat task).
search_logs_written = Signal()
