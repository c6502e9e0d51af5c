"""Adapters against the providers' HTTP, faked with `responses`; signatures computed for real."""
import hashlib
import hmac
import json
import time
from decimal import Decimal

import pytest
import requests
import responses
from responses import matchers

from apps.payments.gateways import (
    GatewayError,
    IntentRequest,
    ProviderUnavailable,
    WebhookInvalid,
    available_methods,
    get_gateway,
)
from apps.payments.gateways.bank_transfer import BankTransferGateway
from apps.payments.gateways.base import EVENT_FAILED, EVENT_REFUNDED, EVENT_SUCCEEDED, with_retries
from apps.payments.gateways.momo import raw_signature, sign
from tests.payments import fakes


def intent_request(**overrides):
    fields = {"payment_id": "9b2f3c1e-1111-4b5a-8c9d-0e1f2a3b4c5d", "order_number": "CHO-20261121-7K3QX",
              "amount": Decimal("259000"), "currency": "VND", "idempotency_key": "idem-123",
              "return_url": "http://testserver/pay/return", "cancel_url": "http://testserver/pay/cancel",
              "notify_url": "http://testserver/api/v1/payments/webhooks/momo"}
    return IntentRequest(**{**fields, **overrides})


# --- registry ---------------------------------------------------------------------------------

def test_providers_without_keys_are_not_offered(settings):
    settings.STRIPE_SECRET_KEY = settings.PAYPAL_CLIENT_ID = settings.MOMO_PARTNER_CODE = ""
    assert available_methods() == ["cod", "bank_transfer"]


def test_providers_with_keys_are_offered(all_keys):
    assert available_methods() == ["cod", "bank_transfer", "stripe", "paypal", "momo"]


def test_retries_back_off_exponentially_then_give_up(settings):
    settings.PAYMENTS_RETRY_BASE_DELAY = 0.5
    settings.PAYMENTS_RETRY_ATTEMPTS = 4
    slept, calls = [], []

    def flaky():
        calls.append(1)
        raise ProviderUnavailable()

    with pytest.raises(ProviderUnavailable):
        with_retries(flaky, what="test", sleep=slept.append)
    assert len(calls) == 4
    assert slept == [0.5, 1.0, 2.0]


def test_a_final_error_is_not_retried():
    calls = []

    def declined():
        calls.append(1)
        raise GatewayError("declined")

    with pytest.raises(GatewayError):
        with_retries(declined, what="test", sleep=lambda s: None)
    assert len(calls) == 1


# --- bank transfer ------------------------------------------------------------------------------

def test_bank_transfer_instructions_with_a_scannable_vietqr(settings):
    settings.BANK_TRANSFER_ACCOUNT = {"bank_bin": "970436", "bank_name": "Vietcombank",
                                      "account_number": "0011004000000", "account_name": "CONG TY CHO"}
    result = BankTransferGateway().create_intent(intent_request())
    assert result.provider_reference == "CHO202611217K3QX"
    assert result.instructions["account_number"] == "0011004000000"
    assert "54062590005802VN" in result.qr_payload
    from apps.payments.domain import vietqr_is_valid
    assert vietqr_is_valid(result.qr_payload)


def test_bank_transfer_qr_image_is_a_png():
    import base64

    from apps.payments.gateways.bank_transfer import qr_png_data_uri
    uri = qr_png_data_uri("000201")
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


# --- Stripe -------------------------------------------------------------------------------------

@responses.activate
def test_stripe_intent_sends_the_amount_in_minor_units_and_the_idempotency_key(stripe_keys):
    responses.post(f"{fakes.STRIPE_API}/payment_intents", json=fakes.stripe_intent(),
                   match=[matchers.header_matcher({"Idempotency-Key": "idem-123"})])
    result = get_gateway("stripe").create_intent(intent_request())
    assert result.provider_reference == "pi_3PqXyZ2eZvKYlo2C1a2b3c4d"
    assert result.client_secret.startswith("pi_3PqXyZ2eZvKYlo2C1a2b3c4d_secret_")
    body = responses.calls[0].request.body
    assert "amount=259000" in body and "currency=vnd" in body
    assert "metadata[payment_id]=9b2f3c1e" in requests.utils.unquote(body)


@responses.activate
def test_stripe_network_errors_are_retried_with_the_same_idempotency_key(stripe_keys):
    responses.post(f"{fakes.STRIPE_API}/payment_intents", body=requests.ConnectionError("reset"))
    responses.post(f"{fakes.STRIPE_API}/payment_intents", json={"error": {"type": "api_error"}}, status=500)
    responses.post(f"{fakes.STRIPE_API}/payment_intents", json=fakes.stripe_intent())
    result = get_gateway("stripe").create_intent(intent_request())
    assert result.provider_reference.startswith("pi_")
    keys = {call.request.headers["Idempotency-Key"] for call in responses.calls}
    assert keys == {"idem-123"} and len(responses.calls) == 3


