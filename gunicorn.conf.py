"""gunicorn settings; the bind address comes from the command line or PORT."""
import os

bind = f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
accesslog = "-"
# Paths only: query strings could carry tokens or search words from a diary.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """Refuse to serve a database that is behind the code's schema."""
    from webapp import create_app, db

    app = create_app()
    with app.app_context():
        if not db.schema_is_current(db.get_engine()):
            server.log.error("The database schema is behind: run `flask --app wsgi db upgrade`.")
            raise SystemExit(4)
