"""Secrets come only from the environment: none is committed, and production refuses to start without them."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)

# Built from pieces so that this file does not match itself.
PATTERNS = {
    "Stripe secret key": re.compile("(?:sk|rk)_" + r"(?:live|test)_[0-9A-Za-z]{20,}"),
    "Stripe webhook secret": re.compile("whsec" + r"_[0-9A-Za-z]{24,}"),
    "AWS access key id": re.compile("AKIA" + r"[0-9A-Z]{16}"),
    "private key": re.compile("-----BEGIN " + r"(?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
    "GitHub token": re.compile("gh" + r"[pousr]_[0-9A-Za-z]{36}"),
    "Slack token": re.compile("xox" + r"[abprs]-[0-9A-Za-z-]{10,}"),
    "Google API key": re.compile("AIza" + r"[0-9A-Za-z_-]{35}"),
}
SECRET_FILES = re.compile(r"(^|/)(\.env|id_rsa|id_ed25519|.*\.pem|.*\.key|.*\.p12|credentials\.json)$")


def tracked_files() -> list[str]:
    if not shutil.which("git") or not (BASE_DIR / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(["git", "ls-files", "-z"], cwd=BASE_DIR, capture_output=True, check=True)  # noqa: S603,S607
    return [name for name in out.stdout.decode().split("\0") if name]


def test_no_secret_is_committed():
    findings = []
    for name in tracked_files():
        path = BASE_DIR / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        data = path.read_bytes()
        if b"\0" in data[:4096]:
            continue  # binary
        text = data.decode("utf-8", errors="ignore")
        for label, pattern in PATTERNS.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                findings.append(f"{name}:{line}: looks like a {label} ({match.group(0)[:12]}…)")
    assert not findings, "Secrets in tracked files (move them to the environment):\n" + "\n".join(findings)


def test_no_secret_file_is_committed():
    committed = [name for name in tracked_files() if SECRET_FILES.search(name)]
    assert not committed, f"files that hold secrets are tracked: {committed}"


def test_settings_read_secrets_from_the_environment():
    """Every secret-looking setting in the settings modules comes from env(...), never a literal."""
    literal = re.compile(r"^(\w*(?:SECRET|PASSWORD|API_KEY|TOKEN|ACCESS_KEY)\w*)\s*=\s*['\"][^'\"]+['\"]", re.M)
    for module in ("base.py", "production.py", "local.py"):
        source = (BASE_DIR / "config/settings" / module).read_text()
        assert not literal.findall(source), f"{module}: {literal.findall(source)}"


@pytest.mark.skipif((BASE_DIR / ".env").exists(), reason="a local .env file would provide the variables")
def test_production_refuses_to_start_without_its_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"],  # noqa: S603
                            cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
