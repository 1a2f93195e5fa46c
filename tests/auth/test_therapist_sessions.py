"""A therapist's session ends after 30 minutes idle and 12 hours in all (config
values, on the app's fixed clock); a person's session is unchanged."""
from tests.fixtures.accounts import PASSWORD, post_form


def clock(app):
    return app.config["CLOCK"]


def test_idle_therapist_is_signed_out(app, client, therapist):
    assert client.get("/clients").status_code == 200
    clock(app).advance(minutes=29)
    assert client.get("/clients").status_code == 200
    clock(app).advance(minutes=29)  # 29 minutes after the last request: still fine
    assert client.get("/clients").status_code == 200
    clock(app).advance(minutes=31)
    response = client.get("/clients", follow_redirects=True)
    assert "/login" in response.request.path
    assert "30 minutes without activity" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_therapist_session_ends_after_twelve_hours_however_active(app, client, therapist):
    minutes = 0
    while client.get("/clients").status_code == 200:
        clock(app).advance(minutes=25)
        minutes += 25
    assert 12 * 60 < minutes <= 12 * 60 + 25
    response = client.get("/login")
    assert "at most 12 hours" in response.get_data(as_text=True)


def test_limits_are_config_values(app, client, therapist):
    app.config["THERAPIST_IDLE_SECONDS"] = 60
    clock(app).advance(seconds=61)
    assert client.get("/clients").status_code == 302


def test_a_persons_session_is_unchanged(app, client, person):
    clock(app).advance(hours=13)
    assert client.get("/account").status_code == 200


def test_therapists_are_never_remembered(app, client, make_user):
    therapist = make_user(role="therapist", two_factor=False)
    response = post_form(client, "/login", {"email": therapist.email, "password": PASSWORD,
                                            "remember": "y"})
    assert response.status_code == 302
    assert "remember_token" not in response.headers.get("Set-Cookie", "")
