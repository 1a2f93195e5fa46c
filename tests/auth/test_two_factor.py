"""Two-step sign-in: setup, the code step after the password, recovery codes,
and turning it off. Every code is computed on the app's fixed clock."""
import re
from datetime import timedelta

import pyotp
from sqlalchemy import select

from tests.fixtures.accounts import PASSWORD, TOTP_SECRETS, post_form
from webapp.auth.models import RecoveryCode, TwoFactor


def clock(app):
    return app.config["CLOCK"]


def code_now(app, secret, **shift):
    return pyotp.TOTP(secret).at(clock(app)() + timedelta(**shift))


def set_up(client, app):
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    return secret, page


def password_step(client, email):
    return post_form(client, "/login", {"email": email, "password": PASSWORD})


def test_setup_shows_a_qr_code_and_the_key_then_ten_recovery_codes(app, client, person,
                                                                     db_session):
    secret, page = set_up(client, app)
    assert 'src="/account/two-factor/qr.svg"' in page
    qr = client.get("/account/two-factor/qr.svg")
    assert qr.mimetype == "image/svg+xml" and qr.headers["Cache-Control"] == "no-store"
    assert b"<svg" in qr.data
    assert set_up(client, app)[0] == secret  # a reload keeps the same key
    wrong = post_form(client, "/account/two-factor", {"code": "000000"})
    assert wrong.status_code == 422 and "That code is not right" in wrong.get_data(as_text=True)
    assert db_session.scalar(select(TwoFactor.enabled_at)) is None
    done = post_form(client, "/account/two-factor", {"code": code_now(app, secret)})
    codes = re.findall(r"<code>([A-Z0-9-]{19})</code>", done.get_data(as_text=True))
    assert done.status_code == 200 and len(set(codes)) == 10
    db_session.expire_all()
    assert db_session.scalar(select(TwoFactor.enabled_at)) is not None
    stored = db_session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(stored) & {c.replace("-", "") for c in codes}
    assert client.get("/account/two-factor/qr.svg").status_code == 404  # the key is not shown again


def test_the_password_alone_signs_nobody_in(app, client, make_user, auth):
    user = make_user(two_factor=True)
    response = password_step(client, user.email)
    assert response.headers["Location"].endswith("/login/code")
    assert "/login" in client.get("/account").headers["Location"]  # no identity yet
    wrong = post_form(client, "/login/code", {"code": "123456"})
    assert wrong.status_code == 422
    assert "That code is not right" in wrong.get_data(as_text=True)
    assert "/login" in client.get("/account").headers["Location"]
    clock(app).advance(seconds=30)  # the setup used the current step's code
    right = post_form(client, "/login/code", {"code": code_now(app, user.totp_secret)})
    assert right.status_code == 302
    assert client.get("/account").status_code == 200


def test_a_code_works_once(app, client, make_user, auth):
    user = make_user(two_factor=True)
    clock(app).advance(minutes=5)
    code = code_now(app, user.totp_secret)
    password_step(client, user.email)
    assert post_form(client, "/login/code", {"code": code}).status_code == 302
    auth.logout()
    password_step(client, user.email)
    reused = post_form(client, "/login/code", {"code": code})
    assert reused.status_code == 422
    assert "already been used" in reused.get_data(as_text=True)
    assert "/login" in client.get("/account").headers["Location"]
    clock(app).advance(seconds=30)  # the next step's code is fine
    assert post_form(client, "/login/code",
                     {"code": code_now(app, user.totp_secret)}).status_code == 302


def test_a_recovery_code_works_once(app, client, make_user, auth):
    user = make_user(two_factor=True)
    code = user.recovery_codes[0]
    password_step(client, user.email)
    used = post_form(client, "/login/code", {"code": code.lower()}, follow_redirects=True)
    assert "9 left" in used.get_data(as_text=True)
    auth.logout()
    password_step(client, user.email)
    replayed = post_form(client, "/login/code", {"code": code})
    assert replayed.status_code == 422
    assert "already been used" in replayed.get_data(as_text=True)
    assert "/login" in client.get("/account").headers["Location"]


def test_wrong_codes_are_rate_limited(app, client, make_user):
    user = make_user(two_factor=True)
    password_step(client, user.email)
    statuses = [post_form(client, "/login/code", {"code": f"00000{i}"}).status_code
                for i in range(6)]
    assert statuses == [422] * 5 + [429]


