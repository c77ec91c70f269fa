"""
The site when the services under it fail, with real servers: Redis stopped,
hung or out of reach; PostgreSQL restarted or stopped under a running worker;
a save the database refuses.

Servers that a test stops or hangs are its own (a redis-server, a PostgreSQL
cluster, each on a free port), so the shared ones other tests use are never
touched.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import redis
from django.db import connection
from django.urls import reverse
from reversion.models import Version

from armcms.pagecache.backends import ServerMarkedDown
from news.models import NewsArticle
from tests.armcms.admin_helpers import article_form, form_data
from tests.armcms.pagecache.test_workers import Site, fetch, free_port
from tests.news.factories import NewsArticleFactory

# They start servers of their own, and stop or hang them.
pytestmark = pytest.mark.slow

REDIS_SERVER = shutil.which("redis-server")
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the suite runs on SQLite: set DATABASE_URL to a PostgreSQL database",
)

# Small values so the tests stay fast; production's are in settings.CACHES.
FAST_REDIS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}


class RedisServer:
    """A redis-server of the test's own: no persistence, so a restart empties it."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(7) == b"+PONG\r\n":
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        self.resume()
        self.process.kill()
        self.process.wait(timeout=10)

    def pause(self):
        """Hung: connections are still accepted, but nothing is answered."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def redis_server():
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer()
    server.start()
    yield server
    if server.process.poll() is None:
        server.kill()


def use_redis(settings, url, **options):
    """Point the default cache at ``url`` (Django then builds a new client)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "armcms.pagecache.backends.RedisCache",
            "LOCATION": url,
            "OPTIONS": {**FAST_REDIS, **options},
        }
    }


def get(client, url="/"):
    response = client.get(url)
    return response, response.content.decode()


def redis_errors(caplog) -> list[Exception]:
    """The Redis errors the site logged (each failed cache call logs one)."""
    return [
        record.exc_info[1]
        for record in caplog.records
        if record.exc_info and isinstance(record.exc_info[1], redis.RedisError)
    ]


def waited_once(errors: list[Exception]) -> bool:
    """Only the first failed call reached the network; the others did not try."""
    return (
        len(errors) > 1
        and not isinstance(errors[0], ServerMarkedDown)
        and all(isinstance(error, ServerMarkedDown) for error in errors[1:])
    )


def change_title(admin_client, article, title):
    url = reverse("admin:news_newsarticle_change", args=[article.pk])
    return admin_client.post(url, form_data(admin_client.get(url), title_en=title))


UNAVAILABLE_CACHE = {"status": "unavailable", "database": "ok", "cache": "unavailable"}


# Redis stopped, hung, or never reached.


@pytest.mark.django_db
def test_redis_stopping_and_coming_back(client, admin_client, settings, redis_server):
    use_redis(settings, redis_server.url, down_for=0.3)
    article = NewsArticleFactory(title="Before the outage")
    assert get(client)[0]["X-Page-Cache"] == "miss"
    assert get(client)[0]["X-Page-Cache"] == "hit"

    redis_server.kill()
    response, html = get(client)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "Before the outage" in html
    assert change_title(admin_client, article, "Saved in the admin").status_code == 302
    response, html = get(client)
    assert (response.status_code, "Saved in the admin" in html) == (200, True)
    article.refresh_from_db()
    article.title = "Saved from code"
    article.save()
    assert "Saved from code" in get(client)[1]
    health = client.get("/healthz")
    assert (health.status_code, health.json()) == (503, UNAVAILABLE_CACHE)

    # Same port, same app: the cache is used again once the server is back.
    redis_server.start()
    time.sleep(0.35)
    response, html = get(client)
    assert (response["X-Page-Cache"], "Saved from code" in html) == ("miss", True)
    assert get(client)[0]["X-Page-Cache"] == "hit"
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_a_hung_redis_costs_one_timeout_not_one_per_request(
    client, admin_client, settings, redis_server, caplog
):
    # A window longer than the test: no call after the first may try again.
    use_redis(settings, redis_server.url, down_for=60)
    article = NewsArticleFactory(title="Served while Redis hangs")
    get(client)
    assert get(client)[0]["X-Page-Cache"] == "hit"

    redis_server.pause()
    try:
        response, html = get(client)  # waits for the socket timeout
        assert (response.status_code, "Served while Redis hangs" in html) == (200, True)
        for url in ["/news/", "/", "/news/"]:
            assert get(client, url)[0].status_code == 200
        assert change_title(admin_client, article, "Saved, quickly").status_code == 302
        assert "Saved, quickly" in get(client)[1]
        health = client.get("/healthz")
        assert (health.status_code, health.json()) == (503, UNAVAILABLE_CACHE)
    finally:
        redis_server.resume()
    errors = redis_errors(caplog)
    assert isinstance(errors[0], redis.TimeoutError)
    assert waited_once(errors)