@responses.activate
def test_stripe_card_decline_is_a_clear_final_error(stripe_keys):
    responses.post(f"{fakes.STRIPE_API}/payment_intents", status=402, json={"error": {
        "type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
        "message": "Your card was declined."}})
    with pytest.raises(GatewayError) as exc:
        get_gateway("stripe").create_intent(intent_request(payment_method_id="pm_card_visa"))
    assert "declined" in str(exc.value.message)
    assert not exc.value.retryable
    assert len(responses.calls) == 1


@responses.activate
def test_stripe_partial_refund(stripe_keys):
    responses.post(f"{fakes.STRIPE_API}/refunds", json=fakes.stripe_refund(amount=100000),
                   match=[matchers.header_matcher({"Idempotency-Key": "refund-1"})])
    result = get_gateway("stripe").refund(provider_reference="pi_1", amount=Decimal("100000"), currency="VND",
                                          reason="damaged", idempotency_key="refund-1")
    assert (result.status, result.amount) == ("completed", Decimal("100000"))
    assert "amount=100000" in responses.calls[0].request.body


def _stripe_body(event_type="payment_intent.succeeded", **intent):
    return fakes.dumps(fakes.stripe_event(event_type, fakes.stripe_intent(status="succeeded", **intent)))


def test_stripe_webhook_with_a_valid_signature_is_accepted(stripe_keys):
    body = _stripe_body(payment_id="p-1")
    event = get_gateway("stripe").parse_webhook(body=body.encode(), headers={"Stripe-Signature":
                                                                             fakes.stripe_signature(body)})
    assert event.kind == EVENT_SUCCEEDED
    assert event.provider_reference == "pi_3PqXyZ2eZvKYlo2C1a2b3c4d"
    assert event.payment_hint == "p-1"
    assert event.amount == Decimal("259000") and event.currency == "VND"


def test_stripe_webhook_signed_with_another_secret_is_refused(stripe_keys):
    body = _stripe_body()
    forged = fakes.stripe_signature(body, secret="whsec_attacker")
    with pytest.raises(WebhookInvalid):
        get_gateway("stripe").parse_webhook(body=body.encode(), headers={"Stripe-Signature": forged})


def test_stripe_webhook_with_a_changed_body_is_refused(stripe_keys):
    body = _stripe_body()
    signature = fakes.stripe_signature(body)
    with pytest.raises(WebhookInvalid):
        get_gateway("stripe").parse_webhook(body=body.replace("259000", "1").encode(),
                                            headers={"Stripe-Signature": signature})


def test_stripe_webhook_with_a_stale_timestamp_is_refused(stripe_keys):
    body = _stripe_body()
    stale = fakes.stripe_signature(body, timestamp=int(time.time()) - 3600)
    with pytest.raises(WebhookInvalid):
        get_gateway("stripe").parse_webhook(body=body.encode(), headers={"Stripe-Signature": stale})


def test_stripe_refund_event_reports_the_cumulative_refunded_amount(stripe_keys):
    charge = {"id": "ch_1", "object": "charge", "amount": 259000, "amount_captured": 259000,
              "amount_refunded": 59000, "currency": "vnd", "payment_intent": "pi_9", "metadata": {}}
    event = get_gateway("stripe").normalise_event(fakes.stripe_event("charge.refunded", charge))
    assert (event.kind, event.provider_reference, event.refunded_total) == (EVENT_REFUNDED, "pi_9", Decimal("59000"))


# --- PayPal -------------------------------------------------------------------------------------

@responses.activate
def test_paypal_order_is_created_in_a_currency_paypal_settles(paypal_keys):
    responses.post(f"{fakes.PAYPAL_API}/v1/oauth2/token", json=fakes.paypal_token())
    responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders", json=fakes.paypal_order_created(),
                   match=[matchers.header_matcher({"PayPal-Request-Id": "idem-123"})])
    result = get_gateway("paypal").create_intent(intent_request())
    assert result.provider_reference == "5O190127TN364715T"
    assert result.approval_url == "https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T"
    sent = json.loads(responses.calls[1].request.body)
    unit = sent["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "USD", "value": "10.10"}  # 259000 VND at 0.000039
    assert unit["custom_id"] == "9b2f3c1e-1111-4b5a-8c9d-0e1f2a3b4c5d"
    assert (result.provider_amount, result.provider_currency) == (Decimal("10.10"), "USD")
    assert sent["payment_source"]["paypal"]["experience_context"]["return_url"] == "http://testserver/pay/return"


@responses.activate
def test_paypal_capture(paypal_keys):
    responses.post(f"{fakes.PAYPAL_API}/v1/oauth2/token", json=fakes.paypal_token())
    responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders/5O190127TN364715T/capture",
                   json=fakes.paypal_order_captured(), status=201)
    result = get_gateway("paypal").capture(provider_reference="5O190127TN364715T", idempotency_key="cap-1")
    assert (result.status, result.provider_reference, result.amount) == ("completed", "3C679366HH908993F",
                                                                         Decimal("10.10"))


