"""Payment notifications to the buyer, queued after commit."""
from django.db import transaction


def payment_notify_after_commit(*, payment_id, kind: str, amount=None) -> None:
    from apps.payments import tasks

    payment_id = str(payment_id)
    amount = str(amount) if amount is not None else None
    transaction.on_commit(lambda: tasks.payments_notify.delay(payment_id=payment_id, kind=kind, amount=amount))
