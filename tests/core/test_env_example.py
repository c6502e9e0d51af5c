""".env.example lists every environment variable the code reads, and copying it changes nothing.

Active lines (NAME=value) show defaults; unset variables are commented (# NAME=example), because an empty value is
a value for django-environ (an empty DATABASE_URL is an error, not SQLite)."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
EXAMPLE = BASE_DIR / ".env.example"

# env("NAME"...), env.int("NAME"...), os.environ.get("NAME"), os.environ["NAME"], os.environ.setdefault, os.getenv
READS = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']"""
                   r"""|os\.environ(?:\.get|\.setdefault)?[\[(]\s*["']([A-Z][A-Z0-9_]*)["']"""
                   r"""|os\.getenv\(\s*["']([A-Z][A-Z0-9_]*)["']""")
# Set by tools, not by whoever deploys (pytest-xdist names its workers).
NOT_CONFIGURATION = {"PYTEST_XDIST_WORKER"}


def listed() -> set[str]:
    names = set()
    for line in EXAMPLE.read_text().splitlines():
        match = re.match(r"^#?\s?([A-Z][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


def read_by_the_code() -> set[str]:
    names = set()
    for root in ("config", "apps"):
        for path in (BASE_DIR / root).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for match in READS.finditer(path.read_text()):
                names.add(next(group for group in match.groups() if group))
    return names - NOT_CONFIGURATION


def test_every_variable_the_code_reads_is_explained():
    missing = read_by_the_code() - listed()
    assert not missing, f"add to .env.example: {sorted(missing)}"


def test_nothing_is_listed_that_nobody_reads():
    stale = listed() - read_by_the_code()
    assert not stale, f"not read anywhere: {sorted(stale)}"


def test_no_variable_is_left_empty():
    empty = [line for line in EXAMPLE.read_text().splitlines() if re.match(r"^[A-Z][A-Z0-9_]*=\s*$", line)]
    assert not empty, f"comment these out (an empty value is not the default): {empty}"


def test_every_setting_the_apps_look_up_exists():
    """getattr(settings, NAME, default) in the apps: each NAME is defined in the settings (from the environment),
    so that it can be configured, and with the same default."""
    lookups = re.compile(r"""getattr\(\s*settings\s*,\s*["']([A-Z][A-Z0-9_]*)["']""")
    names = set()
    for path in (BASE_DIR / "apps").rglob("*.py"):
        names |= set(lookups.findall(path.read_text()))
    names |= {"ANALYTICS_TRENDING_DAYS", "ANALYTICS_TRENDING_HALF_LIFE_HOURS", "ANALYTICS_ALSO_BOUGHT_DAYS",
              "ANALYTICS_MAX_BASKET"}  # analytics' _setting(name, default)
    assert names
    undefined = sorted(name for name in names if not hasattr(settings, name))
    assert not undefined, f"define in config/settings/base.py with env(): {undefined}"


DUMP = """
import json, sys
import environ
if sys.argv[1] == "with":
    environ.Env.read_env(".env.example")
import django
django.setup()
from django.conf import settings
out = {}
for name in dir(settings):
    if name.isupper():
        text = repr(getattr(settings, name))
        if " at 0x" not in text:
            out[name] = text
print(json.dumps(out))
"""


@pytest.mark.skipif((BASE_DIR / ".env").exists(), reason="a local .env file would set the variables")
@pytest.mark.parametrize("module", ["config.settings.local", "config.settings.production"])
def test_copying_the_example_changes_no_setting(module):
    env = {k: v for k, v in os.environ.items() if k not in listed()}
    env.update(DJANGO_SETTINGS_MODULE=module, DJANGO_SECRET_KEY="x" * 64, DJANGO_ALLOWED_HOSTS="cho.example.com")
    dumps = {}
    for mode in ("without", "with"):
        result = subprocess.run([sys.executable, "-c", DUMP, mode], cwd=BASE_DIR, env=env,  # noqa: S603
                                capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stderr[-2000:]
        dumps[mode] = json.loads(result.stdout.strip().splitlines()[-1])
    changed = {name: (dumps["without"][name], dumps["with"].get(name)) for name in dumps["without"]
               if dumps["without"][name] != dumps["with"].get(name)}
    assert not changed
