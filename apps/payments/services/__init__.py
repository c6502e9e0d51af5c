"""Payment use cases. Transactions live here; provider calls never happen inside one."""
from .events import event_log_out
from .expiry import orders_unpaid_due, payments_expire_unpaid
from .intents import payment_intent_create, payment_settle, paypal_capture
from .offline import payment_bank_transfer_mark_received, payment_cod_collect, payment_offline_open
from .refunds import order_refund_on_cancel, payment_auto_refund, payment_may_refund, payment_refund
from .saved_methods import payment_customer_get_or_create, saved_method_remove, saved_methods_sync
from .status import order_follow_payment, payment_move
from .webhooks import webhook_apply, webhook_receive

__all__ = [
    "event_log_out", "order_follow_payment", "order_refund_on_cancel", "orders_unpaid_due", "payment_auto_refund",
    "payment_bank_transfer_mark_received", "payment_cod_collect", "payment_customer_get_or_create",
    "payment_intent_create", "payment_may_refund", "payment_move", "payment_offline_open", "payment_refund",
    "payment_settle", "payments_expire_unpaid", "paypal_capture", "saved_method_remove", "saved_methods_sync",
    "webhook_apply", "webhook_receive",
]
