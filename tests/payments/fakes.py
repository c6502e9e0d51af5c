"""Recorded-looking provider responses and real webhook signatures, for faking providers at the
HTTP boundary with `responses`. Shapes follow the providers' documented API responses."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid

STRIPE_API = "https://api.stripe.com/v1"
PAYPAL_API = "https://api-m.sandbox.paypal.com"
MOMO_API = "https://test-payment.momo.vn"

STRIPE_WEBHOOK_SECRET = "whsec_test_5f1c1b0a0d9e4c7b8e2f"
MOMO_ACCESS_KEY = "F8BBA842ECF85"
MOMO_SECRET_KEY = "K951B6PE1waDMi640xX08PD3vg6EkVlz"
MOMO_PARTNER_CODE = "MOMO"


# --- Stripe ---------------------------------------------------------------------------------

def stripe_intent(*, pi_id="pi_3PqXyZ2eZvKYlo2C1a2b3c4d", amount=259000, currency="vnd", status="requires_payment_method",
                  payment_id="", order_number="CHO-20261121-7K3QX", latest_charge=None, customer=None,
                  payment_method=None, last_payment_error=None):
    return {
        "id": pi_id, "object": "payment_intent", "amount": amount,
        "amount_capturable": amount if status == "requires_capture" else 0,
        "amount_received": amount if status == "succeeded" else 0, "capture_method": "automatic_async",
        "client_secret": f"{pi_id}_secret_Xk9TfF3Pq1", "confirmation_method": "automatic",
        "created": int(time.time()), "currency": currency, "customer": customer, "description": order_number,
        "last_payment_error": last_payment_error, "latest_charge": latest_charge, "livemode": False,
        "metadata": {"payment_id": payment_id, "order_number": order_number}, "payment_method": payment_method,
        "payment_method_types": ["card"], "status": status,
    }


def stripe_refund(*, re_id="re_3PqXyZ2eZvKYlo2C0r1f2n3d", amount=259000, currency="vnd", status="succeeded",
                  pi_id="pi_3PqXyZ2eZvKYlo2C1a2b3c4d"):
    return {"id": re_id, "object": "refund", "amount": amount, "charge": "ch_3PqXyZ2eZvKYlo2C0c1h2a3r",
            "created": int(time.time()), "currency": currency, "metadata": {}, "payment_intent": pi_id,
            "reason": "requested_by_customer", "status": status}


def stripe_event(event_type: str, obj: dict, *, event_id: str | None = None) -> dict:
    return {"id": event_id or f"evt_{uuid.uuid4().hex[:24]}", "object": "event", "api_version": "2024-06-20",
            "created": int(time.time()), "data": {"object": obj}, "livemode": False, "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None}, "type": event_type}


def stripe_signature(payload: str, *, secret: str = STRIPE_WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A Stripe-Signature header computed the way Stripe does (HMAC-SHA256 of "t.payload")."""
    t = int(time.time()) if timestamp is None else timestamp
    sig = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={sig}"


# --- PayPal ---------------------------------------------------------------------------------

def paypal_token():
    return {"scope": "https://uri.paypal.com/services/payments/payment", "access_token": "A21AAFakeAccessToken",
            "token_type": "Bearer", "app_id": "APP-80W284485P519543T", "expires_in": 32400, "nonce": "2026-01-01T00"}


def paypal_order_created(*, order_id="5O190127TN364715T", payment_id="", value="10.10", currency="USD"):
    return {
        "id": order_id, "status": "PAYER_ACTION_REQUIRED",
        "purchase_units": [{"reference_id": payment_id, "custom_id": payment_id,
                            "amount": {"currency_code": currency, "value": value}}],
        "links": [
            {"href": f"{PAYPAL_API}/v2/checkout/orders/{order_id}", "rel": "self", "method": "GET"},
            {"href": f"https://www.sandbox.paypal.com/checkoutnow?token={order_id}", "rel": "payer-action",
             "method": "GET"},
        ],
    }


def paypal_order_captured(*, order_id="5O190127TN364715T", capture_id="3C679366HH908993F", payment_id="",
                          value="10.10", currency="USD", status="COMPLETED"):
    return {
        "id": order_id, "status": "COMPLETED" if status == "COMPLETED" else "APPROVED",
        "purchase_units": [{
            "reference_id": payment_id, "custom_id": payment_id,
            "payments": {"captures": [{
                "id": capture_id, "status": status, "amount": {"currency_code": currency, "value": value},
                "final_capture": True, "custom_id": payment_id,
                "seller_receivable_breakdown": {"gross_amount": {"currency_code": currency, "value": value}},
                "create_time": "2026-01-01T10:00:00Z", "update_time": "2026-01-01T10:00:00Z",
            }]},
        }],
        "payer": {"name": {"given_name": "John", "surname": "Doe"}, "email_address": "buyer@example.com",
                  "payer_id": "QYR5Z8XDVJNXQ"},
        "links": [{"href": f"{PAYPAL_API}/v2/checkout/orders/{order_id}", "rel": "self", "method": "GET"}],
    }


