"""
HEAD requests to a real gunicorn: the answer carries a GET's headers,
Content-Length included, and no body, whether the page is built or comes
from the page cache.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import ROOT

GUNICORN = Path(sys.executable).with_name("gunicorn")

pytestmark = pytest.mark.slow


def free_port() -> int:
    for port in range(9100, 9150):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 9100 and 9149")


def ask(port: int, method: str, path: str = "/") -> tuple[int, dict, bytes]:
    """Status, headers and every byte after them, read until gunicorn closes."""
    request = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Connection: close\r\n\r\n"
    )
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


@pytest.fixture(scope="module")
def server(tmp_path_factory, collected_static, migrated_sqlite):
    folder = tmp_path_factory.mktemp("head")
    shutil.copyfile(migrated_sqlite, folder / "db.sqlite3")
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "test-key-for-the-head-request-server-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "CACHE_DIR": str(folder / "cache"),
        "STATIC_ROOT": str(collected_static),
        "PAGE_CACHE_SECONDS": "600",
        "DJANGO_SETTINGS_MODULE": "armcms.settings",
    }
    env.pop("REDIS_URL", None)
    port = free_port()
    # gunicorn's own log and what its modules log to the root logger (no
    # handler: Python prints warnings to stderr) both end up in the file.
    log = folder / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
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
                "--error-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_head_sends_the_headers_of_get_and_no_body(server):
    port, log = server
    logged = log.stat().st_size
    miss = ask(port, "HEAD")
    hit = ask(port, "HEAD")
    status, headers, body = ask(port, "GET")
    assert status == 200
    assert headers["x-page-cache"] == "hit"
    for answer, cached in [(miss, "miss"), (hit, "hit")]:
        assert answer[0] == 200
        assert answer[1]["x-page-cache"] == cached
        assert answer[1]["content-type"] == headers["content-type"]
        assert answer[1]["content-length"] == str(len(body))
        assert answer[2] == b""
    assert "no-body response" not in log.read_text()[logged:]


def test_head_of_a_page_never_cached_has_no_body(server):
    port, log = server
    logged = log.stat().st_size
    status, headers, body = ask(port, "HEAD", "/healthz")
    assert status == 200
    assert "x-page-cache" not in headers
    assert int(headers["content-length"]) > 0
    assert body == b""
    assert "no-body response" not in log.read_text()[logged:]