@pytest.fixture
def unanswered_port():
    """
    A port whose connections are never accepted: its listen queue is full, so
    the kernel drops further connection attempts, as a firewall would.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    queued = []
    for _ in range(3):
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        queued.append(sock)
    time.sleep(0.05)
    yield port
    for sock in [*queued, listener]:
        sock.close()


@pytest.mark.parametrize("reach", ["refused", "unanswered"])
@pytest.mark.django_db
def test_an_unreachable_redis_is_tried_once(
    client, admin_client, settings, reach, request, caplog
):
    if reach == "unanswered":
        port = request.getfixturevalue("unanswered_port")
    else:
        port = free_port()  # nothing listens there
    article = NewsArticleFactory(title="Never cached")
    use_redis(settings, f"redis://127.0.0.1:{port}/0", down_for=60)
    response, html = get(client)
    assert (response.status_code, "Never cached" in html) == (200, True)
    assert change_title(admin_client, article, "Saved anyway").status_code == 302
    assert "Saved anyway" in get(client, "/news/")[1]
    health = client.get("/healthz")
    assert (health.status_code, health.json()) == (503, UNAVAILABLE_CACHE)
    errors = redis_errors(caplog)
    # Refused at once, or given up after the connect timeout.
    expected = redis.TimeoutError if reach == "unanswered" else redis.ConnectionError
    assert isinstance(errors[0], expected)
    assert waited_once(errors)


@pytest.mark.django_db
def test_a_change_made_while_redis_hung_shows_once_it_answers(
    client, settings, redis_server
):
    use_redis(settings, redis_server.url, down_for=0.5)
    article = NewsArticleFactory(title="Old title")
    get(client)
    redis_server.pause()
    try:
        get(client)  # the cache times out: it is now marked down
        article.title = "Changed during the outage"
        article.save()  # the version bump cannot reach the cache
    finally:
        redis_server.resume()
    time.sleep(0.5)
    assert "Changed during the outage" in get(client)[1]


# A save the database refuses.


REFUSAL = "armcms_test_refusal"


def create_refusal(event: str, action: str = "refuse") -> None:
    """
    A database rule the form knows nothing about: a trigger that fails the
    ``event`` (INSERT or UPDATE) of a news article whose title contains
    "[refused]". ``action`` "refuse" raises an error; "disconnect"
    (PostgreSQL only) ends the saving session's own connection instead.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE TRIGGER {REFUSAL} BEFORE {event} ON news_newsarticle "
                "FOR EACH ROW WHEN instr(NEW.title, '[refused]') > 0 "
                "BEGIN SELECT RAISE(ABORT, 'refused by a database rule'); END"
            )
            return
        statement = {
            "refuse": "RAISE EXCEPTION 'refused by a database rule';",
            "disconnect": "PERFORM pg_terminate_backend(pg_backend_pid());",
        }[action]
        cursor.execute(
            f"CREATE FUNCTION {REFUSAL}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {statement} RETURN NEW; END $$"
        )
        cursor.execute(
            f"CREATE TRIGGER {REFUSAL} BEFORE {event} ON news_newsarticle "
            "FOR EACH ROW WHEN (strpos(NEW.title, '[refused]') > 0) "
            f"EXECUTE FUNCTION {REFUSAL}()"
        )