def paypal_refund(*, refund_id="1JU08902781691411", value="10.10", currency="USD", status="COMPLETED"):
    return {"id": refund_id, "status": status, "amount": {"currency_code": currency, "value": value},
            "links": [{"href": f"{PAYPAL_API}/v2/payments/refunds/{refund_id}", "rel": "self", "method": "GET"}]}


def paypal_webhook(event_type: str, resource: dict, *, event_id: str | None = None) -> dict:
    return {"id": event_id or f"WH-{uuid.uuid4().hex[:17].upper()}", "event_version": "1.0",
            "create_time": "2026-01-01T10:00:01.000Z", "resource_type": "capture", "resource_version": "2.0",
            "event_type": event_type, "summary": event_type, "resource": resource}


def paypal_capture_resource(*, capture_id="3C679366HH908993F", order_id="5O190127TN364715T", payment_id="",
                            value="10.10", currency="USD", status="COMPLETED"):
    return {"id": capture_id, "status": status, "amount": {"currency_code": currency, "value": value},
            "custom_id": payment_id, "final_capture": True,
            "supplementary_data": {"related_ids": {"order_id": order_id}}}


PAYPAL_SIGNATURE_HEADERS = {
    "HTTP_PAYPAL_AUTH_ALGO": "SHA256withRSA",
    "HTTP_PAYPAL_CERT_URL": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270",
    "HTTP_PAYPAL_TRANSMISSION_ID": "69cd13f0-d67a-11e5-baa3-778b53f4ae55",
    "HTTP_PAYPAL_TRANSMISSION_SIG": "lmI95Jx3Y9nhR5SJWlHVIWpg4AgFk7n9bCHSRxbrd8A9zrhdu2rMyFrmz+Zjh3s3boXB07VXCXUZy/UFzUlnGJn0wDugt7FlSvdKeIJenLRemUxYCPVoEZzg9VFNqOa48gMkvF+XTpxBeUx/kWy6B5cp7GkT2+pOowfRK7OaynuxUoKW3JcMWw272VKjLTtTAShncla7tGF+55rxyt2KNZIIqxNMJ48RDZheGU5w1npu9dZHnPgTXB9iomeVRoD8O/jhRpnKsGrDschyNdkeh81BJJMH4Ctc6lnCCquoP/GzCzz33MMsNdid7vL/NIWaCsekQpW26FpWPi/tfj8nLA==",
    "HTTP_PAYPAL_TRANSMISSION_TIME": "2026-01-01T10:00:01Z",
}


def wsgi_to_headers(meta: dict) -> dict:
    """PAYPAL_SIGNATURE_HEADERS as plain HTTP headers (for calling the adapter directly)."""
    return {key[5:].replace("_", "-"): value for key, value in meta.items()}


# --- MoMo -----------------------------------------------------------------------------------

def momo_sign(raw: str, secret: str = MOMO_SECRET_KEY) -> str:
    return hmac.new(secret.encode(), raw.encode(), hashlib.sha256).hexdigest()


def momo_create_response(*, order_id: str, request_id: str, amount: int, result_code: int = 0,
                         message: str = "Thành công."):
    body = {"partnerCode": MOMO_PARTNER_CODE, "orderId": order_id, "requestId": request_id, "amount": amount,
            "responseTime": int(time.time() * 1000), "message": message, "resultCode": result_code}
    if result_code == 0:
        body.update({
            "payUrl": f"{MOMO_API}/v2/gateway/pay?t=TU9NT3xSRVExNjk0MTc2MjYzNzA0&s=a1b2c3",
            "deeplink": "momo://app?action=payWithApp&isScanQR=false&serviceType=app&sid=TU9NT3xSRVE",
            "qrCodeUrl": "momo://app?action=payWithApp&isScanQR=true&serviceType=qr&sid=TU9NT3xSRVE",
        })
    return body


def momo_ipn(*, order_id: str, request_id: str, amount: int, result_code: int = 0, trans_id: int = 4088878653,
             message: str = "Thành công.", secret: str = MOMO_SECRET_KEY, order_info: str = "CHO order") -> dict:
    """An IPN body signed the way MoMo documents it."""
    body = {"partnerCode": MOMO_PARTNER_CODE, "orderId": order_id, "requestId": request_id, "amount": amount,
            "orderInfo": order_info, "orderType": "momo_wallet", "transId": trans_id, "resultCode": result_code,
            "message": message, "payType": "qr", "responseTime": 1767236401000, "extraData": ""}
    raw = (f"accessKey={MOMO_ACCESS_KEY}&amount={amount}&extraData=&message={message}&orderId={order_id}"
           f"&orderInfo={order_info}&orderType=momo_wallet&partnerCode={MOMO_PARTNER_CODE}&payType=qr"
           f"&requestId={request_id}&responseTime=1767236401000&resultCode={result_code}&transId={trans_id}")
    body["signature"] = momo_sign(raw, secret)
    return body


def dumps(data: dict) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
