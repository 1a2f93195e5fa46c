"""Every word a person reads goes through the translation catalogue.

The pages are rendered under a pseudo-locale: a translations object that turns
every catalogue string into "⟦Spééch⟧" (vowels accented, placeholders and HTML
kept). Whatever English is left untouched (two plain words in a row) did not go
through gettext, and a translator could never reach it. Walked from the URL map:
every GET page signed out, as a person with demo data and as their therapist; every
form posted empty and with bad values (its errors and flash messages); the sync
API's refusals; the service worker's words and the web app manifest.

What is left out, because it is not the catalogue's to translate: the person's own
words and numbers (read back from the database), dates (Babel names the months and
days in the page's language: webapp/language/dates.py), addresses, and
per-language content files (articles, exercise words, warning signs, crisis lines
in content/)."""
from __future__ import annotations

import html
import json
import re
import tomllib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import flask_babel
import flask_wtf.i18n
import frontmatter
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.support import NullTranslations
from flask import Flask, g, has_app_context
from sqlalchemy import select

from tests.core.test_private_routes import (
    STATIC_VALUES,
    assign_practice,
    record_doctor_check,
    save_session,
    share_with,
    sharing_code,
    sign_in,
    take_phq9,
)
from tests.fixtures.accounts import csrf_from
from webapp import db
from webapp.cli import DEMO_FILLERS
from webapp.db import Base

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
OPEN, CLOSE = "⟦", "⟧"
ACCENTED = str.maketrans("aeiouyAEIOUY", "áéíóúýÁÉÍÓÚÝ")
# Kept as they are: %(name)s and %d placeholders, %% , tags and entities.
KEPT = re.compile(r"(%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[a-z%]|<[^>]*>|&#?\w+;)")


def pseudo(text: str) -> str:
    parts = KEPT.split(text)
    said = (p if i % 2 else p.translate(ACCENTED) for i, p in enumerate(parts))
    return OPEN + "".join(said) + CLOSE


class PseudoTranslations(NullTranslations):
    """A catalogue that knows every string, and says each one in the pseudo-locale.
    Remembers what it was asked for, to compare with what `make messages` extracts."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def gettext(self, message: str) -> str:
        self.asked.add(message)
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self.asked.update((singular, plural))
        return pseudo(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.ngettext(singular, plural, n)

    ugettext, ungettext, upgettext, unpgettext = gettext, ngettext, pgettext, npgettext


@pytest.fixture
def speak_pseudo(monkeypatch: pytest.MonkeyPatch) -> Iterator[PseudoTranslations]:
    """From now on, every request (and template) translates through the pseudo-locale."""
    ours = PseudoTranslations()
    monkeypatch.setattr(flask_babel.Domain, "get_translations",
                        lambda self: ours if has_app_context() else NullTranslations())
    # WTForms' own messages ("Field cannot be longer than ...") come from its catalogue.
    monkeypatch.setattr(flask_wtf.i18n, "_get_translations", PseudoTranslations)
    yield ours


def extracted_messages() -> set[str]:
    """Every msgid `make messages` writes to the catalogue (babel.cfg, keywords _ and _l)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords={**DEFAULT_KEYWORDS, "_l": None}):
        found.update((message,) if isinstance(message, str) else message)
    return found


# What is not the catalogue's ---------------------------------------------------------

def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def content_strings() -> set[str]:
    """Words kept per language in content/: articles' titles, summaries, headings and
    sources; exercise words; warning signs; crisis lines."""
    found: set[str] = set()
    for path in CONTENT.rglob("*.toml"):
        found.update(_strings(tomllib.loads(path.read_text(encoding="utf-8"))))
    for path in CONTENT.rglob("*.md"):
        article = frontmatter.loads(path.read_text(encoding="utf-8"))
        found.update(_strings(article.metadata))
        found.update(m.group(1) for m in re.finditer(r"(?m)^#+\s+(.+?)\s*$", article.content))
    return {" ".join(s.split()) for s in found if len(s.split()) > 1}


def _is_text(column: Any) -> bool:
    try:
        return column.type.python_type is str
    except NotImplementedError:
        return False