@responses.activate
def test_paypal_unavailable_is_retried_then_reported(paypal_keys):
    responses.post(f"{fakes.PAYPAL_API}/v1/oauth2/token", json=fakes.paypal_token())
    responses.post(f"{fakes.PAYPAL_API}/v2/checkout/orders", status=503, json={"name": "SERVICE_UNAVAILABLE"})
    with pytest.raises(ProviderUnavailable):
        get_gateway("paypal").create_intent(intent_request())
    assert len([c for c in responses.calls if c.request.url.endswith("/v2/checkout/orders")]) == 3


@responses.activate
def test_paypal_webhook_verified_by_paypal(paypal_keys):
    responses.post(f"{fakes.PAYPAL_API}/v1/oauth2/token", json=fakes.paypal_token())
    verify = responses.post(f"{fakes.PAYPAL_API}/v1/notifications/verify-webhook-signature",
                            json={"verification_status": "SUCCESS"})
    event = fakes.paypal_webhook("PAYMENT.CAPTURE.COMPLETED", fakes.paypal_capture_resource(payment_id="p-7"))
    parsed = get_gateway("paypal").parse_webhook(body=fakes.dumps(event).encode(),
                                                 headers=fakes.wsgi_to_headers(fakes.PAYPAL_SIGNATURE_HEADERS))
    assert (parsed.kind, parsed.provider_reference, parsed.payment_hint) == (EVENT_SUCCEEDED, "5O190127TN364715T",
                                                                             "p-7")
    sent = json.loads(verify.calls[0].request.body)
    assert sent["webhook_id"] == "8PT597110X687430LKGECATA"
    assert sent["transmission_id"] == "69cd13f0-d67a-11e5-baa3-778b53f4ae55"
    assert sent["webhook_event"] == event


@responses.activate
def test_paypal_webhook_that_paypal_does_not_verify_is_refused(paypal_keys):
    responses.post(f"{fakes.PAYPAL_API}/v1/oauth2/token", json=fakes.paypal_token())
    responses.post(f"{fakes.PAYPAL_API}/v1/notifications/verify-webhook-signature",
                   json={"verification_status": "FAILURE"})
    event = fakes.paypal_webhook("PAYMENT.CAPTURE.COMPLETED", fakes.paypal_capture_resource())
    with pytest.raises(WebhookInvalid):
        get_gateway("paypal").parse_webhook(body=fakes.dumps(event).encode(),
                                            headers=fakes.wsgi_to_headers(fakes.PAYPAL_SIGNATURE_HEADERS))


def test_paypal_webhook_without_signature_headers_is_refused_without_calling_paypal(paypal_keys):
    event = fakes.paypal_webhook("PAYMENT.CAPTURE.COMPLETED", fakes.paypal_capture_resource())
    with responses.RequestsMock():  # any HTTP call would fail the test
        with pytest.raises(WebhookInvalid):
            get_gateway("paypal").parse_webhook(body=fakes.dumps(event).encode(), headers={})


# --- MoMo ---------------------------------------------------------------------------------------

def test_momo_signature_is_hmac_sha256_over_the_documented_raw_string():
    values = {"accessKey": "AK", "amount": 50000, "extraData": "", "ipnUrl": "https://x/ipn", "orderId": "O1",
              "orderInfo": "pay", "partnerCode": "MOMO", "redirectUrl": "https://x/r", "requestId": "R1",
              "requestType": "captureWallet"}
    raw = raw_signature(("accessKey", "amount", "extraData", "ipnUrl", "orderId", "orderInfo", "partnerCode",
                         "redirectUrl", "requestId", "requestType"), values)
    assert raw == ("accessKey=AK&amount=50000&extraData=&ipnUrl=https://x/ipn&orderId=O1&orderInfo=pay"
                   "&partnerCode=MOMO&redirectUrl=https://x/r&requestId=R1&requestType=captureWallet")
    assert sign(raw, "SK") == hmac.new(b"SK", raw.encode(), hashlib.sha256).hexdigest()


