"""Ownership by construction (webapp.ownership): every private model names its
owner, every query the helper builds is scoped to one person, the idempotent
create stores a record once, and no feature module writes an owner filter (or
parses a UUID) by hand. tests/core/test_private_routes.py walks every route with
two people's data to prove the same from the outside."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

import webapp
import webapp.models  # noqa: F401 - every model registered on Base
from webapp.auth.models import User
from webapp.db import Base
from webapp.diary.models import Entry
from webapp.exercises.models import ExerciseSession
from webapp.ownership import (
    Owned,
    StaleEdit,
    create_once,
    edit_versioned,
    insert_once,
    owned,
    owned_by,
    owned_delete,
    owned_one,
    owned_record,
    owner_column,
    put_in_bin,
    take_from_bin,
)
from webapp.sharing.models import TherapistCode
from webapp.validation import ValidationFailed

# Tables that point at an account without being anyone's private records, and why.
NOT_PRIVATE = {TherapistCode: "a code the therapist hands out, found by the code itself"}
WEBAPP = Path(webapp.__file__).parent
OWNER = r"(?:user_id|person_id)"
HAND_WRITTEN_OWNER_FILTER = re.compile(
    rf"\b{OWNER}\s*[!=]=|[!=]=\s*[a-z_]\w*\.{OWNER}\b|\.{OWNER}\.in_\(|filter_by\([^)]*\b{OWNER}\s*=")
UUID_PARSED_BY_HAND = re.compile(r"\bUUID\(")


@dataclass(frozen=True)
class Someone:
    id: int


def private_models() -> list[type]:
    """Every mapped class whose table has a foreign key to users.id."""
    found = []
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        if cls is User or cls in NOT_PRIVATE:
            continue
        if any(fk.column.table.name == "users" for fk in mapper.local_table.foreign_keys):
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__name__)


def test_every_private_model_names_its_owner():
    models = private_models()
    assert {m.__name__ for m in models} >= {"Entry", "Checkin", "Screening", "DoctorCheck",
                                            "ScreenerState", "ExerciseSession",
                                            "CustomPattern", "Share"}
    for model in models:
        assert issubclass(model, Owned), f"{model.__name__} must inherit webapp.ownership.Owned"
        column = owner_column(model)
        foreign = {fk.column.table.name for fk in column.property.columns[0].foreign_keys}
        assert foreign == {"users"}, model.__name__


@pytest.mark.parametrize("model", private_models(), ids=lambda m: m.__name__)
def test_the_helper_scopes_every_private_model_to_one_person(model):
    column = owner_column(model)
    owner = f"{model.__table__.name}.{column.key}"
    for query in (owned(model, Someone(42)),
                  owned(model, Someone(42)).with_only_columns(func.count()),
                  owned_delete(model, Someone(42))):
        compiled = query.compile()
        assert str(query.whereclause) == f"{owner} = :{column.key}_1"
        assert compiled.params == {f"{column.key}_1": 42}
    narrowed = owned(model, Someone(42)).where(column.isnot(None))
    assert str(narrowed.whereclause).startswith(f"{owner} = :{column.key}_1 AND ")
    among = owned_by(model, select(User.id).where(User.role == "person"))
    assert str(among.whereclause).startswith(f"{owner} IN (SELECT users.id")
    assert getattr(owned_record(model, Someone(42)), column.key) == 42


@pytest.mark.parametrize("model", [User, TherapistCode, Someone, object])
def test_the_helper_refuses_a_model_that_names_no_owner(model):
    for build in (lambda: owned(model, Someone(1)), lambda: owned_delete(model, Someone(1)),
                  lambda: owner_column(model), lambda: owned_record(model, Someone(1))):
        with pytest.raises(TypeError, match="whose its rows are"):
            build()


def test_an_owner_column_that_is_not_a_column_is_refused():
    class Misnamed(Owned):
        __owner__ = "owner"

    with pytest.raises(TypeError, match="not one of its columns"):
        owned(Misnamed, Someone(1))


def test_owned_one_finds_only_the_owners_record(make_user, stranger, db_session):
    me = make_user()
    theirs = uuid.UUID(stranger.records["entry"])
    assert owned_one(db_session, Entry, stranger, theirs).note.startswith("STRANGER")
    assert owned_one(db_session, Entry, me, theirs) is None
    assert owned_one(db_session, Entry, me, str(theirs)) is None
    for not_a_key in ("", "not-a-uuid", 12345678901234567890123456789012, None, [theirs]):
        assert owned_one(db_session, Entry, stranger, not_a_key) is None


def entry_values(note: str) -> dict:
    from webapp.db import utcnow

    now = utcnow()
    return {"occurred_at": now, "timezone": "UTC", "local_day": now.date(),
            "areas": ",calf:left,", "note": note}


def test_create_once_stores_a_uuid_once_per_person(make_user, db_session):
    alice, bob = make_user(), make_user()
    key = uuid.uuid4()
    calls = []

    def values(note: str):
        def build() -> dict:
            calls.append(note)
            return entry_values(note)
        return build

    first, created = create_once(db_session, Entry, alice, key, values("alice"))
    again, created_again = create_once(db_session, Entry, alice, key, values("replay"))
    assert created and not created_again and again is first and calls == ["alice"]
    # Another person's record under the same UUID is theirs alone, and never returned.
    bobs, bob_created = create_once(db_session, Entry, bob, key, values("bob"))
    assert bob_created and bobs.user_id == bob.id and bobs.note == "bob"
    db_session.commit()
    notes = db_session.scalars(select(Entry.note).where(Entry.uuid == key)).all()
    assert sorted(notes) == ["alice", "bob"]


def test_create_once_can_refuse_a_uuid_someone_else_holds(make_user, db_session):
    alice, bob = make_user(), make_user()
    key = uuid.uuid4()
    values = {"exercise": "pmr", "planned_seconds": 60, "actual_seconds": 60,
              "started_at": entry_values("")["occurred_at"]}
    create_once(db_session, ExerciseSession, alice, key, lambda: values, foreign="taken")
    with pytest.raises(ValidationFailed) as refused:
        create_once(db_session, ExerciseSession, bob, key, lambda: values, foreign="taken")
    assert refused.value.errors == {"uuid": "taken"}
    mine, created = create_once(db_session, ExerciseSession, alice, key, lambda: values,
                                foreign="taken")
    assert not created and mine.user_id == alice.id


def test_insert_once_answers_a_lost_race_with_the_stored_record(make_user, db_session):
    alice = make_user()
    key = uuid.uuid4()
    stored, created = insert_once(db_session, Entry, alice, key, entry_values("first"))
    assert created
    # A second request that checked before the first one stored it gets here too.
    winner, created = insert_once(db_session, Entry, alice, key, entry_values("second"))
    assert not created and winner.id == stored.id and winner.note == "first"
    db_session.commit()
    assert db_session.scalar(select(func.count()).where(Entry.uuid == key)) == 1


def test_an_edit_from_an_older_version_changes_nothing(make_user, db_session):
    alice = make_user()
    entry, _ = insert_once(db_session, Entry, alice, uuid.uuid4(), entry_values("first"))
    edit_versioned(db_session, entry, 1, lambda: {"note": "second"})
    assert (entry.version, entry.note) == (2, "second")
    checked = []
    with pytest.raises(StaleEdit) as stale:
        edit_versioned(db_session, entry, 1, lambda: checked.append(1) or {"note": "third"})
    assert stale.value.record is entry and checked == []
    assert (entry.version, entry.note) == (2, "second")
    edit_versioned(db_session, entry, None, lambda: {"note": "no version sent"})
    assert entry.version == 3


def test_the_bin_keeps_a_record_for_a_while_and_empties_only_the_owners(make_user, db_session):
    alice, bob = make_user(), make_user()
    keep = timedelta(minutes=10)
    old = {name: insert_once(db_session, Entry, who, uuid.uuid4(), entry_values(name))[0]
           for name, who in (("alice", alice), ("bob", bob))}
    for name, who in (("alice", alice), ("bob", bob)):
        put_in_bin(db_session, Entry, who, old[name], keep)
        old[name].deleted_at -= 2 * keep  # binned long ago
    assert take_from_bin(db_session, old["alice"], keep) is None
    fresh, _ = insert_once(db_session, Entry, alice, uuid.uuid4(), entry_values("fresh"))
    put_in_bin(db_session, Entry, alice, fresh, keep)  # empties Alice's old ones only
    db_session.commit()
    notes = db_session.scalars(select(Entry.note).order_by(Entry.note)).all()
    assert notes == ["bob", "fresh"]
    assert take_from_bin(db_session, fresh, keep) is fresh and fresh.deleted_at is None
    assert take_from_bin(db_session, fresh, keep) is None  # not in the bin any more
    assert take_from_bin(db_session, None, keep) is None


def feature_sources() -> list[Path]:
    """Every module of the app except the helper itself and the model definitions."""
    return [path for path in sorted(WEBAPP.rglob("*.py"))
            if path.name != "models.py" and path != WEBAPP / "ownership.py"]


@pytest.mark.parametrize("line", [
    "select(Entry).where(Entry.user_id == user.id)",
    "query.where(model.user_id == current_user.id)",
    "select(Share).where(Share.person_id == person.id)",
    "if row.user_id != user.id:",
    "if user.id == row.user_id:",
    "db.query(Entry).filter_by(user_id=user.id)",
    "select(Checkin).where(Checkin.user_id.in_(people))",
])
def test_the_owner_filter_pattern_catches_hand_written_filters(line):
    assert HAND_WRITTEN_OWNER_FILTER.search(line)


@pytest.mark.parametrize("line", [
    ".join(User, User.id == Share.person_id)",
    "owned(Entry, user).where(Entry.deleted_at.is_(None))",
    "select(model.uuid, owner_column(model))",
    "rows.append({'user_id': user.id})",
])
def test_the_owner_filter_pattern_lets_joins_and_the_helper_be(line):
    assert not HAND_WRITTEN_OWNER_FILTER.search(line)


def test_no_feature_module_writes_an_owner_filter_by_hand():
    """Queries on a person's records go through webapp.ownership."""
    found = [f"{path.relative_to(WEBAPP.parent)}:{number}: {line.strip()}"
             for path in feature_sources()
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if HAND_WRITTEN_OWNER_FILTER.search(line)]
    assert found == []


def test_uuids_are_parsed_in_one_place():
    """webapp.validation.parse_uuid / uuid_or_none read every record's id."""
    found = [f"{path.relative_to(WEBAPP.parent)}:{number}: {line.strip()}"
             for path in sorted(WEBAPP.rglob("*.py")) if path != WEBAPP / "validation.py"
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if UUID_PARSED_BY_HAND.search(line)]
    assert found == []
