"""`flask demo` sets up both sides: the therapist has the demo person as a client."""
import re

from tests.fixtures.accounts import post_form
from webapp.cli import DEMO_PASSWORD, DEMO_THERAPIST


def test_demo_shows_the_therapist_side_too(app, runner):
    assert runner.invoke(args=["demo", "--days", "20"]).exit_code == 0
    assert runner.invoke(args=["demo", "--days", "20"]).exit_code == 0  # twice: still one share
    client = app.test_client()
    post_form(client, "/login", {"email": DEMO_THERAPIST, "password": DEMO_PASSWORD})
    listing = client.get("/clients").get_data(as_text=True)
    assert "Sam (demo)" in listing
    ids = set(re.findall(r'href="/clients/(\d+)"', listing))
    assert len(ids) == 1
    assert client.get(f"/clients/{ids.pop()}").status_code == 200