def own_words(app: Flask) -> set[str]:
    """Everything people typed or the demo wrote for them: every text value in the
    database, which holds only this test's people."""
    found: set[str] = set()
    with app.app_context():
        for table in Base.metadata.sorted_tables:
            text_columns = [c for c in table.c if _is_text(c)]
            if text_columns:
                for row in db.session.execute(select(*text_columns)):
                    found.update(v for v in row if isinstance(v, str))
    # Not the keys the app stores ("few", "body", "calf:left"): those are shown as words.
    return {" ".join(s.split()) for s in found
            if len(s.strip()) >= 3 and not re.fullmatch(r"[a-z0-9_:,.-]+", s)}


class Removals:
    """Cuts what is not the catalogue's out of a text, longest first."""

    MONTHS = ("January February March April May June July August September October "
              "November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
    DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun"

    def __init__(self, *groups: set[str]) -> None:
        words = sorted({w for group in groups for w in group}, key=len, reverse=True)
        either = "|".join(map(re.escape, words))
        self.words = re.compile(rf"(?<!\w)(?:{either})(?!\w)") if words else None
        # Month and day names, which Babel writes (the catalogue cannot reach those), addresses.
        names = "|".join((self.MONTHS + " " + self.DAYS).split())
        self.dates = re.compile(rf"\b(?:{names})\b")
        self.addresses = re.compile(r"\S+@\S+|\b(?:https?://)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b\S*")

    def __call__(self, text: str) -> str:
        text = " ".join(text.split())
        if self.words:
            text = self.words.sub(" ", text)
        return self.addresses.sub(" ", self.dates.sub(" ", text))


# Reading what a person sees ----------------------------------------------------------

VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "label"}
SHOWN_META = {"description", "apple-mobile-web-app-title"}
SKIPPED = {"script", "style"}
CONTENT_CLASSES = {"article-body"}  # an article's own text: content/learn/<language>/
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "use", "path", "circle", "rect", "line", "polyline", "polygon"}


