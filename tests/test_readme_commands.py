"""
The README's commands, run as written, in an environment built from nothing
but the variables the README documents: no DJANGO_SETTINGS_MODULE, none of
the suite's own settings. ``python`` and ``gunicorn`` are the virtualenv's,
as for a deployer who activated it; the commands run in a folder of their own
that holds ``manage.py`` and ``gunicorn.conf.py`` (links to the project's),
so relative paths such as ``export.xml`` land there.

Every command in a README code span or ``sh`` block is either run by a test
below or listed in NOT_RUN with the reason; a command added to the README, or
one changed so it no longer matches, fails ``test_every_readme_command_is_covered``.
"""

import functools
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import socket
import ssl
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from tests.conftest import redis_reachable

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
BIN = Path(sys.executable).parent
WORDPRESS = ROOT / "tests" / "fixtures" / "wordpress"
# A Redis database of this module's own, emptied before and after.
REDIS_DB = 11
HOST = "www.example.org"

# The commands run below, exactly as the README writes them.
MIGRATE = "python manage.py migrate"
COLLECTSTATIC = "python manage.py collectstatic --noinput"
ENSURE_ADMIN = "python manage.py ensure_admin"
ENSURE_ADMIN_NAMED = "python manage.py ensure_admin [--username NAME] [--email ADDRESS]"
GUNICORN = "gunicorn armcms.wsgi"
CHECK_DEPLOY = "python manage.py check --deploy"
SEED_DEMO = "python manage.py seed_demo"
BACKUP = "python manage.py backup [PATH]"
RESTORE = "python manage.py restore ARCHIVE"
RESTORE_REPLACE = "python manage.py restore ARCHIVE [--replace]"
IMPORT_DRY_RUN = (
    "python manage.py import_wordpress export.xml --uploads uploads/ --dry-run"
)
IMPORT = (
    "python manage.py import_wordpress export.xml --uploads uploads/ "
    "--category-map press-releases=press --category-map reports=publication:report"
)
AXES_RESET_USERNAME = "python manage.py axes_reset_username USERNAME"
CLEAR_UPLOAD_DRAFTS = "python manage.py clear_upload_drafts"
MAKE_RENDITIONS = "python manage.py make_renditions [--all]"
REBUILD_SEARCH_INDEX = "python manage.py rebuild_search_index"
CURL_HEALTHZ = (
    "curl -H 'Host: your.host' -H 'X-Forwarded-Proto: https' "
    "http://127.0.0.1:8000/healthz"
)

RUN = {
    MIGRATE,
    COLLECTSTATIC,
    ENSURE_ADMIN,
    ENSURE_ADMIN_NAMED,
    GUNICORN,
    CHECK_DEPLOY,
    SEED_DEMO,
    BACKUP,
    RESTORE,
    RESTORE_REPLACE,
    IMPORT_DRY_RUN,
    IMPORT,
    AXES_RESET_USERNAME,
    CLEAR_UPLOAD_DRAFTS,
    MAKE_RENDITIONS,
    REBUILD_SEARCH_INDEX,
    CURL_HEALTHZ,
}

# README commands that a test cannot run as written, and why. Their make
# targets are checked to exist (test_the_make_targets_the_readme_names_exist).
NOT_RUN = {
    "make run": "serves in the foreground on the fixed 127.0.0.1:8000 and "
    "writes var/db.sqlite3 in the checkout",
    "make test": "the suite itself, this module included",
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/armcms make test": "the "
    "suite itself, on PostgreSQL (.ci/run runs it)",
    "make lint": "run by .ci/run after the suite",
    "make format": "rewrites the checkout's files",
    "make messages": "rewrites the checkout's catalogues "
    "(tests/test_catalogues.py checks them)",
    "make bench": "minutes long; drops and recreates its own database; needs wrk",
    "BENCH_SECONDS=5 make bench": "as make bench",
    "BENCH_SCALES=1 BENCH_SECONDS=5 make bench": "as make bench",
    "python -m bench.renditions": "a benchmark of 40-megapixel images, "
    "most of a minute of full cores; it prints figures, it asserts nothing",
    "make audit": "Lighthouse, minutes long (.ci/run runs it)",
    "npm ci": "run by make test itself",
    "python3.11 -m venv .venv": "with the next two, installs the project from "
    "the package index (a minute or more); the suite runs in a virtualenv made "
    "the same way (make test)",
    ".venv/bin/pip install -e .": "as python3.11 -m venv .venv",
    ". .venv/bin/activate": "as python3.11 -m venv .venv; the commands here run "
    "with the virtualenv's bin folder first in PATH, which is what it does",
    "apt-get install gettext": "installs system packages",
    "apt-get install wrk": "installs system packages",
}