@responses.activate
def test_momo_create_request_is_signed_and_returns_the_pay_url(momo_keys):
    req = intent_request()
    responses.post(f"{fakes.MOMO_API}/v2/gateway/api/create", json=fakes.momo_create_response(
        order_id=req.payment_id, request_id="idem-123", amount=259000))
    result = get_gateway("momo").create_intent(req)
    assert result.pay_url.startswith(f"{fakes.MOMO_API}/v2/gateway/pay")
    assert result.provider_reference == req.payment_id
    sent = json.loads(responses.calls[0].request.body)
    assert sent["requestType"] == "captureWallet" and sent["amount"] == 259000
    raw = (f"accessKey={fakes.MOMO_ACCESS_KEY}&amount=259000&extraData=&ipnUrl={req.notify_url}"
           f"&orderId={req.payment_id}&orderInfo={req.order_number}&partnerCode=MOMO"
           f"&redirectUrl={req.return_url}&requestId=idem-123&requestType=captureWallet")
    assert sent["signature"] == fakes.momo_sign(raw)


@responses.activate
def test_momo_refusal_is_a_clear_error(momo_keys):
    req = intent_request()
    responses.post(f"{fakes.MOMO_API}/v2/gateway/api/create", json=fakes.momo_create_response(
        order_id=req.payment_id, request_id="idem-123", amount=259000, result_code=22,
        message="Số tiền giao dịch không hợp lệ."))
    with pytest.raises(GatewayError) as exc:
        get_gateway("momo").create_intent(req)
    assert str(exc.value.message) == "Số tiền giao dịch không hợp lệ."


def test_momo_only_takes_vnd(momo_keys):
    with pytest.raises(GatewayError):
        get_gateway("momo").create_intent(intent_request(currency="USD", amount=Decimal("10")))


def test_momo_ipn_signed_by_momo_is_accepted(momo_keys):
    ipn = fakes.momo_ipn(order_id="p-1", request_id="r-1", amount=259000)
    event = get_gateway("momo").parse_webhook(body=fakes.dumps(ipn).encode(), headers={})
    assert (event.kind, event.provider_reference, event.capture_reference) == (EVENT_SUCCEEDED, "p-1", "4088878653")


def test_momo_failed_payment_ipn(momo_keys):
    ipn = fakes.momo_ipn(order_id="p-1", request_id="r-1", amount=259000, result_code=1006,
                         message="Người dùng đã từ chối xác nhận thanh toán.")
    event = get_gateway("momo").parse_webhook(body=fakes.dumps(ipn).encode(), headers={})
    assert event.kind == EVENT_FAILED


@pytest.mark.parametrize("tamper", [
    lambda ipn: ipn.update(amount=1000),
    lambda ipn: ipn.update(resultCode=0, message="x"),
    lambda ipn: ipn.update(signature="0" * 64),
    lambda ipn: ipn.pop("signature"),
])
def test_momo_ipn_that_does_not_verify_is_refused(momo_keys, tamper):
    ipn = fakes.momo_ipn(order_id="p-1", request_id="r-1", amount=259000)
    tamper(ipn)
    with pytest.raises(WebhookInvalid):
        get_gateway("momo").parse_webhook(body=fakes.dumps(ipn).encode(), headers={})


def test_momo_ipn_signed_with_another_key_is_refused(momo_keys):
    ipn = fakes.momo_ipn(order_id="p-1", request_id="r-1", amount=259000, secret="not-the-secret")
    with pytest.raises(WebhookInvalid):
        get_gateway("momo").parse_webhook(body=fakes.dumps(ipn).encode(), headers={})


@responses.activate
def test_momo_refund_is_signed_with_the_original_trans_id(momo_keys):
    responses.post(f"{fakes.MOMO_API}/v2/gateway/api/refund", json={
        "partnerCode": "MOMO", "orderId": "RF-ref-1", "requestId": "ref-1", "amount": 100000,
        "transId": 4088878999, "resultCode": 0, "message": "Thành công.", "responseTime": 1767236401000})
    result = get_gateway("momo").refund(provider_reference="4088878653", amount=Decimal("100000"), currency="VND",
                                        reason="hoàn tiền", idempotency_key="ref-1")
    assert (result.status, result.provider_reference) == ("completed", "4088878999")
    sent = json.loads(responses.calls[0].request.body)
    raw = (f"accessKey={fakes.MOMO_ACCESS_KEY}&amount=100000&description=hoàn tiền&orderId=RF-ref-1"
           f"&partnerCode=MOMO&requestId=ref-1&transId=4088878653")
    assert sent["signature"] == fakes.momo_sign(raw)


@responses.activate
def test_momo_busy_is_retried(momo_keys):
    req = intent_request()
    responses.post(f"{fakes.MOMO_API}/v2/gateway/api/create", body=requests.Timeout())
    responses.post(f"{fakes.MOMO_API}/v2/gateway/api/create", json=fakes.momo_create_response(
        order_id=req.payment_id, request_id="idem-123", amount=259000))
    assert get_gateway("momo").create_intent(req).pay_url
    assert len(responses.calls) == 2
