"""Pure rules, no database."""
from apps.accounts import domain


def test_otp_is_six_digits_with_leading_zeros_kept():
    codes = {domain.otp_generate() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 150


def test_otp_digest_is_bound_to_phone_and_purpose():
    args = {"secret": "s", "purpose": "verify", "phone_number": "+84912345678", "code": "123456"}
    digest = domain.otp_digest(**args)
    assert "123456" not in digest
    assert domain.otp_matches(digest=digest, **args)
    assert not domain.otp_matches(digest=digest, **{**args, "code": "123457"})
    assert not domain.otp_matches(digest=digest, **{**args, "purpose": "reset"})
    assert not domain.otp_matches(digest=digest, **{**args, "phone_number": "+84987654321"})
    assert not domain.otp_matches(digest=digest, **{**args, "code": "12345a"})


def test_identifier_kind():
    assert domain.identifier_kind("an@example.com") == "email"
    assert domain.identifier_kind("0912345678") == "phone"


def test_fit_within_keeps_ratio_and_never_enlarges():
    assert domain.fit_within(domain.Size(2000, 1000), 512) == domain.Size(512, 256)
    assert domain.fit_within(domain.Size(300, 4000), 512) == domain.Size(38, 512)
    assert domain.fit_within(domain.Size(100, 80), 512) == domain.Size(100, 80)


def test_anonymised_email_is_undeliverable():
    assert domain.anonymised_email("abc").endswith(".invalid")