# A code span that starts like one of these is a command.
COMMAND = re.compile(
    r"^(?:[A-Z_]+=\S+\s+)*(?:\S*/)?"
    r"(?:python[\d.]*|gunicorn|make|apt-get|npm|pip|curl|psql|createdb|createuser"
    r"|redis-cli|manage\.py|\.)\s"
)


def readme_commands(text: str) -> tuple[set[str], set[str]]:
    """
    (commands, mentions) found in the README: ``sh`` blocks line by line
    without their comments, and inline code spans that start with a command,
    with their line breaks made spaces. A mention is a span such as
    ``manage.py backup``: a command named, not written to be run.
    """
    found = set()
    for block in re.findall(r"^ *```sh\n(.*?)^ *```", text, flags=re.S | re.M):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line:
                found.add(line)
    prose = re.sub(r"^ *```.*?^ *```", "", text, flags=re.S | re.M)
    for span in re.findall(r"`([^`]+)`", prose):
        span = " ".join(span.split())
        if COMMAND.match(span):
            found.add(span)
    mentions = {command for command in found if command.startswith("manage.py ")}
    return found - mentions, mentions


def readme_text() -> str:
    return README.read_text(encoding="utf-8")


def as_written(command: str, **placeholders: str) -> list[str]:
    """The README's ``command``, checked to be there, with its placeholders."""
    commands, _mentions = readme_commands(readme_text())
    assert command in commands, f"README.md no longer shows `{command}`"
    for placeholder, value in placeholders.items():
        command = command.replace(placeholder, value)
    return shlex.split(command)


def test_every_readme_command_is_covered():
    commands, mentions = readme_commands(readme_text())
    unknown = commands - RUN - set(NOT_RUN)
    assert not unknown, (
        f"README commands no test runs: {sorted(unknown)}; run them in "
        "tests/test_readme_commands.py, or say in NOT_RUN why not"
    )
    gone = (RUN | set(NOT_RUN)) - commands
    assert not gone, f"No longer in README.md: {sorted(gone)}"
    for mention in mentions:
        assert any(command.startswith(f"python {mention}") for command in RUN), (
            f"README.md names `{mention}`, which no test runs"
        )


def test_the_make_targets_the_readme_names_exist():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w.-]+):", makefile, flags=re.M))
    for command in NOT_RUN:
        if " make " in f" {command} ":
            assert command.split()[-1] in targets, command


def test_the_readme_images_are_there_and_small():
    images = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", README.read_text(encoding="utf-8"))
    assert images, "the README shows the homepage"
    for image in images:
        path = ROOT / image
        assert path.is_file(), image
        assert path.stat().st_size < 200_000, f"{image} is not small"


# The environment, from nothing.


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(home: Path, **variables: str) -> dict[str, str]:
    """PATH with the virtualenv first (as when it is activated), HOME, and
    the given variables: nothing else of this process's environment."""
    return {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(home), **variables}


class Databases:
    """The deployment's database, and empty, migrated copies of it for the
    restore: temporary SQLite files, or databases of this module's own on
    the PostgreSQL server the suite uses."""

    def __init__(self, folder: Path):
        suite_url = os.environ.get("DATABASE_URL", "")
        self.server = suite_url if suite_url.startswith("postgres") else None
        self.folder = folder
        self.created: list[str] = []
        self.prefix = f"readme_{os.getpid()}_{secrets.token_hex(3)}"

    def url(self, name: str) -> str:
        if self.server is None:
            return f"sqlite:///{self.folder / name}.sqlite3"
        parts = urlsplit(self.server)
        return urlunsplit(parts._replace(path=f"/{self.prefix}_{name}", query=""))

    def _sql(self, statement: str) -> None:
        import psycopg2

        parts = urlsplit(self.server)
        connection = psycopg2.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname="postgres",
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def create(self, name: str) -> str:
        if self.server is not None:
            self._sql(f'CREATE DATABASE "{self.prefix}_{name}"')
            self.created.append(name)
        return self.url(name)

    def copy(self, source: str, name: str) -> str:
        """A copy of ``source`` (nobody may be connected to it)."""
        if self.server is None:
            shutil.copyfile(
                self.folder / f"{source}.sqlite3", self.folder / f"{name}.sqlite3"
            )
        else:
            self._sql(
                f'CREATE DATABASE "{self.prefix}_{name}" '
                f'TEMPLATE "{self.prefix}_{source}"'
            )
            self.created.append(name)
        return self.url(name)

    def drop_all(self) -> None:
        for name in self.created:
            self._sql(f'DROP DATABASE IF EXISTS "{self.prefix}_{name}" WITH (FORCE)')


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