def drop_refusal() -> None:
    """Needed after a transactional test only; PostgreSQL only."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER IF EXISTS {REFUSAL} ON news_newsarticle")
        cursor.execute(f"DROP FUNCTION IF EXISTS {REFUSAL}()")


def assert_form_kept(response, title, body):
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "nothing was changed" in " ".join(form.non_field_errors())
    assert (form["title_en"].value(), form["body_en"].value()) == (title, body)
    html = response.content.decode()
    assert "nothing was changed" in html
    assert title in html


@pytest.mark.django_db
def test_a_refused_change_keeps_the_input_and_the_saved_item(admin_client):
    article = NewsArticleFactory(title="Saved title", body="<p>Saved body</p>")
    versions = Version.objects.get_for_object(article).count()
    create_refusal("UPDATE")
    url = reverse("admin:news_newsarticle_change", args=[article.pk])
    title, body = "Edited title [refused]", "<p>Edited body</p>"
    data = form_data(admin_client.get(url), title_en=title, body_en=body)
    response = admin_client.post(url, data)
    assert_form_kept(response, title, body)
    article.refresh_from_db()
    assert (article.title, article.body) == ("Saved title", "<p>Saved body</p>")
    assert Version.objects.get_for_object(article).count() == versions

    # The editor changes what the rule refused and saves again.
    assert (
        admin_client.post(url, {**data, "title_en": "Edited title"}).status_code == 302
    )
    article.refresh_from_db()
    assert (article.title, article.body) == ("Edited title", "<p>Edited body</p>")


@pytest.mark.django_db
def test_a_refused_addition_keeps_the_input(admin_client):
    create_refusal("INSERT")
    title, body = "New title [refused]", "<p>New body</p>"
    response = admin_client.post(
        reverse("admin:news_newsarticle_add"),
        article_form(title_en=title, body_en=body),
    )
    assert_form_kept(response, title, body)
    assert not NewsArticle.objects.exists()
    assert not Version.objects.exists()


# Transactional: the view's own transaction is the outermost, as in production,
# so the connection can be opened afresh after the old one died.
@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_mid_save_keeps_the_input(admin_client):
    article = NewsArticleFactory(title="Saved title", body="<p>Saved body</p>")
    create_refusal("UPDATE", action="disconnect")
    try:
        url = reverse("admin:news_newsarticle_change", args=[article.pk])
        title, body = "Edited title [refused]", "<p>Edited body</p>"
        response = admin_client.post(
            url, form_data(admin_client.get(url), title_en=title, body_en=body)
        )
        assert_form_kept(response, title, body)
        article.refresh_from_db()
        assert article.title == "Saved title"
    finally:
        drop_refusal()


# PostgreSQL restarted or stopped under a running worker.


class PostgresCluster:
    """
    A PostgreSQL server of the test's own (initdb in a temporary folder), so
    restarting it disturbs no one else's connections.
    """

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="armcms-pg-"))
        self.as_postgres = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            shutil.chown(self.dir, "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/armcms"

    def run(self, program: str, *args: str, **kwargs):
        return subprocess.run(
            [*self.as_postgres, str(self.bin_dir / program), *args],
            check=True,
            capture_output=True,
            timeout=60,
            **kwargs,
        )

    def pg_ctl(self, action: str, *args: str):
        server_options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"
        )
        data, log = str(self.dir / "data"), str(self.dir / "log")
        self.run(
            "pg_ctl", action, "-D", data, "-l", log, "-o", server_options, "-w", *args
        )

    def init(self):
        self.run("initdb", "-D", str(self.dir / "data"), "-A", "trust", "--no-sync")
        self.pg_ctl("start")
        self.psql("postgres", "-c", "CREATE DATABASE armcms")

    def psql(self, database: str, *args: str, **kwargs) -> str:
        server = ("-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres")
        options = ("-X", "-qAt", "-v", "ON_ERROR_STOP=1")
        result = self.run("psql", *server, *options, "-d", database, *args, **kwargs)
        return result.stdout.decode().strip()

    def copy_database(self, settings_dict: dict):
        """The test database's tables and committed rows, through pg_dump."""
        dump = subprocess.run(
            [
                str(self.bin_dir / "pg_dump"),
                *("--no-owner", "--no-privileges"),
                *("-h", settings_dict["HOST"] or "localhost"),
                *("-p", str(settings_dict["PORT"] or 5432)),
                *("-U", settings_dict["USER"], settings_dict["NAME"]),
            ],
            env={**os.environ, "PGPASSWORD": settings_dict["PASSWORD"] or ""},
            check=True,
            capture_output=True,
            timeout=60,
        )
        self.psql("armcms", input=dump.stdout)

    def signal_server(self, signum: int):
        pid = int((self.dir / "data" / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signum)

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def own_postgres(db):
    major = connection.pg_version // 10000
    bin_dir = Path(f"/usr/lib/postgresql/{major}/bin")
    if not (bin_dir / "initdb").exists():
        pytest.skip(f"no PostgreSQL {major} server programs in {bin_dir}")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: initdb cannot run")
    cluster = PostgresCluster(bin_dir)
    try:
        cluster.init()
        yield cluster
    finally:
        cluster.destroy()


@needs_postgresql
def test_a_worker_rides_out_a_postgres_restart_and_outage(
    own_postgres, tmp_path, request
):
    own_postgres.copy_database(connection.settings_dict)
    # Collected static files: the 503 page links the stylesheet.
    static_root = request.getfixturevalue("collected_static")
    site = Site(tmp_path, static_root, redis_db=None)
    try:
        # No page cache: every request reaches the database, over the one
        # connection the worker keeps between requests (CONN_MAX_AGE).
        base = site.serve(
            DATABASE_URL=own_postgres.url + "?connect_timeout=2",
            PAGE_CACHE_SECONDS="0",
        )
        # The feed queries the articles table on every request.
        feed, health = base + "/feeds/news/", base + "/healthz"
        assert fetch(feed)[0] == 200
        kept = (
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = 'armcms' AND application_name <> 'psql'"
        )
        assert own_postgres.psql("postgres", "-c", kept) == "1"

        own_postgres.pg_ctl("restart", "-m", "fast")
        assert fetch(feed)[0] == 200

        own_postgres.pg_ctl("stop", "-m", "fast")
        status, _headers, body = fetch(health)
        assert (status, json.loads(body)) == (
            503,
            {"status": "unavailable", "database": "unavailable", "cache": "ok"},
        )
        # Pages, the sign-in page and unknown addresses: the plain 503 page,
        # in the page's language.
        for path, text in [
            ("/feeds/news/", "could not show this page"),
            ("/es/news/", "no pudo mostrar esta página"),
            ("/admin/account/login/", "could not show this page"),
            ("/nope/", "could not show this page"),
        ]:
            status, headers, body = fetch(base + path)
            assert (status, headers["Retry-After"], text in body) == (503, "30", True)

        # Back, but hung (stopped, or behind a dead link): connections are
        # accepted and never answered. The connect timeout ends the wait
        # (without it, the request outlives the client's 10 s).
        own_postgres.pg_ctl("start")
        own_postgres.signal_server(signal.SIGSTOP)
        try:
            status, _headers, body = fetch(health)
            assert (status, json.loads(body)["database"]) == (503, "unavailable")
            assert fetch(feed)[0] == 503
        finally:
            own_postgres.signal_server(signal.SIGCONT)
        assert fetch(health)[0] == 200
        assert fetch(feed)[0] == 200
        assert fetch(base + "/admin/account/login/")[0] == 200
    finally:
        site.stop()
