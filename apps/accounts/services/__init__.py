"""Use cases of accounts. Other apps import from here: user_set_role, user_suspend, user_unsuspend,
tokens_revoke_all, security_event_record, address_* ..."""
from apps.accounts.services.addresses import (
    address_create,
    address_delete,
    address_set_default,
    address_update,
)
from apps.accounts.services.audit import ClientInfo, security_event_record
from apps.accounts.services.auth import (
    otp_resend,
    user_authenticate,
    user_login_api,
    user_mark_verified,
    user_register,
    user_verify_phone,
)
from apps.accounts.services.passwords import password_changed_record, password_forgot, password_reset
from apps.accounts.services.tokens import token_refresh, token_revoke, tokens_issue, tokens_revoke_all
from apps.accounts.services.users import (
    user_avatar_set,
    user_delete,
    user_profile_update,
    user_set_role,
    user_suspend,
    user_unsuspend,
)

__all__ = [
    "ClientInfo", "address_create", "address_delete", "address_set_default", "address_update", "otp_resend",
    "password_changed_record", "password_forgot", "password_reset", "security_event_record", "token_refresh",
    "token_revoke", "tokens_issue", "tokens_revoke_all", "user_authenticate", "user_avatar_set", "user_delete",
    "user_login_api", "user_mark_verified", "user_profile_update", "user_register", "user_set_role",
    "user_suspend", "user_unsuspend", "user_verify_phone",
]
