"""`flask --app wsgi send-reminders`: send the reminders due now (run it from
cron or a systemd timer every few minutes; running it twice, late or on
several servers at once sends nothing twice)."""
from __future__ import annotations

from datetime import datetime

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from webapp import db
from webapp.reminders import push, scheduler


@click.command("send-reminders")
@with_appcontext
@click.option("--now", "now_text", default=None, metavar="ISO-MOMENT",
              help="Pretend it is this moment (with its zone), to try a schedule out.")
def send_reminders(now_text: str | None) -> None:
    """Send each reminder that is due, once; print a one-line summary."""
    problem = push.ready()
    if problem:
        raise click.ClickException(f"Reminders cannot be pushed: {problem}.")
    now = None
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            now = None
        if now is None or now.tzinfo is None:
            raise click.BadParameter("give a moment with its zone, like "
                                     "2026-03-29T20:30:00+02:00", param_hint="--now")
    counts = scheduler.run(db.session, now,
                           grace_minutes=int(current_app.config["REMINDER_GRACE_MINUTES"]))
    line = scheduler.summary(counts)
    scheduler.log.info(line)
    click.echo(line)


def init_app(app: Flask) -> None:
    app.cli.add_command(send_reminders)
