"""Payment provider adapters and the registry of the ones this installation offers."""
from .bank_transfer import BankTransferGateway
from .base import (
    Gateway,
    GatewayError,
    IntentRequest,
    IntentResult,
    NotSupported,
    ProviderUnavailable,
    WebhookEvent,
    WebhookInvalid,
)
from .cod import CashOnDeliveryGateway
from .momo import MomoGateway
from .paypal import PayPalGateway
from .stripe_gateway import StripeGateway

GATEWAYS: dict[str, type[Gateway]] = {
    gateway.code: gateway
    for gateway in (CashOnDeliveryGateway, BankTransferGateway, StripeGateway, PayPalGateway, MomoGateway)
}
ONLINE_METHODS = frozenset(code for code, gateway in GATEWAYS.items() if gateway.online)


def available_methods() -> list[str]:
    """Payment methods offered at checkout: a provider without keys is not offered."""
    return [code for code, gateway in GATEWAYS.items() if gateway.is_configured()]


def is_available(code: str) -> bool:
    gateway = GATEWAYS.get(code)
    return bool(gateway and gateway.is_configured())


def get_gateway(code: str) -> Gateway:
    """An adapter instance for `code`; raises KeyError for an unknown one."""
    return GATEWAYS[code]()


__all__ = [
    "GATEWAYS", "ONLINE_METHODS", "Gateway", "GatewayError", "IntentRequest", "IntentResult", "NotSupported",
    "ProviderUnavailable", "WebhookEvent", "WebhookInvalid", "available_methods", "get_gateway", "is_available",
]
