"""Flask CLI commands: thin wrappers around the domain modules."""

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .extensions import db

places_cli = AppGroup("places", help="Places of Germany.")
region_cli = AppGroup("region", help="Region and member municipalities.")
mail_cli = AppGroup("mail", help="The mail outbox.")


def init_app(app: Flask) -> None:
    """Register all commands."""
    for command in (demo_command, places_cli, region_cli, mail_cli):
        app.cli.add_command(command)


@click.command("demo")
def demo_command():
    """Load places and the configured region, then seed demo data (idempotent)."""
    from .demo import seed_demo

    for line in seed_demo():
        click.echo(line)


@places_cli.command("load")
def places_load():
    """Load jobportal/data/places_de.csv into the database (once)."""
    from .geo import load_places

    count = load_places()
    db.session.commit()
    click.echo(f"{count} Orte geladen." if count else "Orte waren bereits geladen.")


@region_cli.command("sync")
@click.argument("slug", required=False)
def region_sync(slug):
    """Create or update the configured region (or SLUG) and its members."""
    from .regions import sync_region

    region, count = sync_region(slug or current_app.config["REGION"])
    db.session.commit()
    click.echo(f"Region {region.name}: {count} Mitglieder.")


@mail_cli.command("send")
def mail_send():
    """Send due mails from the outbox (retries with backoff)."""
    from .mail import send_pending

    stats = send_pending()
    click.echo(
        f"gesendet: {stats['sent']}, erneut versuchen: {stats['retry']}, "
        f"endgültig fehlgeschlagen: {stats['failed']}"
    )
