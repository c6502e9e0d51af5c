"""Profile, avatar, account deletion, and the staff operations others call: role and suspension."""
import io
import uuid

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.accounts import domain
from apps.accounts.models import Role, SecurityEventKind, User
from apps.accounts.services.audit import ClientInfo, security_event_record
from apps.accounts.services.auth import email_taken
from apps.accounts.services.tokens import tokens_revoke_all
from apps.core.errors import Conflict, PermissionDenied, ValidationFailed

AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_BOX = 512
AVATAR_MAX_PIXELS = 40_000_000
AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
PROFILE_FIELDS = {"full_name", "email", "marketing_opt_in"}


def _lock(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def user_profile_update(*, user: User, **fields) -> User:
    """Change full_name, email (unique, case-insensitive: 409 when taken) and marketing_opt_in."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValidationFailed(details={name: [_("This field cannot be changed here.")] for name in sorted(unknown)})
    with transaction.atomic():
        locked = _lock(user)
        if "email" in fields:
            email = (fields["email"] or "").strip().lower() or None
            if email is None and not locked.phone_number:
                raise ValidationFailed(_("An account without a phone number needs an e-mail address."),
                                       details={"email": [_("This field may not be blank.")]})
            if email and email_taken(email, exclude=locked):
                raise Conflict(_("This e-mail address is already used by another account."),
                               details={"email": [_("This e-mail address is already in use.")]})
            if email != (locked.email or None):
                _email_change(locked, email)
            locked.email = email
        if "full_name" in fields:
            locked.full_name = (fields["full_name"] or "").strip()
        if "marketing_opt_in" in fields:
            locked.marketing_opt_in = bool(fields["marketing_opt_in"])
        locked.save()
    return locked


def _email_change(user: User, email: str | None) -> None:
    """Keep allauth's addresses in step: the new address must be confirmed before signing in with it."""
    EmailAddress.objects.filter(user=user).delete()
    if email:
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)


def avatar_process(upload) -> ContentFile:
    """Check an upload is really an image (by content, not by name), at most 5 MB, and return it
    re-encoded and scaled down to fit 512x512 (which also drops any metadata such as GPS)."""
    if upload is None:
        raise ValidationFailed(details={"file": [_("Choose an image file.")]})
    if upload.size > AVATAR_MAX_BYTES:
        raise ValidationFailed(_("The image is larger than 5 MB."), details={"file": [_("The image is larger than 5 MB.")]})
    not_image = ValidationFailed(_("Upload a JPEG, PNG, WebP or GIF image."),
                                 details={"file": [_("Upload a JPEG, PNG, WebP or GIF image.")]})
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in AVATAR_FORMATS or probe.width * probe.height > AVATAR_MAX_PIXELS:
                raise not_image
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            size = domain.fit_within(domain.Size(image.width, image.height), AVATAR_BOX)
            image = image.convert("RGBA")
            image = image.resize((size.width, size.height), Image.Resampling.LANCZOS)
            canvas = Image.new("RGB", image.size, (255, 255, 255))
            canvas.paste(image, mask=image.getchannel("A"))
            out = io.BytesIO()
            canvas.save(out, format="JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise not_image
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def user_avatar_set(*, user: User, upload) -> User:
    content = avatar_process(upload)
    old = user.avatar.name if user.avatar else ""
    with transaction.atomic():
        locked = _lock(user)
        locked.avatar.save(content.name, content, save=False)
        locked.save(update_fields=["avatar", "updated_at"])
    if old and old != locked.avatar.name:
        storage, name = locked.avatar.storage, old
        transaction.on_commit(lambda: storage.delete(name), robust=True)
    user.avatar = locked.avatar
    return locked


def user_delete(*, user: User, password: str, client: ClientInfo | None = None) -> None:
    """Close an account: the password confirms it; personal data is wiped, addresses and social
    links removed, every token revoked. The row stays (anonymised), so orders keep their buyer."""
    if not user.has_usable_password() or not user.check_password(password or ""):
        raise ValidationFailed(_("The password is incorrect."), details={"password": [_("The password is incorrect.")]})
    avatar_name = user.avatar.name if user.avatar else ""
    with transaction.atomic():
        locked = _lock(user)
        tokens_revoke_all(user=locked, reason="account_deleted", client=client)
        locked.addresses.all().delete()
        EmailAddress.objects.filter(user=locked).delete()
        SocialAccount.objects.filter(user=locked).delete()
        locked.email = domain.anonymised_email(locked.pk)
        locked.phone_number = None
        locked.full_name = ""
        locked.avatar = ""
        locked.marketing_opt_in = False
        locked.is_active = False
        locked.is_verified = False
        locked.set_unusable_password()
        locked.save()
        security_event_record(kind=SecurityEventKind.ACCOUNT_DELETED, user=locked, client=client)
    if avatar_name:
        storage = user.avatar.storage
        transaction.on_commit(lambda: storage.delete(avatar_name), robust=True)


def user_set_role(*, user: User, role: str, by: User | None) -> User:
    """Change a user's role (buyer, seller, admin), recorded in the audit log. A no-op when unchanged."""
    if role not in Role.values:
        raise ValidationFailed(details={"role": [_("Unknown role.")]})
    with transaction.atomic():
        locked = _lock(user)
        previous = locked.role
        if previous != role:
            locked.role = role
            locked.save(update_fields=["role", "updated_at"])
            security_event_record(kind=SecurityEventKind.ROLE_CHANGED, user=locked, actor=by,
                                  details={"from": previous, "to": role})
    user.role = locked.role
    return locked


def user_suspend(*, user: User, by: User | None, reason: str = "") -> User:
    """Suspend: the user can no longer sign in and their tokens stop working at once."""
    if by is not None and by.pk == user.pk:
        raise PermissionDenied(_("You cannot suspend your own account."))
    with transaction.atomic():
        locked = _lock(user)
        if not locked.is_suspended:
            locked.is_suspended = True
            locked.save(update_fields=["is_suspended", "updated_at"])
            security_event_record(kind=SecurityEventKind.SUSPENDED, user=locked, actor=by, details={"reason": reason})
            tokens_revoke_all(user=locked, reason="suspended", actor=by)
    user.is_suspended = True
    return locked


def user_unsuspend(*, user: User, by: User | None, reason: str = "") -> User:
    with transaction.atomic():
        locked = _lock(user)
        if locked.is_suspended:
            locked.is_suspended = False
            locked.save(update_fields=["is_suspended", "updated_at"])
            security_event_record(kind=SecurityEventKind.UNSUSPENDED, user=locked, actor=by, details={"reason": reason})
    user.is_suspended = False
    return locked
