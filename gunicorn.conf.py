"""
gunicorn settings for production: `gunicorn armcms.wsgi` reads this file.
Each value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import gc
import multiprocessing
import os
from pathlib import Path

import environ

# The .env beside manage.py that the settings read, read here too so that
# BIND and WEB_CONCURRENCY may be set there (the environment wins over it).
environ.Env.read_env(Path(__file__).resolve().parent / ".env")

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Sync workers: each serves one request at a time; pages come from the shared
# cache or from PostgreSQL, so several workers (and machines) can run side by
# side.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, so a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# Load the site once, in this master process, and fork the workers from it: a
# worker started or recycled serves at once instead of importing Django and
# the site first (most of a second). New code needs a restart, not a HUP.
preload_app = True
# Behind the TLS proxy: trust its X-Forwarded-* headers from loopback only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info")


def when_ready(server):
    """In the master, with the site loaded, before the first worker forks."""
    if server.cfg.preload_app:
        # Everything loaded so far lives as long as the process: leave it out
        # of the garbage collector's rounds, which would walk it in every
        # worker (and copy the memory pages the workers share with the master).
        gc.freeze()
