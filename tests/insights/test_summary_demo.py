"""The demo person's doctor's page: the red-flag answer six weeks ago, the visit
that followed, a calm re-check since, and two questions for the next appointment."""
from __future__ import annotations

from tests.fixtures.accounts import PASSWORD, post_form
from webapp.cli import DEMO_PASSWORD, DEMO_PERSON


def test_the_demo_summary_shows_flags_the_visit_and_questions(app, runner, make_user):
    make_user(email="someone@example.com")  # a second person with no such records
    for _ in range(2):  # running the demo again replaces, never doubles
        result = runner.invoke(args=["demo", "--days", "60"])
        assert result.exit_code == 0, result.output
    client = app.test_client()
    assert post_form(client, "/login", {"email": DEMO_PERSON, "password": DEMO_PASSWORD}
                     ).status_code == 302
    html = client.get("/diary/summary").get_data(as_text=True)
    flags = html.split('id="flags-title"', 1)[1].split("</ul>", 1)[0]
    # Six weeks ago (seen by a doctor since) and three days ago (the therapist's alert).
    assert flags.count("<li>") == 2 and "weak" in flags.lower()
    assert "Dr Okafor (GP)" in html and "Blood tests" in html
    assert html.count("Do I need any more tests") == 2  # printed list and its edit form
    other = app.test_client()
    post_form(other, "/login", {"email": "someone@example.com", "password": PASSWORD})
    theirs = other.get("/diary/summary").get_data(as_text=True)
    assert "Dr Okafor" not in theirs and "Do I need any more tests" not in theirs