class VisibleText(HTMLParser):
    """Text nodes and the attributes a person reads or hears, in order, one piece
    per element; data-* attributes too (scripts show them), read as JSON when they
    are. Also the forms: action -> field names, and data-outbox-kind -> field names."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.forms: list[dict[str, Any]] = []

    @property
    def hidden(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        skip = tag in SKIPPED or bool(CONTENT_CLASSES & set(values.get("class", "").split()))
        if tag not in VOID:
            self.stack.append((tag, skip))
        if self.hidden or skip:
            return
        for name, value in values.items():
            if name in VISIBLE_ATTRIBUTES:
                self.pieces.append(value)
            elif name.startswith("data-") and value:
                self._data(value)
        if tag == "meta" and values.get("name") in SHOWN_META:
            self.pieces.append(values.get("content", ""))
        if tag == "meta" and values.get("name") == "steady-text":  # the outbox scripts' words
            self._data(values.get("content", ""))
        if tag == "input" and values.get("type") in ("submit", "button", "reset"):
            self.pieces.append(values.get("value", ""))
        if tag == "form":
            self.forms.append({"action": values.get("action"), "kind": values.get(
                "data-outbox-kind"), "fields": set()})
        if tag in ("input", "select", "textarea") and self.forms and values.get("name"):
            self.forms[-1]["fields"].add(values["name"])

    def _data(self, value: str) -> None:
        try:
            self.pieces.extend(_strings(json.loads(value)))
        except ValueError:
            self.pieces.append(value)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if not self.hidden and data.strip():
            self.pieces.append(data)


PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-z]|\{\w+\}")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def english_runs(text: str) -> list[str]:
    """Runs of two or more plain-ASCII words in a row, with no word of the pseudo-locale
    between them, and a plain vowel in one of them (the pseudo-locale accents every
    vowel, so "GP, Dr" or the "T" and "Z" of a date inside a translated sentence pass)."""
    runs, current = [], []
    for match in [*WORD.finditer(PLACEHOLDER.sub(" ", text)), None]:
        word = match.group(0) if match else ""
        if word and word.isascii():
            current.append(word)
            continue
        if len(current) > 1 and re.search("[aeiouyAEIOUY]", "".join(current)):
            runs.append(" ".join(current))
        current = []
    return runs


class Findings:
    def __init__(self, removals: Removals) -> None:
        self.removals = removals
        self.found: dict[str, set[str]] = {}
        self.pages = 0

    def check(self, where: str, pieces: list[str]) -> None:
        self.pages += 1
        for piece in pieces:
            piece = PLACEHOLDER.sub(" ", html.unescape(piece)).strip()
            if not re.search(r"\s", piece):
                continue  # one word, or a key like "calf:left" that scripts look up
            for run in english_runs(self.removals(piece)):
                self.found.setdefault(run, set()).add(where)

    def report(self) -> str:
        return "\n".join(f"  {run!r} on {', '.join(sorted(where)[:3])}"
                         for run, where in sorted(self.found.items()))


# The walk --------------------------------------------------------------------------

RECORDS = {  # <argument> -> (table, column) of the person's record it names
    "entry_uuid": ("entries", "uuid"), "item_uuid": ("entries", "uuid"),
    "check_uuid": ("doctor_checks", "uuid"), "ledger_uuid": ("check_items", "uuid"),
    "worry_uuid": ("parked_worries", "uuid"), "experiment_uuid": ("experiments", "uuid"),
    "key": ("exercise_sessions", "uuid"), "share_id": ("shares", "id"),
    "response_uuid": ("measure_responses", "uuid"),
    "assignment_id": ("practice_assignments", "id"),
}
OWNER_COLUMNS = ("user_id", "owner_id", "person_id")
NOT_POSTED = {"auth.logout"}  # ends the walk's own session


def person_records(app: Flask, user_id: int) -> dict[str, str]:
    found = {}
    with app.app_context():
        tables = Base.metadata.tables
        for arg, (name, column) in RECORDS.items():
            table = tables[name]
            owner = next(c for c in OWNER_COLUMNS if c in table.c)
            value = db.session.scalar(select(table.c[column]).where(table.c[owner] == user_id)
                                      .order_by(table.c[column]).limit(1))
            if value is not None:
                found[arg] = str(uuid.UUID(str(value)) if column == "uuid" else value)
    return found


def fill(rule: Any, records: dict[str, str]) -> str:
    url = rule.rule
    for arg in rule.arguments:
        value = STATIC_VALUES.get((rule.endpoint, arg)) or records.get(arg)
        if value is None:
            pytest.fail(f"{rule.endpoint}: say what <{arg}> is, in RECORDS or STATIC_VALUES")
        url = re.sub(rf"<(?:[a-z]+:)?{arg}>", value, url)
    return url


@pytest.fixture
def world(app: Flask, make_user: Any) -> dict[str, Any]:
    """A person with 60 days of demo data, a session, a doctor's visit, and their
    diary shared with a therapist; and someone signed out."""
    person = make_user(email="pat@example.com", display_name="Pat Person")
    with app.app_context():
        user = db.session.get(type(person), person.id)
        for fill_demo in app.extensions[DEMO_FILLERS]:
            fill_demo(db.session, user, 60)
        db.session.commit()
    client = sign_in(app, person)
    save_session(client)
    record_doctor_check(client, "PAT")
    therapist = make_user(email="thera@example.com", role="therapist", display_name="Dr Tess Ther")
    therapist_client = sign_in(app, therapist)
    share_with(client, sharing_code(therapist_client))
    take_phq9(client)  # question 9 above 0: the crisis lines, and the therapist's alert
    records = person_records(app, person.id)
    assign_practice(app, therapist_client, records["share_id"], person)
    records = person_records(app, person.id)
    for signed_in in (client, therapist_client):
        signed_in.get("/")  # shows (and so ends) the messages flashed in English above
    return {"records": records, "person": person, "actors": {
        "person": client, "therapist": therapist_client, "visitor": app.test_client()}}


def rules(app: Flask, method: str) -> list[Any]:
    found = [r for r in app.url_map.iter_rules() if r.endpoint != "static" and method in r.methods]
    # Deleting, revoking and restoring last, so every other form still finds its record.
    return sorted(found, key=lambda r: (any(w in r.endpoint for w in ("delete", "revoke",
                                                                       "restore")), r.rule))


SHOWN_JSON = {"name", "short_name", "description", "label", "error", "errors", "message"}


def _shown_json(value: Any) -> Iterator[str]:
    """The values of a JSON answer that reach a person (a manifest's names, errors)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item) if key in SHOWN_JSON else _shown_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from _shown_json(item)


def read(response: Any) -> VisibleText | None:
    if 300 <= response.status_code < 400:
        return None  # a redirect's body is never shown
    reader = VisibleText()
    if response.mimetype == "text/html":
        reader.feed(response.get_data(as_text=True))
    elif response.mimetype in ("application/json", "application/manifest+json"):
        reader.pieces.extend(_shown_json(response.get_json()))
    elif response.mimetype == "application/javascript":  # the service worker's own words
        settings = re.search(r"self\.STEADY = (\{.*?\});\n", response.get_data(as_text=True), re.S)
        for text in json.loads(settings.group(1))["texts"].values():  # every language's
            reader.pieces.extend(_strings({k: v for k, v in text.items() if k != "lang"}))
    else:
        return None
    return reader


BAD_VALUES = ("x", "99999", "x" * 2100)


def bad_forms(fields: set[str]) -> list[dict[str, str]]:
    """Empty, then every field wrong in a few ways (a fresh uuid, so only the values fail)."""
    forms: list[dict[str, str]] = [{}]
    for bad in BAD_VALUES:
        forms.append({**{name: bad for name in fields if name != "csrf_token"},
                      "uuid": str(uuid.uuid4())})
    return forms


def walk_pages(app: Flask, world: dict[str, Any], findings: Findings) -> dict[str, Any]:
    forms: dict[str, Any] = {}
    for actor, client in world["actors"].items():
        for rule in rules(app, "GET"):
            url = fill(rule, world["records"])
            for target in (url, f"{url}?page=2&day={datetime.now(UTC).date().isoformat()}"):
                with client.get(target) as response:  # closed: a stream ends here
                    assert response.status_code < 500, (actor, target)
                    reader = read(response)
                if reader is None or "export" in rule.endpoint:
                    continue  # files a person downloads hold their own data
                findings.check(f"{actor} GET {target}", reader.pieces)
                for form in reader.forms:
                    key = form["action"] or url
                    forms.setdefault(key, {"fields": set(), "kind": form["kind"]})
                    forms[key]["fields"] |= form["fields"]
                    forms[key]["kind"] = forms[key]["kind"] or form["kind"]
    return forms


def walk_forms(app: Flask, world: dict[str, Any], forms: dict[str, Any],
               findings: Findings) -> None:
    for actor in ("therapist", "visitor", "person"):
        client = world["actors"][actor]
        for rule in rules(app, "POST"):
            if rule.endpoint in NOT_POSTED or rule.rule.startswith("/api/"):
                continue
            url = fill(rule, world["records"])
            fields = forms.get(url, {}).get("fields", set())
            for data in bad_forms(fields) if actor == "person" else [{}]:
                token = client.get("/api/csrf").get_json()["token"]
                response = client.post(url, data={**data, "csrf_token": token},
                                       follow_redirects=True)
                assert response.status_code < 500, (actor, url, data)
                reader = read(response)
                if reader is not None:
                    findings.check(f"{actor} POST {url}", reader.pieces)


def walk_sync(app: Flask, world: dict[str, Any], forms: dict[str, Any],
              findings: Findings) -> None:
    """The sync API's refusals, which the outbox shows to the person to fix."""
    client = world["actors"]["person"]
    owner = world["person"].id
    kinds = {f["kind"]: f["fields"] for f in forms.values() if f["kind"]}
    with app.app_context():
        from webapp.api.registry import handlers

        kinds.update({kind: kinds.get(kind, set()) for kind in handlers(app)})
    items: list[Any] = [
        "not an object", {"kind": "entry"}, {"uuid": str(uuid.uuid4()), "kind": "entry"},
        {"uuid": str(uuid.uuid4()), "owner": owner, "kind": "nothing", "data": {}},
        {"uuid": str(uuid.uuid4()), "owner": owner, "kind": "entry", "data": []},
        {"uuid": str(uuid.uuid4()), "owner": owner, "kind": "entry", "op": "move", "data": {}},
        {"uuid": str(uuid.uuid4()), "owner": owner, "kind": "entry", "op": "update", "data": {}},
        {"uuid": str(uuid.uuid4()), "owner": owner, "kind": "entry", "op": "update",
         "base_version": 1, "data": {}},
        {"uuid": str(uuid.uuid4()), "owner": owner, "kind": "entry",
         "data": {"x": [[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]}},
    ]
    for kind, fields in kinds.items():
        for data in bad_forms(fields):
            items.append({"uuid": str(uuid.uuid4()), "owner": owner, "kind": kind, "op": "create",
                          "data": data})
            items.append({"uuid": str(uuid.uuid4()), "owner": owner, "kind": kind, "op": "create",
                          "data": {name: ["x", {"a": 1}] for name in data}})
    token = client.get("/api/csrf").get_json()["token"]
    headers = {"X-CSRFToken": token}
    for start in range(0, len(items), 50):
        response = client.post("/api/sync", json={"format": 2, "items": items[start:start + 50]},
                               headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        for result in response.get_json()["results"]:
            findings.check(f"sync {result['status']}", list(_strings(result.get("errors") or {})))
    for body in (b"{", b"[]", b'{"format": 9}', b'{"format": 2, "items": 3}',
                 json.dumps({"format": 2, "items": [{}] * 101}).encode()):
        response = client.post("/api/sync", data=body, headers={
            **headers, "Content-Type": "application/json"})
        findings.check("sync batch", [response.get_json()["error"]])


@pytest.mark.parametrize("app_config", [{"PAGE_CACHE_SIZE": 0}])  # every page built anew
def test_every_word_a_person_reads_is_in_the_catalogue(app, world, speak_pseudo):
    removals = Removals(content_strings(), own_words(app))
    findings = Findings(removals)
    forms = walk_pages(app, world, findings)
    walk_forms(app, world, forms, findings)
    walk_sync(app, world, forms, findings)
    assert findings.pages > 300
    assert not findings.found, "English left outside the catalogue:\n" + findings.report()
    # gettext(variable) translates at run time, but `make messages` never sees the
    # words, so no translator could: every string asked for must be extracted.
    assert len(speak_pseudo.asked) > 500
    missing = {m for m in speak_pseudo.asked - extracted_messages() if m.strip()}
    assert not missing, "Asked of the catalogue but never extracted:\n" + "\n".join(
        f"  {m!r}" for m in sorted(missing))


def test_the_pseudo_locale_reaches_templates_and_python(app, client, speak_pseudo):
    """The check above only means something if the pseudo-locale is really in use."""
    page = client.get("/login").get_data(as_text=True)
    assert f"{OPEN}L" in page and "Lóg ín" in page
    response = client.post("/login", data={"csrf_token": csrf_from(page), "email": "a@b.cd",
                                            "password": "wrong"})
    assert "⟦" in response.get_data(as_text=True)
    assert english_runs(pseudo("Keep the note under %(max)d characters")) == []
    assert english_runs("⟦Kéép⟧ the note") == ["the note"]


def test_pseudo_keeps_placeholders_and_markup():
    text = pseudo('Read <a href="/learn">the %(name)s article</a> &amp; 100%% sure')
    assert '<a href="/learn">' in text and "%(name)s" in text and "&amp;" in text
    assert "%%" in text and "áárt" not in text and "ártíclé" in text
    assert (text % {"name": "x"}).count("%") == 1


# The offline scripts' words ------------------------------------------------------------

def test_offline_scripts_take_their_words_from_the_catalogue(client, speak_pseudo):
    """The outbox on every page and the service worker say what the server gives them."""
    page = client.get("/offline").get_data(as_text=True)
    meta = re.search(r'<meta name="steady-text" content=\'([^\']*)\'>', page).group(1)
    words = json.loads(html.unescape(meta))
    assert words["saved"] == pseudo("Saved on this phone — waiting to sync")
    assert words["login"] == {"one": pseudo("Log in to sync %(count)s entry"),
                              "other": pseudo("Log in to sync %(count)s entries")}
    worker = client.get("/sw.js").get_data(as_text=True)
    texts = json.loads(re.search(r"self\.STEADY = (\{.*?\});\n", worker, re.S).group(1))["texts"]
    assert all(text["lost"].startswith(OPEN) for text in texts.values())
    assert {language: text["lang"] for language, text in texts.items()} == {"en": "en", "es": "es"}
    scripts = ROOT / "static" / "js" / "outbox"
    for script in scripts.glob("*.js"):
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script.read_text(encoding="utf-8"), flags=re.S)
        english = re.search(r"[\"'`][A-Z][a-z]* [a-z]+ [a-z]+", code)
        assert not english, f"{script.name} writes English: {english.group(0)}"


def test_plural_forms_follow_the_language(app):
    """Polish has four plural categories: the scripts get a form for each."""
    from babel import Locale

    from webapp.pwa.client_text import logout_text

    with app.test_request_context("/"):
        flask_babel.get_locale()  # the request's language, then changed to Polish
        g._flask_babel.babel_locale = Locale.parse("pl")
        forms = logout_text()["notSynced"]
    assert set(forms) == {"one", "few", "many", "other"}
    assert forms["one"] == "%(count)s entry is not synced yet."
    assert forms["few"] == "%(count)s entries are not synced yet."
