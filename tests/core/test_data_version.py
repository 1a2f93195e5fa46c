"""Every write to a row that names an account raises that account's data version
(and only theirs), whichever way the write is made: the ORM adding, changing or
deleting a row, or a statement run directly. Remembered pages rely on it
(webapp/page_cache.py): a write that did not raise it would leave a stale page."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, Uuid, delete, insert, select
from sqlalchemy.orm.attributes import flag_modified

from webapp import db
from webapp.auth.models import User
from webapp.data_version import account_columns
from webapp.db import Base

ACCOUNT_TABLES = [t for t in Base.metadata.sorted_tables if account_columns(t)]
UNVERSIONED = {t.name for t in Base.metadata.sorted_tables if t.info.get("unversioned")}


def test_only_the_access_log_is_left_out():
    assert {"share_access_log"} == UNVERSIONED
    assert len(ACCOUNT_TABLES) == len(Base.metadata.sorted_tables) - 1 - len(UNVERSIONED)


def versions(app: Any) -> dict[int, int]:
    with app.app_context():
        return dict(db.session.execute(select(User.id, User.data_version)).all())


def stamps(app: Any) -> dict[int, Any]:
    with app.app_context():
        return dict(db.session.execute(select(User.id, User.updated_at)).all())


def filler(column: Any, owner: int) -> Any:
    """A value a required column accepts, for tables the demo leaves empty."""
    if column in account_columns(column.table):
        return owner
    kind = column.type
    for types, value in ((Boolean, False), (Integer, 1), (Float, 1.0), (Uuid, uuid.uuid4()),
                         (DateTime, datetime.now(UTC)), (Date, date.today()), (String, "x")):
        if isinstance(kind, types):
            return value
    raise AssertionError(f"no filler for {column}")


def a_row(app: Any, table: Any, owner: int) -> dict[str, Any]:
    """One row of ``table``: the demo's first, or a new one made for ``owner``."""
    with app.app_context():
        found = db.session.execute(select(table).limit(1)).mappings().first()
        if found is not None:
            return dict(found)
        values = {c.name: filler(c, owner) for c in table.columns
                  if not c.nullable and c.default is None and c.server_default is None
                  and not (c.primary_key and isinstance(c.type, Integer)
                           and c not in account_columns(table))}
        db.session.execute(insert(table), [values])
        db.session.commit()
        return dict(db.session.execute(select(table).limit(1)).mappings().one())


@pytest.fixture
def demo(app, runner, make_user):
    assert runner.invoke(args=["demo", "--days", "20"]).exit_code == 0
    bystander = make_user(email="bystander@example.com")
    with app.app_context():
        person = db.session.scalar(select(User.id).where(User.email == "demo@steady.example"))
    return person, bystander.id


def named(table: Any, row: dict[str, Any]) -> set[int]:
    return {row[c.name] for c in account_columns(table) if row[c.name] is not None}


def model_for(table: Any) -> Any:
    return next(m.class_ for m in Base.registry.mappers if m.local_table is table)


def key_of(table: Any, row: dict[str, Any]) -> Any:
    return tuple(row[c.name] for c in table.primary_key.columns)


@pytest.mark.parametrize("table", ACCOUNT_TABLES, ids=lambda t: t.name)
def test_every_kind_of_write_raises_the_named_accounts_version_only(app, demo, table):
    person, bystander = demo
    row = a_row(app, table, person)
    owners = named(table, row)
    assert owners and bystander not in owners

    stamped = stamps(app)

    def raised_by(write: Any) -> None:
        before = versions(app)
        with app.app_context():
            write()
            db.session.commit()
        after = versions(app)
        assert all(after[i] > before[i] for i in owners), (write.__name__, owners)
        assert stamps(app) == stamped  # "account last changed" is not a data write
        assert after[bystander] == before[bystander], write.__name__

    model = model_for(table)
    key = key_of(table, row)

    def orm_change() -> None:
        record = db.session.get(model, key)
        flag_modified(record, next(c.key for c in table.columns if not c.primary_key))

    def statement_delete() -> None:
        condition = [c == row[c.name] for c in table.primary_key.columns]
        db.session.execute(delete(table).where(*condition))

    def statement_insert() -> None:
        db.session.execute(insert(table), [row])

    def orm_delete() -> None:
        db.session.delete(db.session.get(model, key))

    def orm_add() -> None:
        db.session.add(model(**{c.key: row[c.name] for c in table.columns}))

    for write in (orm_change, statement_delete, statement_insert, orm_delete, orm_add):
        raised_by(write)


def test_a_rolled_back_write_leaves_the_version(app, demo):
    person, _ = demo
    before = versions(app)[person]
    with app.app_context():
        db.session.execute(delete(Base.metadata.tables["entries"])
                           .where(Base.metadata.tables["entries"].c.user_id == person))
        db.session.rollback()
    assert versions(app)[person] == before


def test_a_change_to_the_account_itself_raises_it(app, demo):
    person, bystander = demo
    before = versions(app)
    with app.app_context():
        db.session.get(User, person).timezone = "Europe/Madrid"
        db.session.commit()
    after = versions(app)
    assert after[person] > before[person] and after[bystander] == before[bystander]


def test_a_sync_of_ten_items_raises_the_version_with_one_statement(person, client,
                                                                   count_queries):
    from tests.api.test_sync import statuses, sync
    from tests.diary.test_screener_offer import queued_entry

    client.get("/api/csrf")
    items = [queued_entry(person.id, ["calf:left"]) for _ in range(10)]
    with count_queries() as log:
        assert statuses(sync(client, items)) == ["created"] * 10
    bumps = [s for s in log.statements if s.lstrip().upper().startswith("UPDATE USERS")]
    assert len(bumps) == 1, log  # once at the commit, not once per item's savepoint


def test_a_statement_on_the_account_row_raises_it_and_a_multi_row_insert_names_each(app, demo):
    person, bystander = demo
    users, entries = User.__table__, Base.metadata.tables["entries"]
    before = versions(app)
    with app.app_context():
        db.session.execute(users.update().where(users.c.id == person).values(timezone="Asia/Tokyo"))
        db.session.commit()
    middle = versions(app)
    assert middle[person] > before[person] and middle[bystander] == before[bystander]
    with app.app_context():
        row = dict(db.session.execute(select(entries).where(entries.c.user_id == person)
                                      .limit(1)).mappings().one())
        copies = [{**row, "id": None, "uuid": uuid.uuid4()} for _ in range(2)]
        copies[1]["user_id"] = bystander
        db.session.execute(insert(entries).values([{k: v for k, v in c.items() if k != "id"}
                                                   for c in copies]))
        db.session.commit()
    after = versions(app)
    assert after[person] > middle[person] and after[bystander] > middle[bystander]
