"""gunicorn settings; the bind address comes from the command line or PORT.

Rate-limit counters in `memory://` live inside one process, so several workers
would each allow the full limit. The embedded default therefore serves from one
worker with threads; with a shared store (RATELIMIT_STORAGE_URI=redis://...)
it runs WEB_CONCURRENCY workers (2 unless set). A production start that would
split the counters refuses to run."""
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# One process runs one Python thread at a time, so threads only help a worker while
# a request waits (the database, a slow phone). Past two, they queue for the CPU:
# with 2 workers on 2 cores, 4 threads each served the sync POST about 10 % slower
# than 2 did, and pages' p99 rose from about 30 ms to 45. A server kept to one worker
# (below) has nothing else to answer with while one request works, so it gets 4.
THREADS_ALONE = 4
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
accesslog = "-"
# Paths only: query strings could carry tokens or search words from a diary.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """Refuse to serve a database that is behind the code's schema, and never let
    per-process rate-limit counters multiply the limits."""
    from webapp import create_app, db
    from webapp.extensions import counters_are_shared

    app = create_app()
    with app.app_context():
        if not db.schema_is_current(db.get_engine()):
            server.log.error("The database schema is behind: run `flask --app wsgi db upgrade`.")
            raise SystemExit(4)
    if server.num_workers > 1 and not counters_are_shared(app):
        storage = app.config["RATELIMIT_STORAGE_URI"]
        if app.config["ENV_NAME"] == "production":
            server.log.error(
                "Refusing to start %d workers with rate-limit counters in %s: each process "
                "would count on its own and every limit would be multiplied. Set "
                "RATELIMIT_STORAGE_URI to a store all workers share (for example "
                "redis://127.0.0.1:6379/0), or WEB_CONCURRENCY=1.", server.num_workers, storage)
            raise SystemExit(5)
        if not os.environ.get("GUNICORN_THREADS"):
            server.cfg.set("threads", THREADS_ALONE)
        server.log.warning(
            "Rate-limit counters are in %s, which one process cannot share with another: "
            "serving from 1 worker with %d threads instead of %d workers so that limits hold. "
            "Set RATELIMIT_STORAGE_URI=redis://... to run several workers.",
            storage, server.cfg.threads, server.num_workers)
        server.num_workers = 1
