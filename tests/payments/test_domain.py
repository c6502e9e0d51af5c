"""Pure rules: no database."""
from decimal import Decimal

import pytest

from apps.payments import domain
from apps.payments.domain import PaymentState as S


def test_crc16_ccitt_matches_the_standard_check_value():
    # CRC-16/CCITT-FALSE of "123456789" is 0x29B1 by definition of the algorithm.
    assert domain.crc16_ccitt("123456789") == "29B1"


def test_vietqr_payload_carries_bank_account_amount_and_reference():
    payload = domain.vietqr_payload(bank_bin="970436", account_number="0011004000000", amount=Decimal("259000"),
                                    purpose="CHO202611217K3QX")
    fields = domain.parse_tlv(payload)
    assert fields["00"] == "01"
    assert fields["01"] == "12"  # dynamic: the amount is fixed
    merchant = domain.parse_tlv(fields["38"])
    assert merchant["00"] == "A000000727"
    assert domain.parse_tlv(merchant["01"]) == {"00": "970436", "01": "0011004000000"}
    assert merchant["02"] == "QRIBFTTA"
    assert fields["53"] == "704"
    assert fields["54"] == "259000"
    assert fields["58"] == "VN"
    assert domain.parse_tlv(fields["62"]) == {"08": "CHO202611217K3QX"}
    assert payload[-8:-4] == "6304"
    assert domain.crc16_ccitt(payload[:-4]) == fields["63"]
    assert domain.vietqr_is_valid(payload)


def test_a_vietqr_payload_changed_in_transit_fails_its_crc():
    payload = domain.vietqr_payload(bank_bin="970436", account_number="0011004000000", amount=Decimal("259000"))
    tampered = payload.replace("259000", "959000")
    assert not domain.vietqr_is_valid(tampered)


def test_static_vietqr_has_no_amount():
    fields = domain.parse_tlv(domain.vietqr_payload(bank_bin="970436", account_number="123"))
    assert fields["01"] == "11"
    assert "54" not in fields


def test_transfer_reference_keeps_only_letters_and_digits():
    assert domain.transfer_reference("CHO-20261121-7k3qx") == "CHO202611217K3QX"


@pytest.mark.parametrize(("current", "incoming", "expected"), [
    (S.PENDING, S.COMPLETED, S.COMPLETED),
    (S.PENDING, S.FAILED, S.FAILED),
    (S.FAILED, S.COMPLETED, S.COMPLETED),           # retried on the same intent
    (S.AUTHORIZED, S.COMPLETED, S.COMPLETED),
    (S.COMPLETED, S.PENDING, None),                # late "processing" after success: ignored
    (S.COMPLETED, S.FAILED, None),
    (S.COMPLETED, S.COMPLETED, None),              # a repeat changes nothing
    (S.REFUNDED, S.COMPLETED, None),
    (S.COMPLETED, S.REFUNDED, S.REFUNDED),
])
def test_events_only_move_a_payment_forward(current, incoming, expected):
    assert domain.next_status(current, incoming) == expected


def test_full_refund_by_default():
    assert domain.refund_outcome(paid=Decimal("500000"), refunded=Decimal("0"), amount=None, currency="VND") == (
        Decimal("500000"), S.REFUNDED)


def test_partial_then_the_rest():
    amount, status = domain.refund_outcome(paid=Decimal("500000"), refunded=Decimal("0"), amount=Decimal("200000"),
                                           currency="VND")
    assert (amount, status) == (Decimal("200000"), S.PARTIALLY_REFUNDED)
    assert domain.refund_outcome(paid=Decimal("500000"), refunded=Decimal("200000"), amount=None, currency="VND") == (
        Decimal("300000"), S.REFUNDED)


@pytest.mark.parametrize("amount", [Decimal("500001"), Decimal("0"), Decimal("-1")])
def test_a_refund_never_exceeds_what_was_paid(amount):
    with pytest.raises(domain.RefundTooLarge):
        domain.refund_outcome(paid=Decimal("500000"), refunded=Decimal("0"), amount=amount, currency="VND")


def test_nothing_left_to_refund():
    with pytest.raises(domain.RefundTooLarge):
        domain.refund_outcome(paid=Decimal("500000"), refunded=Decimal("500000"), amount=None, currency="VND")


def test_minor_units():
    assert domain.to_minor_units(Decimal("259000"), "VND") == 259000
    assert domain.to_minor_units(Decimal("12.5"), "USD") == 1250
    assert domain.from_minor_units(1250, "usd") == Decimal("12.50")
