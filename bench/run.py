"""
The benchmark: fills PostgreSQL with an archive, serves the site with gunicorn
(production settings, DEBUG off, 2 workers) beside a floor (a bare Django
view of the homepage's size, same gunicorn settings), loads every page type
with wrk on loopback, with the page cache warm and off, and prints a table.
Then does it again at ten times the volume.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
armcms_bench; the database is dropped and made anew), BENCH_SECONDS per run
(10), BENCH_CONNECTIONS (8), BENCH_SCALES (1,10), BENCH_NEWS (10000),
BENCH_REDIS_URL (redis://127.0.0.1:6379/8 when a server answers there; the
file cache otherwise).
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

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10").split(",")]
NEWS = int(os.environ.get("BENCH_NEWS", "10000"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/armcms_bench"
)
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


def measure(scale: int) -> dict:
    news = NEWS * scale
    print(f"\n== Filling {news} news articles ...", flush=True)
    recreate_database()
    run(sys.executable, "manage.py", "migrate", "--noinput", "-v", "0")
    run(
        sys.executable, "-m", "bench.fill",
        "--news", str(news),
        "--press", str(news // 5),
        "--publications", str(news // 5),
    )  # fmt: skip
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
    for mode, seconds in (("warm", "600"), ("off", "0")):
        server, base = serve("armcms.wsgi", PAGE_CACHE_SECONDS=seconds)
        try:
            for name, url in PAGES:
                with urllib.request.urlopen(base + url) as response:
                    body = response.read()
                figures = load(base + url)
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
        "| page | warm req/s | warm p50 / p99 ms | warm x floor | off req/s "
        "| off p50 / p99 ms | off x floor | SQL queries | bytes |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, url in PAGES:
        page = results["pages"][name]
        warm, off = page["warm"], page["off"]
        lines.append(
            f"| {name} | {warm['rps']:,.0f} | {warm['p50']:.1f} / {warm['p99']:.1f} "
            f"| {warm['rps'] / floor:.2f} | {off['rps']:,.0f} "
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
        results = measure(scale)
        all_results.append(results)
        print()
        print(table(results), flush=True)
    if len(all_results) > 1:
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
