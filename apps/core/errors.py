"""Domain errors raised by services. They never know about HTTP; the API exception handler and the
storefront views translate them (status code, error code, message)."""
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of our business errors. `code` is the API error code; `status` the HTTP status it maps to."""

    code = "error"
    status = 400
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, details=None, code=None):
        self.message = message or self.default_message
        self.details = details or {}
        if code:
            self.code = code
        super().__init__(str(self.message))


class ValidationFailed(DomainError):
    code = "validation_error"
    status = 400
    default_message = _("Invalid input.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class PermissionDenied(DomainError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to perform this action.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("The request conflicts with the current state.")


class BusinessRuleViolation(DomainError):
    code = "business_rule_violation"
    status = 422
    default_message = _("The request breaks a business rule.")


class OutOfStock(BusinessRuleViolation):
    code = "out_of_stock"
    default_message = _("Not enough stock.")


class VoucherInvalid(BusinessRuleViolation):
    code = "voucher_invalid"
    default_message = _("This voucher cannot be used.")


class InvalidTransition(BusinessRuleViolation):
    code = "invalid_transition"
    default_message = _("This status change is not allowed.")


class PaymentFailed(BusinessRuleViolation):
    code = "payment_failed"
    default_message = _("The payment could not be completed.")


class ServiceUnavailable(DomainError):
    code = "service_unavailable"
    status = 503
    default_message = _("A service we depend on is unavailable. Please try again.")
