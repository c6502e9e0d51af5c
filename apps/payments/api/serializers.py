from rest_framework import serializers

from apps.payments.models import Payment, PaymentStatus, Provider, Refund, RefundStatus, SavedPaymentMethod


def described_string(description: str):
    """A string documented by its values in words, not as an enum component: a choice set used by
    several components under a common name ("status", "provider") would collide in the schema; the
    enum is documented once, on PaymentOutput."""
    return serializers.CharField(help_text=description)


PROVIDERS_TEXT = "One of cod, bank_transfer, stripe, paypal, momo."
STATUSES_TEXT = "One of pending, authorized, completed, failed, refunded, partially_refunded."


class IntentInputSerializer(serializers.Serializer):
    provider = serializers.ChoiceField(choices=[Provider.STRIPE, Provider.PAYPAL, Provider.MOMO])
    save_payment_method = serializers.BooleanField(required=False, default=False,
                                                   help_text="Stripe: keep the card for next time.")
    saved_method_id = serializers.UUIDField(required=False, allow_null=True,
                                            help_text="Stripe: pay with one of the buyer's saved cards.")


class IntentOutputSerializer(serializers.Serializer):
    payment_id = serializers.UUIDField()
    provider = described_string(PROVIDERS_TEXT)
    status = described_string(STATUSES_TEXT)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.CharField()
    client_secret = serializers.CharField(required=False, help_text="Stripe: confirm it with Stripe.js / the SDK.")
    approval_url = serializers.URLField(required=False, help_text="PayPal: send the buyer here to approve.")
    pay_url = serializers.URLField(required=False, help_text="MoMo: open this page (or the app) to pay.")
    failure_message = serializers.CharField(required=False)


class PaypalCaptureInputSerializer(serializers.Serializer):
    paypal_order_id = serializers.CharField(max_length=64)


class RefundInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True,
                                      min_value=0, help_text="Leave out to refund everything not refunded yet.")
    reason = serializers.CharField(max_length=500)


class RefundOutputSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=RefundStatus.choices)

    class Meta:
        model = Refund
        fields = ["id", "payment", "amount", "currency", "status", "reason", "created_at"]


class PaymentOrderSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    order_number = serializers.CharField()
    status = serializers.CharField()
    payment_status = serializers.CharField()


class PaymentOutputSerializer(serializers.ModelSerializer):
    order = PaymentOrderSerializer()
    status = serializers.ChoiceField(choices=PaymentStatus.choices)
    provider = described_string(PROVIDERS_TEXT)
    refunds = RefundOutputSerializer(many=True)

    class Meta:
        model = Payment
        fields = ["id", "order", "provider", "amount", "currency", "status", "refunded_amount", "failure_message",
                  "paid_at", "created_at", "refunds"]


class WebhookAckSerializer(serializers.Serializer):
    received = serializers.BooleanField()
    applied = serializers.BooleanField()


class MethodsOutputSerializer(serializers.Serializer):
    methods = serializers.ListField(child=serializers.CharField(), help_text=PROVIDERS_TEXT)
    stripe_publishable_key = serializers.CharField(allow_blank=True)
    paypal_client_id = serializers.CharField(allow_blank=True)


class SavedMethodOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = SavedPaymentMethod
        fields = ["id", "brand", "last4", "exp_month", "exp_year", "created_at"]


class MarkReceivedInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
