"""
The benchmark: fills PostgreSQL with an archive, serves the site with gunicorn
(production settings, DEBUG off, 2 workers) beside a floor (a bare Django
view of the homepage's size, same gunicorn settings), loads every page type
with wrk on loopback, with the page cache warm, missing (on, but each page
built: what a change costs) and off, and prints a table.
After each table, two scenarios of bench/traffic.py: an edit storm (a
mixed load while an editor publishes changes in the admin, beside the same
load without edits and without the page cache) and a cold crawl (every
address once from an empty cache). Then does it all again at ten times the
volume.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
armcms_bench; the database is dropped and made anew), BENCH_SECONDS per run
(10), BENCH_CONNECTIONS (8), BENCH_SCALES (1,10), BENCH_NEWS (10000),
BENCH_REDIS_URL (redis://127.0.0.1:6379/8 when a server answers there; the
file cache otherwise; the cold crawl empties it), BENCH_SCENARIOS (pages,
storm,crawl: which parts run), BENCH_STORM_SECONDS per storm run (30),
BENCH_STORM_EVERY seconds between saves (2), BENCH_STORM_READS of each page
after a save (6), BENCH_CRAWL_NEWS news articles in the crawl (2000).
"""

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import psycopg2
import redis

from bench import traffic

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10").split(",")]
NEWS = int(os.environ.get("BENCH_NEWS", "10000"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/armcms_bench"
)
SCENARIOS = os.environ.get("BENCH_SCENARIOS", "pages,storm,crawl").split(",")
STORM_SECONDS = int(os.environ.get("BENCH_STORM_SECONDS", "30"))
STORM_EVERY = float(os.environ.get("BENCH_STORM_EVERY", "2"))
STORM_READS = int(os.environ.get("BENCH_STORM_READS", "6"))
CRAWL_NEWS = int(os.environ.get("BENCH_CRAWL_NEWS", "2000"))
# Each storm run: its name, the page cache's lifetime, whether an editor works.
STORM_RUNS = [
    ("no edits", "600", False),
    ("edit storm", "600", True),
    ("page cache off, edit storm", "0", True),
]
EDITOR = ("bench-editor", "bench-only-password-not-for-production-use")
PAGES = [
    ("homepage", "/"),
    ("news list", "/news/"),
    ("filtered list", "/news/?topic=gender&country=colombia&year=2025"),
    ("press list", "/press/"),
    ("publication list", "/publications/"),
    ("news detail", "/news/newsarticle-0/"),
    ("press detail", "/press/pressrelease-0/"),
    ("publication detail", "/publications/publication-0/"),
    ("impact", "/impact/"),
    ("search", "/search/?q=Altori042"),
    ("feed", "/feeds/news/"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap section", "/sitemap-news.xml"),
    # The archive is in English: Spanish pages show it as a fallback.
    ("homepage, Spanish", "/es/"),
    ("news detail, Spanish", "/es/news/newsarticle-0/"),
]


def redis_url() -> str:
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), 0.5):
            return url
    except OSError:
        return ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env() -> dict:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-use",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        # Plain http on loopback: in production a TLS proxy sits in front.
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": DATABASE_URL,
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "CACHE_DIR": str(WORK / "cache"),
        "DJANGO_SETTINGS_MODULE": "armcms.settings",
        "REDIS_URL": redis_url(),
    }
    return env


def run(*command, env=None):
    subprocess.run(command, cwd=ROOT, env=env or base_env(), check=True)


def recreate_database():
    parsed = urlparse(DATABASE_URL)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def serve(app: str, **env) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", app,
            "--config", str(ROOT / "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{port}",
            "--workers", "2",
            "--no-control-socket",
            "--access-logfile", "/dev/null",
            "--error-logfile", str(WORK / "gunicorn.log"),
        ],
        cwd=ROOT,
        env={**base_env(), **env},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/healthz" if app != "bench.floor" else base)
            return server, base
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{app} did not start")


def stop(server):
    server.terminate()
    server.wait(timeout=20)


