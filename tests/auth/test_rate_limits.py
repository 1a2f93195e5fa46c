"""Rate limits hold on the real server: through gunicorn with the embedded default
(memory:// counters) and with several workers sharing Redis; a production start
that would split the counters refuses to run; a clinic behind one address is
never locked out by other people's successful sign-ins."""
from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.accounts import PASSWORD, post_form
from tests.fixtures.database import migrate

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
SECRET = "rate-limit-test-secret-0123456789-abcdefghijklmnop"
REDIS = "redis://127.0.0.1:6379/0"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


class Server:
    """gunicorn started with the project's own gunicorn.conf.py, as `make run` does."""

    def __init__(self, tmp: Path, **env: str) -> None:
        db = tmp / "steady.sqlite3"
        if not db.exists():
            migrate(f"sqlite:///{db}")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"gunicorn-{self.port}.log"
        self._log_file = self.log.open("w")
        environment = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": SECRET,
                       "PORT": str(self.port), "STEADY_ARGON2_TIME_COST": "1",
                       "STEADY_ARGON2_MEMORY_KIB": "1024", **env}
        self.process = subprocess.Popen(
            [str(GUNICORN), "--config", "gunicorn.conf.py", "--no-control-socket",
             "--bind", f"127.0.0.1:{self.port}", "wsgi:app"],
            cwd=ROOT, env=environment, stdout=self._log_file, stderr=subprocess.STDOUT)

    def wait(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.log.read_text())
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer:\n" + self.log.read_text())

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self._log_file.close()
        return self.log.read_text()


class Browser:
    """A cookie-keeping client that posts forms with their CSRF token."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())

    def post(self, path: str, data: dict[str, str]) -> int:
        page = self.opener.open(self.url + path).read().decode()
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrf_token": token, **data}).encode()
        try:
            return self.opener.open(self.url + path, body).status
        except urllib.error.HTTPError as err:
            return err.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def register(url: str, email: str) -> None:
    status = Browser(url).post("/register", {"email": email, "password": PASSWORD,
                                             "display_name": "Sam", "timezone": "UTC"})
    assert status == 302


def wrong_password_statuses(url: str, email: str, tries: int) -> list[int]:
    return [Browser(url).post("/login", {"email": email, "password": "not it at all " + str(i)})
            for i in range(tries)]


@pytest.fixture
def server(tmp_path: Path) -> Iterator:
    started: list[Server] = []

    def _start(**env: str) -> Server:
        srv = Server(tmp_path, **env)
        started.append(srv)
        srv.wait()
        return srv

    yield _start
    for srv in started:
        srv.stop()


def test_the_embedded_default_counts_across_its_workers(server):
    srv = server(WEB_CONCURRENCY="2")  # what `make run` asks for
    register(srv.url, "sam@example.com")
    statuses = wrong_password_statuses(srv.url, "sam@example.com", 10)
    assert statuses == [422] * 5 + [429] * 5
    log = srv.stop()
    assert "serving from 1 worker with 4 threads" in log  # nothing else answers meanwhile


@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_two_workers_sharing_redis_count_together(server):
    prefix = f"steady-test-{uuid.uuid4().hex}"
    srv = server(WEB_CONCURRENCY="2", RATELIMIT_STORAGE_URI=REDIS,
                 STEADY_RATELIMIT_KEY_PREFIX=prefix)
    register(srv.url, "kim@example.com")
    statuses = wrong_password_statuses(srv.url, "kim@example.com", 10)
    assert statuses == [422] * 5 + [429] * 5
    log = srv.stop()
    assert log.count("Booting worker") >= 2 and "serving from 1 worker" not in log


def test_production_refuses_several_workers_with_private_counters(tmp_path: Path):
    srv = Server(tmp_path, WEB_CONCURRENCY="3", STEADY_ENV_NAME="production")
    assert srv.process.wait(30) != 0
    assert "Refusing to start 3 workers" in srv.stop()


def test_a_clinic_behind_one_address_can_all_sign_in(app, make_user, client):
    app.config["RATELIMIT_LOGIN"] = "10 per minute"
    people = [make_user() for _ in range(25)]
    for someone in people:
        fresh = app.test_client()
        assert post_form(fresh, "/login", {"email": someone.email,
                                           "password": PASSWORD}).status_code == 302
    guesses = [post_form(client, "/login",
                         {"email": people[0].email, "password": "guess " + str(i)}).status_code
               for i in range(7)]
    assert guesses == [422] * 5 + [429] * 2
