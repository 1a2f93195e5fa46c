"""`flask demo` sets up both sides: the therapist has the demo person as a client."""
import re

from tests.fixtures.accounts import TOTP_SECRETS, sign_in_with_code
from webapp.cli import DEMO_PASSWORD, DEMO_THERAPIST
from webapp.sharing.demo import DEMO_TOTP_SECRET


def test_demo_shows_the_therapist_side_too(app, runner):
    assert runner.invoke(args=["demo", "--days", "20"]).exit_code == 0
    assert runner.invoke(args=["demo", "--days", "20"]).exit_code == 0  # twice: still one share
    client = app.test_client()
    TOTP_SECRETS[DEMO_THERAPIST] = DEMO_TOTP_SECRET
    sign_in_with_code(client, DEMO_THERAPIST, DEMO_PASSWORD)
    listing = client.get("/clients").get_data(as_text=True)
    assert "Sam (demo)" in listing
    ids = set(re.findall(r'href="/clients/(\d+)"', listing))
    assert len(ids) == 1
    assert client.get(f"/clients/{ids.pop()}").status_code == 200


def test_the_demo_dashboard_shows_practice_a_reliable_change_and_both_alerts(app, runner):
    assert runner.invoke(args=["demo", "--days", "30"]).exit_code == 0
    assert runner.invoke(args=["demo", "--days", "30"]).exit_code == 0  # replaced, not doubled
    client = app.test_client()
    TOTP_SECRETS[DEMO_THERAPIST] = DEMO_TOTP_SECRET
    sign_in_with_code(client, DEMO_THERAPIST, DEMO_PASSWORD)
    listing = client.get("/clients").get_data(as_text=True)
    assert "PHQ-9 6, reliable improvement" in listing
    assert "Red flag: see a doctor this week" in listing
    assert "Questionnaire: question 9" in listing
    assert re.search(r"Practice (\d+) of (\d+) so far", listing)
    share_id = re.search(r'href="/clients/(\d+)"', listing).group(1)
    page = client.get(f"/clients/{share_id}").get_data(as_text=True)
    assert "4-7-8" in page and "None of these: Tested my strength" in page
    assert "9 of 15 done so far (60%)" in page