def to_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def load(url: str) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(re.search(r"\n\s+50%\s+(\S+)", output).group(1)),
        "p99": to_ms(re.search(r"\n\s+99%\s+(\S+)", output).group(1)),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def fill(news: int):
    print(f"\n== Filling {news} news articles ...", flush=True)
    recreate_database()
    run(sys.executable, "manage.py", "migrate", "--noinput", "-v", "0")
    run(
        sys.executable, "-m", "bench.fill",
        "--news", str(news),
        "--press", str(news // 5),
        "--publications", str(news // 5),
    )  # fmt: skip


def measure(news: int) -> dict:
    counts = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.queries", *(url for _n, url in PAGES)],
            cwd=ROOT,
            env={**base_env(), "PAGE_CACHE_SECONDS": "0"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    results = {"news": news, "pages": {}, "counts": counts}
    for mode, seconds in (("miss", "600"), ("warm", "600"), ("off", "0")):
        server, base = serve("armcms.wsgi", PAGE_CACHE_SECONDS=seconds)
        try:
            if mode == "miss":
                empty_cache()
            for name, url in PAGES:
                # A miss: the page cache on, but the page never stored. An
                # address with a parameter the page does not read is answered
                # by the page stored without it, and built, not stored, while
                # there is none; what pages share is kept as in production.
                address = url
                if mode == "miss":
                    address += ("&" if "?" in url else "?") + "utm_source=bench"
                with urllib.request.urlopen(base + address) as response:
                    body = response.read()
                figures = load(base + address)
                results["pages"].setdefault(name, {})[mode] = figures
                results["pages"][name]["bytes"] = len(body)
                print(f"   {mode:4} {name:18} {figures['rps']:8.0f} req/s", flush=True)
            if mode == "warm":
                results["transfer"] = homepage_transfer(base)
        finally:
            stop(server)
    floor_bytes = results["pages"]["homepage"]["bytes"]
    server, base = serve("bench.floor", BENCH_FLOOR_BYTES=str(floor_bytes))
    try:
        results["floor"] = load(base + "/")
    finally:
        stop(server)
    return results


def homepage_transfer(base: str) -> dict:
    """Compressed bytes of the homepage and everything it loads but images."""
    with urllib.request.urlopen(base + "/") as response:
        html = response.read()
    sizes = {"html": len(gzip.compress(html))}
    text = html.decode()
    for asset in re.findall(
        r'<(?:link rel="stylesheet"|script)[^>]+(?:href|src)="([^"]+)"', text
    ):
        with urllib.request.urlopen(base + asset) as response:
            sizes[asset] = len(gzip.compress(response.read()))
    foreign = re.findall(r'(?:src|href)="(https?://(?!127\.0\.0\.1)[^"]+)"', text)
    stylesheets_and_scripts = [u for u in foreign if not u.startswith("https://www.")]
    return {
        "bytes": sum(sizes.values()),
        "parts": sizes,
        "other_hosts": [u for u in stylesheets_and_scripts if "<" not in u],
    }


def table(results: dict) -> str:
    floor = results["floor"]["rps"]
    lines = [
        f"Archive: {results['news']:,} news articles, {results['news'] // 5:,} press "
        f"releases, {results['news'] // 5:,} publications. Floor (bare Django view, "
        f"{results['pages']['homepage']['bytes']:,} bytes): {floor:,.0f} req/s, "
        f"p50 {results['floor']['p50']:.1f} ms, p99 {results['floor']['p99']:.1f} ms.",
        "",
        "| page | warm req/s | warm p50 / p99 ms | warm x floor | miss req/s "
        "| miss x floor | off req/s | off p50 / p99 ms | off x floor | SQL queries "
        "| bytes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, url in PAGES:
        page = results["pages"][name]
        warm, miss, off = page["warm"], page["miss"], page["off"]
        lines.append(
            f"| {name} | {warm['rps']:,.0f} | {warm['p50']:.1f} / {warm['p99']:.1f} "
            f"| {warm['rps'] / floor:.2f} | {miss['rps']:,.0f} "
            f"| {miss['rps'] / floor:.2f} | {off['rps']:,.0f} "
            f"| {off['p50']:.1f} / {off['p99']:.1f} | {off['rps'] / floor:.2f} "
            f"| {results['counts'][url]['queries']} | {page['bytes']:,} |"
        )
    transfer = results["transfer"]
    lines.append("")
    lines.append(
        f"Homepage transfer, gzip, images excluded: {transfer['bytes']:,} bytes "
        f"({', '.join(f'{k}: {v:,}' for k, v in transfer['parts'].items())})."
    )
    return "\n".join(lines)


def storm_scenarios(news: int) -> dict:
    """
    The mixed load of bench/traffic.py without edits, with the edit storm,
    and with the storm and the page cache off; a new server for each, its
    page cache warmed first.
    """
    username, password = EDITOR
    run(
        sys.executable, "manage.py", "createsuperuser", "--noinput",
        "--username", username, "--email", "editor@example.org",
        env={**base_env(), "DJANGO_SUPERUSER_PASSWORD": password},
    )  # fmt: skip
    mix = traffic.storm_mix(news)
    results = {"news": news, "addresses": len(mix), "runs": {}}
    for name, cache_seconds, edits in STORM_RUNS:
        # The editor signs in with a password alone: the second factor is
        # not what is measured.
        server, base = serve(
            "armcms.wsgi", PAGE_CACHE_SECONDS=cache_seconds, REQUIRE_2FA="false"
        )
        try:
            traffic.crawl(base, mix, CONNECTIONS)
            editor = traffic.Editor(base, username, password) if edits else None
            figures = traffic.storm(
                base, mix, STORM_SECONDS, CONNECTIONS, editor, STORM_EVERY, STORM_READS
            )
        finally:
            stop(server)
        results["runs"][name] = figures
        print(f"   {name:26} {figures['rps']:8.0f} req/s", flush=True)
    return results


def storm_table(results: dict) -> str:
    """The storm's runs side by side, and what the edits cost."""
    runs = results["runs"]
    articles = results["addresses"] - 1 - len(traffic.LISTS)
    lines = [
        f"Edit storm, {results['news']:,} news articles: {results['addresses']} "
        f"addresses (the homepage, {len(traffic.LISTS)} lists, {articles} news "
        "articles) "
        f"picked at random by wrk, 2 threads x {CONNECTIONS} connections x "
        f"{STORM_SECONDS} s. Meanwhile an editor publishes a new title for a news "
        f"article through the admin, then reads its page and the lists that show "
        f"it {STORM_READS} times each, each read over a new connection (a read "
        f"without the new title is stale), and saves again {STORM_EVERY:g} s "
        "after the last save began, or when the reads are done.",
        "",
        "| run | req/s | page cache hits | non-2xx | saves | stale reads |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, _seconds, _edits in STORM_RUNS:
        figures = runs[name]
        edits = "0 | -"
        if "saves" in figures:
            edits = f"{figures['saves']} | {figures['stale']} of {figures['reads']}"
        lines.append(
            f"| {name} | {figures['rps']:,.0f} "
            f"| {figures['hits'] / figures['responses']:.1%} "
            f"| {figures['errors']} | {edits} |"
        )
    ratio = runs["edit storm"]["rps"] / runs["no edits"]["rps"]
    lines += ["", f"Storm / no-edit: {ratio:.2f} of the requests per second."]
    return "\n".join(lines)


def empty_cache():
    """Empty the bench's cache: its Redis database, or the file cache."""
    url = base_env()["REDIS_URL"]
    if url:
        redis.Redis.from_url(url).flushdb()
    else:
        shutil.rmtree(WORK / "cache", ignore_errors=True)


def cold_crawl(news: int) -> dict:
    """Each address of bench/traffic.py's crawl once, by page type, from an
    emptied cache."""
    server, base = serve("armcms.wsgi", PAGE_CACHE_SECONDS="600")
    try:
        details = traffic.news_details(min(news, CRAWL_NEWS))
        groups = traffic.crawl_groups(base, details)
        empty_cache()
        results = {}
        for name, addresses in groups.items():
            results[name] = traffic.crawl(base, addresses, CONNECTIONS)
            print(f"   crawl {name:20} {results[name]['rps']:8.0f} req/s", flush=True)
    finally:
        stop(server)
    return {"news": news, "pages": results}


def crawl_table(results: dict) -> str:
    """The crawl's rate for each page type, and for all of them."""
    lines = [
        f"Cold crawl, {results['news']:,} news articles: the cache emptied, then "
        f"each address once, {CONNECTIONS} at a time, one page type after another.",
        "",
        "| pages | addresses | seconds | req/s | page cache hits | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [*results["pages"].items()]
    total = {
        key: sum(figures[key] for _name, figures in rows)
        for key in ("requests", "seconds", "hits", "errors")
    }
    total["rps"] = total["requests"] / total["seconds"]
    for name, figures in [*rows, ("all", total)]:
        lines.append(
            f"| {name} | {figures['requests']:,} | {figures['seconds']:.1f} "
            f"| {figures['rps']:,.0f} | {figures['hits']} | {figures['errors']} |"
        )
    return "\n".join(lines)


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    WORK.mkdir(parents=True, exist_ok=True)
    run(sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0")
    cache = "Redis" if base_env()["REDIS_URL"] else "the file cache"
    print(
        f"armcms benchmark: {os.cpu_count()} cores, gunicorn 2 sync workers, "
        f"wrk 2 threads x {CONNECTIONS} connections x {SECONDS} s, "
        f"PostgreSQL, page cache in {cache}."
    )
    all_results = []
    for scale in SCALES:
        news = NEWS * scale
        fill(news)
        results = {"news": news}
        if "pages" in SCENARIOS:
            results.update(measure(news))
            print()
            print(table(results), flush=True)
        if "storm" in SCENARIOS:
            results["storm"] = storm_scenarios(news)
            print()
            print(storm_table(results["storm"]), flush=True)
        if "crawl" in SCENARIOS:
            results["crawl"] = cold_crawl(news)
            print()
            print(crawl_table(results["crawl"]), flush=True)
        all_results.append(results)
    if len(all_results) > 1 and "pages" in SCENARIOS:
        small, large = all_results[0], all_results[-1]
        print(f"\nFrom {small['news']:,} to {large['news']:,} news articles:")
        print("| page | off req/s change | SQL queries |")
        print("| --- | ---: | --- |")
        for name, url in PAGES:
            before = small["pages"][name]["off"]["rps"]
            after = large["pages"][name]["off"]["rps"]
            queries = (
                small["counts"][url]["queries"],
                large["counts"][url]["queries"],
            )
            change = 100 * (after - before) / before
            print(f"| {name} | {change:+.0f}% | {queries[0]} → {queries[1]} |")
    (WORK / "results.json").write_text(json.dumps(all_results, indent=2))


if __name__ == "__main__":
    main()