def test_the_code_step_times_out(app, client, make_user):
    user = make_user(two_factor=True)
    password_step(client, user.email)
    clock(app).advance(minutes=6)
    response = post_form(client, "/login/code", {"code": code_now(app, user.totp_secret)},
                         form_page="/login")
    assert response.headers["Location"].endswith("/login")


def test_a_person_turns_it_off_with_password_and_code(app, client, make_user, auth, db_session):
    user = make_user(two_factor=True)
    auth.login(user.email)
    assert "unused recovery codes left" in client.get("/account/two-factor").get_data(as_text=True)
    clock(app).advance(seconds=30)
    bad = post_form(client, "/account/two-factor/off",
                    {"off-password": "not my password",
                     "off-code": code_now(app, user.totp_secret)},
                    form_page="/account/two-factor")
    assert bad.status_code == 422 and db_session.scalar(select(TwoFactor.user_id)) == user.id
    clock(app).advance(seconds=30)
    off = post_form(client, "/account/two-factor/off",
                    {"off-password": PASSWORD, "off-code": code_now(app, user.totp_secret)},
                    form_page="/account/two-factor")
    assert off.status_code == 302
    assert db_session.scalar(select(TwoFactor.user_id)) is None
    assert db_session.scalar(select(RecoveryCode.id)) is None
    auth.logout()
    assert password_step(client, user.email).headers["Location"] == "/"


def test_a_therapist_keeps_it_on(app, client, therapist, db_session):
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Turn off" not in page
    clock(app).advance(seconds=30)
    refused = post_form(client, "/account/two-factor/off",
                        {"off-password": PASSWORD,
                         "off-code": code_now(app, TOTP_SECRETS[therapist.email])},
                        form_page="/account/two-factor")
    assert refused.status_code == 422
    assert db_session.scalar(select(TwoFactor.enabled_at)) is not None


def test_new_recovery_codes_replace_the_old(app, client, make_user, auth):
    user = make_user(two_factor=True)
    auth.login(user.email)
    clock(app).advance(seconds=30)
    page = post_form(client, "/account/two-factor/recovery-codes",
                     {"new-code": code_now(app, user.totp_secret)}, form_page="/account/two-factor")
    assert len(re.findall(r"<code>", page.get_data(as_text=True))) == 10
    auth.logout()
    password_step(client, user.email)
    old = post_form(client, "/login/code", {"code": user.recovery_codes[1]})
    assert old.status_code == 422


def test_a_therapist_without_it_is_sent_to_set_it_up(app, client, make_user, auth):
    therapist = make_user(role="therapist", two_factor=False)
    auth.login(therapist.email)
    for url in ("/clients", "/clients/1", "/clients/1/safety"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/account/two-factor"), url
    secret, _page = set_up(client, app)
    post_form(client, "/account/two-factor?next=/clients", {"code": code_now(app, secret),
                                                            "next": "/clients"})
    assert client.get("/clients").status_code == 200


def test_turning_it_on_signs_out_other_devices(app, client, make_user, auth):
    user = make_user()
    other = app.test_client()
    post_form(other, "/login", {"email": user.email, "password": PASSWORD})
    auth.login(user.email)
    secret, _page = set_up(client, app)
    post_form(client, "/account/two-factor", {"code": code_now(app, secret)})
    assert client.get("/account").status_code == 200
    assert "/login" in other.get("/account").headers["Location"]


def test_digits_from_another_keyboard_count_and_odd_characters_are_refused(app, client,
                                                                           make_user, auth):
    user = make_user(two_factor=True)
    clock(app).advance(seconds=30)
    code = code_now(app, user.totp_secret)
    password_step(client, user.email)
    for odd in ("¹²³⁴⁵⁶", "①②③④⑤⑥", "½", "ǅ" * 6):  # digits and letters, but not ASCII
        refused = post_form(client, "/login/code", {"code": odd})
        assert refused.status_code == 422, odd
        assert "That code is not right" in refused.get_data(as_text=True)
    arabic_indic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert post_form(client, "/login/code", {"code": arabic_indic}).status_code == 302
    assert client.get("/account").status_code == 200