class Deployment:
    """The README's Deploying section, steps 1 to 3, in a temporary folder."""

    def __init__(self, folder: Path, databases: Databases):
        self.folder = folder
        self.databases = databases
        self.site = folder / "site"
        self.site.mkdir()
        for name in ["manage.py", "gunicorn.conf.py"]:
            (self.site / name).symlink_to(ROOT / name)
        self.port = free_port()
        # Step 1: the environment the README names, and where files go.
        self.env = clean_env(
            folder / "home",
            # The default, said out loud: a .env in the checkout cannot turn it on.
            DEBUG="false",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=HOST,
            DATABASE_URL=databases.create("site"),
            MEDIA_ROOT=str(folder / "media"),
            STATIC_ROOT=str(folder / "static"),
            CACHE_DIR=str(folder / "cache"),
            SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
            CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
            TRUSTED_PROXY_COUNT="1",
            AXES_FAILURE_LIMIT="3",
            BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY="2",
        )
        if redis_reachable():
            self.env["REDIS_URL"] = f"redis://127.0.0.1:6379/{REDIS_DB}"
            flush_redis(self.env["REDIS_URL"])
        (folder / "home").mkdir()
        self.server: subprocess.Popen | None = None
        self.server_log = folder / "gunicorn.log"

    def run(self, argv: list[str], *, check=True, **env: str):
        result = subprocess.run(
            argv,
            cwd=self.site,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=180,
        )
        if check:
            assert result.returncode == 0, (
                f"{shlex.join(argv)}\n{result.stdout}\n{result.stderr}"
            )
        return result

    def serve(self, argv: list[str]) -> str:
        with self.server_log.open("w") as log:
            self.server = subprocess.Popen(
                argv, cwd=self.site, env=self.env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.server.poll() is None, self.server_log.read_text()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return f"http://127.0.0.1:{self.port}"
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not start:\n" + self.server_log.read_text())

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    """Deploying, steps 1 to 3: the environment, migrate, collectstatic and
    ensure_admin, then gunicorn. One site for the whole module."""
    folder = tmp_path_factory.mktemp("deploy")
    databases = Databases(folder)
    site = Deployment(folder, databases)
    try:
        # Step 2. collectstatic touches no database: both run at once.
        with ThreadPoolExecutor() as pool:
            collecting = pool.submit(site.run, as_written(COLLECTSTATIC))
            site.run(as_written(MIGRATE))
            collecting.result()
        assert (folder / "static" / "staticfiles.json").exists()
        # An empty, migrated database, kept for the restore tests.
        databases.copy("site", "empty")
        admin = site.run(as_written(ENSURE_ADMIN)).stdout
        site.admin_password = re.search(r"password: (\S+)", admin).group(1)
        # Step 3.
        site.base = site.serve(as_written(GUNICORN))
        yield site
    finally:
        site.stop()
        databases.drop_all()
        if "REDIS_URL" in site.env:
            flush_redis(site.env["REDIS_URL"])


# Talking to gunicorn as the TLS proxy does: the site's host name, the
# scheme the visitor used, and the visitor's address appended to
# X-Forwarded-For. Cookies are passed by hand: they are https-only, while
# the proxy speaks plain http to gunicorn.


def send(
    base: str,
    path: str,
    headers: dict,
    *,
    data: dict | None = None,
    cookies: dict | None = None,
    source: str | None = None,
):
    """(status, headers, body) of one request; redirects are not followed."""
    parts = urlsplit(base)
    headers = {"Host": HOST, **headers}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if data is not None:
        body = urlencode(data)
        headers |= {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
        }
    options = {"timeout": 30, "source_address": (source, 0) if source else None}
    if parts.scheme == "https":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # nginx's self-signed certificate
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, context=context, **options
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, **options)
    try:
        connection.request("GET" if body is None else "POST", path, body, headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def through_proxy(base: str, path: str, visitor: str = "198.51.100.7", **kwargs):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": visitor}
    return send(base, path, headers, **kwargs)


def set_cookies(headers) -> dict:
    cookies = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    return cookies


def sign_in(request, username: str, password: str) -> int:
    """The password step of the back office's sign-in, through ``request``."""
    login = "/admin/account/login/"
    _status, headers, page = request(login)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, _headers, _body = request(
        login,
        cookies=set_cookies(headers),
        data={
            "csrfmiddlewaretoken": token,
            "login_view-current_step": "auth",
            "auth-username": username,
            "auth-password": password,
        },
    )
    return status


def visitor_at(base: str, address: str):
    """Requests from a visitor at ``address``, as the proxy forwards them."""
    return functools.partial(through_proxy, base, visitor=address)


# The tests.


@pytest.mark.parametrize("module", ["armcms.wsgi", "armcms.asgi"])
def test_the_site_loads_without_a_settings_module_named(tmp_path, module):
    env = clean_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(50))
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}; print({module}.application)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "DJANGO_SETTINGS_MODULE" not in env


