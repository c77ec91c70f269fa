"""Settings read from the environment, checked in a fresh interpreter each time."""

import json
import os
import subprocess
import sys

import pytest

from tests import ROOT

PRINT_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]),
    "health_checks": db.get("CONN_HEALTH_CHECKS", False),
    "debug": settings.DEBUG, "hosts": settings.ALLOWED_HOSTS,
    "media_root": str(settings.MEDIA_ROOT),
    "media_backend": settings.STORAGES["default"]["BACKEND"],
    "media_options": settings.STORAGES["default"].get("OPTIONS", {}),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": str(settings.CACHES["default"]["LOCATION"]),
    "page_cache": settings.PAGE_CACHE_SECONDS,
    "email": [
        settings.EMAIL_BACKEND,
        settings.EMAIL_HOST,
        settings.EMAIL_PORT,
        settings.EMAIL_USE_TLS,
        settings.DEFAULT_FROM_EMAIL,
    ],
}))
"""


# Variables of this suite's own environment that would colour the results.
CONFIGURATION = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "MEDIA_ROOT",
    "MEDIA_STORAGE",
    "REDIS_URL",
    "CACHE_DIR",
    "PAGE_CACHE_SECONDS",
    "PAGE_CACHE_RELATED_SECONDS",
    "SECURE_SSL_REDIRECT",
    "REQUIRE_2FA",
    "ADMIN_URL",
    "SECURE_COOKIES",
    "SITE_DOMAIN",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    # Set by the browser tests for their own process; a deploy check warns.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def run_python(*args: str, **variables):
    """``python ARGS`` in the project, with only ``variables`` configured."""
    env = {key: value for key, value in os.environ.items() if key not in CONFIGURATION}
    env.update(variables, DJANGO_SETTINGS_MODULE="armcms.settings")
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def load_settings(**variables):
    return run_python("-c", PRINT_SETTINGS, **variables)


@pytest.mark.parametrize("module", ["armcms.wsgi", "armcms.asgi"])
def test_without_debug_a_missing_secret_key_stops_the_site(module):
    result = run_python("-c", f"import {module}", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
    with_key = run_python("-c", f"import {module}", DEBUG="false", SECRET_KEY="k" * 50)
    assert with_key.returncode == 0, with_key.stderr


def test_without_a_key_commands_that_sign_nothing_still_run():
    result = run_python(
        "manage.py",
        "makemigrations",
        "--check",
        "--dry-run",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 0, result.stderr


def test_debug_runs_with_a_development_key_and_local_hosts():
    result = load_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["debug"] is True
    assert "127.0.0.1" in values["hosts"]


def test_defaults_sqlite_under_var_and_no_hosts_in_production():
    result = load_settings(SECRET_KEY="x" * 50)
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "var" / "db.sqlite3")
    assert values["hosts"] == []
    assert values["media_root"] == str(ROOT / "var" / "media")


def test_database_url_hosts_and_media_root_come_from_the_environment(tmp_path):
    result = load_settings(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/armcms",
        ALLOWED_HOSTS="www.example.org,example.org",
        MEDIA_ROOT=str(tmp_path),
    )
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "armcms"
    # No check before each request: a read on a dead connection is retried.
    assert values["health_checks"] is False
    assert values["hosts"] == ["www.example.org", "example.org"]
    assert values["media_root"] == str(tmp_path)


def test_object_storage_and_redis_are_configuration_only():
    result = load_settings(
        SECRET_KEY="x" * 50,
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="armcms-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.org",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    values = json.loads(result.stdout)
    assert values["media_backend"] == "storages.backends.s3.S3Storage"
    assert values["media_options"]["bucket_name"] == "armcms-media"
    assert values["media_options"]["endpoint_url"] == "https://s3.example.org"
    assert values["cache"] == "armcms.pagecache.backends.RedisCache"
    assert values["cache_location"] == "redis://127.0.0.1:6379/3"


def test_default_cache_is_shared_files_and_on_in_production():
    values = json.loads(load_settings(SECRET_KEY="x" * 50).stdout)
    assert values["cache"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert values["cache_location"] == str(ROOT / "var" / "cache")
    assert values["page_cache"] == 600
    assert json.loads(load_settings(DEBUG="true").stdout)["page_cache"] == 0


def test_an_unknown_media_storage_stops_start_up():
    result = load_settings(SECRET_KEY="x" * 50, MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert "MEDIA_STORAGE must be one of local, s3" in result.stderr


def test_a_malformed_proxy_header_setting_is_refused():
    result = load_settings(
        DEBUG="true", SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"
    )
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER takes a header and a value" in result.stderr


def test_email_goes_to_the_console_until_an_email_url_is_set():
    values = json.loads(load_settings(SECRET_KEY="x" * 50).stdout)
    assert values["email"][0] == "django.core.mail.backends.console.EmailBackend"
    result = load_settings(
        SECRET_KEY="x" * 50,
        EMAIL_URL="smtp+tls://web:secret@smtp.example.org:587",
        DEFAULT_FROM_EMAIL="web@example.org",
    )
    assert json.loads(result.stdout)["email"] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        587,
        True,
        "web@example.org",
    ]
