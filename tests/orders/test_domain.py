"""The order rules without a database: pipeline, actors, order numbers, delivery dates."""
import itertools
import re
from datetime import date

import pytest

from apps.core.errors import InvalidTransition
from apps.orders.domain import (
    ORDER_NUMBER_ALPHABET,
    Actor,
    OrderStatus,
    allowed_targets,
    ensure_actor_may,
    ensure_transition,
    estimated_delivery_date,
    order_number_generate,
    order_number_is_valid,
)

S = OrderStatus
ALLOWED = {
    (S.PENDING, S.CONFIRMED), (S.PENDING, S.CANCELLED),
    (S.CONFIRMED, S.PACKED), (S.CONFIRMED, S.CANCELLED),
    (S.PACKED, S.SHIPPING), (S.SHIPPING, S.DELIVERED), (S.DELIVERED, S.COMPLETED),
}
ALL_PAIRS = list(itertools.product(S.values, S.values))


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED))
def test_allowed_transitions_pass(current, target):
    ensure_transition(current, target)


@pytest.mark.parametrize(("current", "target"), [p for p in ALL_PAIRS if p not in ALLOWED])
def test_every_other_transition_is_refused(current, target):
    with pytest.raises(InvalidTransition) as exc:
        ensure_transition(current, target)
    assert exc.value.code == "invalid_transition"
    assert exc.value.status == 422
    assert exc.value.details["from"] == current


def test_unknown_status_is_an_invalid_transition():
    with pytest.raises(InvalidTransition):
        ensure_transition(S.PENDING, "teleported")


def test_cancelled_and_completed_are_final():
    for final in (S.CANCELLED, S.COMPLETED):
        assert all((final, t) not in ALLOWED for t in S.values)
        assert allowed_targets(final, Actor.STAFF) == []


@pytest.mark.parametrize(("actor", "target", "ok"), [
    (Actor.BUYER, S.CANCELLED, True),
    (Actor.BUYER, S.CONFIRMED, False),
    (Actor.BUYER, S.COMPLETED, False),
    (Actor.SELLER, S.CONFIRMED, True),
    (Actor.SELLER, S.PACKED, True),
    (Actor.SELLER, S.SHIPPING, True),
    (Actor.SELLER, S.DELIVERED, True),
    (Actor.SELLER, S.CANCELLED, False),
    (Actor.SELLER, S.COMPLETED, False),
    (Actor.SYSTEM, S.COMPLETED, True),
    (Actor.SYSTEM, S.CANCELLED, True),
    (Actor.SYSTEM, S.CONFIRMED, False),
    *[(Actor.STAFF, s, True) for s in S.values],
])
def test_who_may_set_what(actor, target, ok):
    if ok:
        ensure_actor_may(actor, target)
    else:
        with pytest.raises(InvalidTransition):
            ensure_actor_may(actor, target)


def test_allowed_targets_combine_pipeline_and_actor():
    assert allowed_targets(S.PENDING, Actor.BUYER) == [S.CANCELLED]
    assert allowed_targets(S.PACKED, Actor.BUYER) == []
    assert allowed_targets(S.PENDING, Actor.SELLER) == [S.CONFIRMED]
    assert allowed_targets(S.CONFIRMED, Actor.STAFF) == [S.PACKED, S.CANCELLED]
    assert allowed_targets(S.DELIVERED, Actor.SELLER) == []


def test_order_number_format_and_alphabet():
    number = order_number_generate(date(2026, 11, 21))
    assert re.fullmatch(r"CHO-20261121-[A-Z2-9]{5}", number)
    assert order_number_is_valid(number)
    for ambiguous in "01OILU":
        assert ambiguous not in ORDER_NUMBER_ALPHABET


def test_order_numbers_vary():
    numbers = {order_number_generate(date(2026, 1, 2)) for _ in range(200)}
    assert len(numbers) > 190


@pytest.mark.parametrize("value", ["CHO-2026112-7K3QX", "ABC-20261121-7K3QX", "CHO-20261121-7K3Q0", "CHO-20261121"])
def test_malformed_order_numbers_are_rejected(value):
    assert not order_number_is_valid(value)


def test_estimated_delivery_skips_sundays():
    friday = date(2026, 11, 20)
    assert estimated_delivery_date(friday, 1) == date(2026, 11, 21)  # Saturday
    assert estimated_delivery_date(friday, 2) == date(2026, 11, 23)  # Sunday skipped → Monday
    assert estimated_delivery_date(friday, 0) == friday
