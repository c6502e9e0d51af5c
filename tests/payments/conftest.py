import pytest

from tests.payments import fakes


@pytest.fixture(autouse=True)
def _fast_retries(settings):
    """Backoff delays of zero: the retry logic runs, without waiting."""
    settings.PAYMENTS_RETRY_BASE_DELAY = 0
    settings.PAYMENTS_RETRY_ATTEMPTS = 3


@pytest.fixture
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_51Fake"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_51Fake"
    settings.STRIPE_WEBHOOK_SECRET = fakes.STRIPE_WEBHOOK_SECRET
    return settings


@pytest.fixture
def paypal_keys(settings):
    settings.PAYPAL_CLIENT_ID = "AeFakeClientId"
    settings.PAYPAL_CLIENT_SECRET = "EFakeClientSecret"
    settings.PAYPAL_WEBHOOK_ID = "8PT597110X687430LKGECATA"
    settings.PAYPAL_ENVIRONMENT = "sandbox"
    settings.PAYPAL_CURRENCY = "USD"
    settings.PAYPAL_FX_RATES = {"VND": "0.000039"}
    return settings


@pytest.fixture
def momo_keys(settings):
    settings.MOMO_PARTNER_CODE = fakes.MOMO_PARTNER_CODE
    settings.MOMO_ACCESS_KEY = fakes.MOMO_ACCESS_KEY
    settings.MOMO_SECRET_KEY = fakes.MOMO_SECRET_KEY
    settings.MOMO_ENDPOINT = fakes.MOMO_API
    return settings


@pytest.fixture
def all_keys(stripe_keys, paypal_keys, momo_keys):
    return stripe_keys


@pytest.fixture
def buyer(db):
    from tests.factories.accounts import UserFactory

    return UserFactory()


@pytest.fixture
def order_for(db, buyer):
    """order_for("stripe") → a pending order of `buyer` to be paid that way (stock taken)."""
    from tests.factories.payments import online_order

    def _make(method="stripe", **fields):
        fields.setdefault("buyer", buyer)
        return online_order(method=method, **fields)

    return _make


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the after-commit callbacks (notifications, follow-up tasks) of the code inside the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def notifications_of(user, kind):
    from apps.notifications.models import Notification

    return list(Notification.objects.filter(user=user, kind=kind))