def test_gunicorn_serves_the_site_behind_the_proxy(deployed):
    # gunicorn.conf.py read BIND and WEB_CONCURRENCY.
    deadline = time.monotonic() + 30
    while deployed.server_log.read_text().count("Booting worker") < 2:
        assert time.monotonic() < deadline, deployed.server_log.read_text()
        time.sleep(0.1)
    log = deployed.server_log.read_text()
    assert f"Listening at: {deployed.base}" in log
    assert log.count("Booting worker") == 2

    status, _headers, body = through_proxy(deployed.base, "/healthz")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": "ok", "cache": "ok"}
    status, headers, body = through_proxy(deployed.base, "/")
    assert status == 200
    assert "Strict-Transport-Security" in headers
    # Plain http, not through the proxy, is sent to https.
    status, headers, _body = send(deployed.base, "/", {})
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/"


@pytest.mark.skipif(not shutil.which("curl"), reason="no curl")
def test_curl_asks_gunicorn_for_its_health_as_the_proxy_does(deployed):
    address = deployed.env["BIND"]
    result = subprocess.run(
        as_written(CURL_HEALTHZ, **{"your.host": HOST, "127.0.0.1:8000": address}),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert json.loads(result.stdout)["status"] == "ok"


def readme_block(language: str) -> str:
    blocks = re.findall(
        rf"^ *```{language}\n(.*?)^ *```", readme_text(), flags=re.S | re.M
    )
    assert len(blocks) == 1, f"one {language} block in README.md"
    return textwrap.dedent(blocks[0])


@pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("openssl")),
    reason="needs nginx and openssl",
)
def test_the_readme_nginx_block_forwards_what_the_site_needs(deployed, tmp_path):
    """The README's nginx location, in a TLS server in front of gunicorn:
    visitors at two loopback addresses, one of them guessing passwords."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={HOST}", "-keyout", str(tmp_path / "key.pem"),
         "-out", str(tmp_path / "cert.pem")],
        capture_output=True,
        check=True,
        timeout=60,
    )  # fmt: skip
    port = free_port()
    location = readme_block("nginx").replace("http://127.0.0.1:8000", deployed.base)
    (tmp_path / "nginx.conf").write_text(
        f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
worker_processes 1;
events {{}}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name {HOST};
        ssl_certificate {tmp_path}/cert.pem;
        ssl_certificate_key {tmp_path}/key.pem;
{textwrap.indent(location, " " * 8)}
    }}
}}
"""
    )
    nginx = subprocess.Popen(
        ["nginx", "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert nginx.poll() is None, nginx.stderr.read().decode()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        proxy = f"https://127.0.0.1:{port}"
        guesser = functools.partial(send, proxy, headers={}, source="127.0.0.2")
        colleague = functools.partial(send, proxy, headers={}, source="127.0.0.3")
        assert guesser("/healthz")[0] == 200
        # A forged X-Forwarded-For is kept to the left of the address nginx
        # saw, and ignored.
        forging = functools.partial(
            send, proxy, headers={"X-Forwarded-For": "127.0.0.3"}, source="127.0.0.2"
        )
        statuses = [sign_in(forging, "admin", "wrong") for _ in range(3)]
        assert statuses == [200, 200, 429]
        assert sign_in(guesser, "admin", deployed.admin_password) == 429
        assert sign_in(colleague, "admin", deployed.admin_password) == 302
    finally:
        nginx.terminate()
        nginx.wait(timeout=30)


def test_the_deploy_check_finds_nothing(deployed):
    result = deployed.run(as_written(CHECK_DEPLOY))
    assert "no issues" in result.stdout


def test_ensure_admin_creates_one_admin_only(deployed):
    again = deployed.run(as_written(ENSURE_ADMIN))
    assert "already exists" in again.stdout
    visitor = visitor_at(deployed.base, "192.0.2.1")
    assert sign_in(visitor, "admin", deployed.admin_password) == 302


def test_seed_demo_loads_the_demo_content(deployed):
    result = deployed.run(as_written(SEED_DEMO))
    assert "Demo content loaded" in result.stdout
    status, _headers, body = through_proxy(deployed.base, "/news/")
    assert status == 200
    assert body.count('<article class="card"') >= 5


def test_import_wordpress_tries_then_imports(deployed):
    shutil.copyfile(WORDPRESS / "export.xml", deployed.site / "export.xml")
    shutil.copytree(WORDPRESS / "uploads", deployed.site / "uploads")
    old_address = "/2021/04/fairmined-agreement/"

    tried = deployed.run(as_written(IMPORT_DRY_RUN))
    assert "Miners sign the Fairmined agreement" in tried.stdout
    assert through_proxy(deployed.base, old_address)[0] == 404

    deployed.run(as_written(IMPORT))
    status, headers, _body = through_proxy(deployed.base, old_address)
    assert status == 301
    # The post's category sends it to the press releases.
    assert headers["Location"] == "/press/fairmined-agreement/"
    # Imported images and PDFs went to MEDIA_ROOT.
    assert any(path.is_file() for path in (deployed.folder / "media").rglob("*.pdf"))


def test_a_lockout_behind_the_proxy_and_its_reset(deployed):
    guesser = visitor_at(deployed.base, "203.0.113.5")
    colleague = visitor_at(deployed.base, "198.51.100.7")
    password = deployed.admin_password
    statuses = [sign_in(guesser, "admin", "wrong") for _ in range(3)]
    assert statuses == [200, 200, 429]  # AXES_FAILURE_LIMIT=3
    # Not the colleague behind the same proxy...
    assert sign_in(colleague, "admin", password) == 302
    # ...and the guesser's address stays locked until the reset.
    assert sign_in(guesser, "admin", password) == 429

    deployed.run(as_written(AXES_RESET_USERNAME, USERNAME="admin"))
    assert sign_in(guesser, "admin", password) == 302
    # The other two the README names beside it.
    with ThreadPoolExecutor() as pool:
        runs = [
            pool.submit(deployed.run, ["python", "manage.py", *command.split()])
            for command in ["axes_reset_ip 203.0.113.5", "axes_reset"]
        ]
    for run in runs:
        run.result()


def test_clear_upload_drafts_runs(deployed):
    result = deployed.run(as_written(CLEAR_UPLOAD_DRAFTS))
    assert "Deleted" in result.stdout


def test_make_renditions_runs(deployed):
    result = deployed.run(as_written(MAKE_RENDITIONS, **{"[--all]": "--all"}))
    assert "Made the renditions of" in result.stdout
    result = deployed.run(as_written(MAKE_RENDITIONS, **{" [--all]": ""}))
    assert "Made the renditions of 0 image(s)" in result.stdout


def test_rebuild_search_index_runs(deployed):
    result = deployed.run(as_written(REBUILD_SEARCH_INDEX))
    assert result.stdout == "Search index rebuilt.\n"


@pytest.fixture(scope="module")
def archive(deployed):
    path = deployed.folder / "site-backup.zip"
    backup = deployed.run(as_written(BACKUP, **{"[PATH]": str(path)}))
    assert "Backup written" in backup.stdout
    return path


def files_under(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def test_backup_then_restore_into_a_new_database(deployed, archive):
    # "Create the empty database, run migrate, then restore ARCHIVE", with
    # media of its own.
    elsewhere = {
        "DATABASE_URL": deployed.databases.copy("empty", "restored"),
        "MEDIA_ROOT": str(deployed.folder / "media-restored"),
    }
    deployed.run(as_written(MIGRATE), **elsewhere)
    restored = deployed.run(as_written(RESTORE, ARCHIVE=str(archive)), **elsewhere)
    assert "Restored" in restored.stdout
    assert files_under(deployed.folder / "media") == files_under(
        deployed.folder / "media-restored"
    )
    # Into a site with content again: with --replace.
    replaced = deployed.run(
        as_written(
            RESTORE_REPLACE, ARCHIVE=str(archive), **{"[--replace]": "--replace"}
        ),
        **elsewhere,
    )
    assert "Restored" in replaced.stdout


def test_ensure_admin_with_a_name_comes_after_a_restore(deployed, archive):
    fresh = {"DATABASE_URL": deployed.databases.copy("empty", "named")}
    created = deployed.run(
        as_written(
            ENSURE_ADMIN_NAMED,
            **{
                "[--username NAME]": "--username chief",
                "[--email ADDRESS]": "--email chief@example.org",
            },
        ),
        **fresh,
    )
    assert "chief" in created.stdout
    # A site with a user is refused a restore without --replace: restore
    # comes before ensure_admin, as the README says.
    refused = deployed.run(
        as_written(RESTORE, ARCHIVE=str(archive)), check=False, **fresh
    )
    assert refused.returncode != 0
    assert "already has content" in refused.stderr
    assert "--replace" in refused.stderr
