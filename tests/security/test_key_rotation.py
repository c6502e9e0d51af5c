"""Rotating DJANGO_SECRET_KEY without signing everyone out: the previous keys go in DJANGO_SECRET_KEY_FALLBACKS
(Django's SECRET_KEY_FALLBACKS), which still verify what they signed while new things use the new key."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
OLD, NEW = "old-" + "o" * 60, "new-" + "n" * 60

ROTATED = r"""
import json, os, django
django.setup()
from django.conf import settings
from django.core import signing
from django.test.utils import override_settings
from apps.notifications.services import unsubscribe_token, unsubscribe_token_read
with override_settings(SECRET_KEY=settings.SECRET_KEY_FALLBACKS[0] if settings.SECRET_KEY_FALLBACKS else os.environ["OLD_KEY"],
                       SECRET_KEY_FALLBACKS=[]):
    link = unsubscribe_token(user_id="1", category="promotion")  # in an e-mail sent before the rotation
try:
    unsubscribe_token_read(link)
    works = True
except signing.BadSignature:
    works = False
print(json.dumps({"fallbacks": settings.SECRET_KEY_FALLBACKS, "old_link_works": works}))
"""


def rotated(**env_extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY_FALLBACKS")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_ALLOWED_HOSTS="cho.example.com",
               DJANGO_SECRET_KEY=NEW, OLD_KEY=OLD, **env_extra)
    result = subprocess.run([sys.executable, "-c", ROTATED], cwd=BASE_DIR, env=env,  # noqa: S603
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_links_signed_with_the_previous_key_keep_working_when_it_is_a_fallback():
    """Production settings read DJANGO_SECRET_KEY_FALLBACKS: an unsubscribe link e-mailed before the rotation
    still works after it."""
    assert rotated(DJANGO_SECRET_KEY_FALLBACKS=f"{OLD},older-key") == {"fallbacks": [OLD, "older-key"],
                                                                      "old_link_works": True}
    assert rotated() == {"fallbacks": [], "old_link_works": False}  # without it: every such link is dead


@pytest.mark.django_db
def test_a_signed_in_shopper_stays_signed_in_across_the_rotation(settings):
    """Django's part once the setting is read: a session made with the old key is still valid (its auth hash is
    checked against the fallbacks too) and is moved to the new key on its next request; a session not used while
    the old key was a fallback is signed out once the key is dropped."""
    from django.test import Client

    from tests.factories.accounts import UserFactory

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = OLD, []
    active, idle = Client(), Client()
    active.force_login(UserFactory(email="an@example.com"))
    idle.force_login(UserFactory(email="binh@example.com"))

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    assert active.get("/account/profile/").status_code == 200

    settings.SECRET_KEY_FALLBACKS = []  # the old key dropped, after the session age
    assert active.get("/account/profile/").status_code == 200
    assert idle.get("/account/profile/").status_code == 302
