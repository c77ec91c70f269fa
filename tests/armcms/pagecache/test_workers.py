"""
Several app processes behind one cache: real gunicorn servers on loopback,
sharing a database and a cache, as in production.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests import ROOT
from tests.conftest import redis_reachable

# They start servers of their own, and stop or hang them.
pytestmark = pytest.mark.slow

GUNICORN = Path(sys.executable).with_name("gunicorn")
PASSWORD = "a-long-test-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """A database, a cache and the environment every process of it shares."""

    def __init__(self, tmp_path: Path, static_root: Path, redis_db: int | None):
        self.env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "test-key-for-the-worker-processes-only",
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain http on loopback, where a browser keeps no secure cookie.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "CACHE_DIR": str(tmp_path / "cache"),
            "STATIC_ROOT": str(static_root),
            "DJANGO_SETTINGS_MODULE": "armcms.settings",
        }
        self.env.pop("REDIS_URL", None)
        if redis_db is not None:
            self.env["REDIS_URL"] = f"redis://127.0.0.1:6379/{redis_db}"
        self.servers: list[subprocess.Popen] = []

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code)

    def serve(self, **env) -> str:
        port = free_port()
        server = subprocess.Popen(
            [
                str(GUNICORN),
                "armcms.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--no-control-socket",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.servers.append(server)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return base
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        for server in self.servers:
            server.terminate()
        for server in self.servers:
            server.wait(timeout=10)


def fetch(url: str, opener=None, data: dict | None = None):
    """(status, headers, body) of a GET, or of a POST when ``data`` is given."""
    opener = opener or urllib.request.build_opener()
    body = urlencode(data, doseq=True).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


@pytest.fixture(
    params=[
        None,
        pytest.param(
            9,
            marks=pytest.mark.skipif(
                not redis_reachable(), reason="no Redis server on 127.0.0.1:6379"
            ),
        ),
    ],
    ids=["file-cache", "redis"],
)
def site(request, tmp_path, collected_static, migrated_sqlite):
    site = Site(tmp_path, collected_static, request.param)
    shutil.copyfile(migrated_sqlite, tmp_path / "db.sqlite3")
    if request.param is not None:
        subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-n", str(request.param), "flushdb"],
            check=False,
            capture_output=True,
        )
    site.shell(
        "from news.models import NewsArticle\n"
        "from django.contrib.auth import get_user_model\n"
        "NewsArticle.objects.create(title='First title', status='published')\n"
        "NewsArticle.objects.create(title='Waiting draft', status='draft')\n"
        f"get_user_model().objects.create_superuser('boss', '', '{PASSWORD}')\n"
    )
    yield site
    site.stop()


def test_a_change_from_any_process_reaches_every_worker(site):
    # The second server's worker is replaced, forked anew from the master that
    # preloaded the site, after every 2 requests.
    workers = [
        site.serve(),
        site.serve(GUNICORN_CMD_ARGS="--max-requests 2 --max-requests-jitter 0"),
    ]
    for base in workers:
        fetch(base + "/")
        status, headers, body = fetch(base + "/")
        assert (status, headers["X-Page-Cache"]) == (200, "hit")
        assert "First title" in body

    # A management command, in a process of its own.
    site.shell(
        "from news.models import NewsArticle\n"
        "a = NewsArticle.objects.get(title='First title')\n"
        "a.title = 'Changed by a command'\n"
        "a.save()\n"
    )
    for base in workers:
        status, headers, body = fetch(base + "/")
        assert headers["X-Page-Cache"] == "miss"
        assert "Changed by a command" in body

    # A bulk action in the admin, served by the second worker.
    admin = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    login = workers[1] + "/admin/account/login/"
    _status, _headers, page = fetch(login, admin)
    fetch(
        login,
        admin,
        {
            "login_view-current_step": "auth",
            "auth-username": "boss",
            "auth-password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(page),
        },
    )
    changelist = workers[1] + "/admin/news/newsarticle/"
    _status, _headers, page = fetch(changelist, admin)
    draft_pk = site.shell(
        "from news.models import NewsArticle\n"
        "print(NewsArticle.objects.get(title='Waiting draft').pk)\n"
    ).strip()
    status, _headers, _body = fetch(
        changelist,
        admin,
        {
            "action": "publish",
            "_selected_action": [draft_pk],
            "csrfmiddlewaretoken": csrf_token(page),
        },
    )
    assert status == 200
    _status, _headers, body = fetch(workers[0] + "/")
    assert "Waiting draft" in body


def test_health_reports_what_is_down(site):
    status, _headers, body = fetch(site.serve() + "/healthz")
    assert (status, json.loads(body)["status"]) == (200, "ok")

    no_cache = site.serve(REDIS_URL="redis://127.0.0.1:1/0")
    status, _headers, body = fetch(no_cache + "/healthz")
    assert status == 503
    assert json.loads(body) == {
        "status": "unavailable",
        "database": "ok",
        "cache": "unavailable",
    }
    status, _headers, body = fetch(no_cache + "/")
    assert status == 200
    assert "First title" in body

    no_database = site.serve(DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    status, _headers, body = fetch(no_database + "/healthz")
    assert status == 503
    assert json.loads(body)["database"] == "unavailable"
