"""Flask CLI commands: thin wrappers around the domain modules."""

import contextlib
import functools
import signal
import threading
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from . import events, privacy
from .alerts import cleanup, send_alerts
from .ba import probe_ba, run_import, summary
from .core.extensions import db
from .demo import seed_demo
from .feeds import run_feeds
from .listings import (
    SYSTEM,
    JobError,
    expire_due,
    feed_membership_days,
    import_jobs,
    send_expiry_reminders,
)
from .models import Company
from .moderation import send_digests
from .places import load_places, sync_region
from .platform.locks import exclusive_run
from .platform.mail import send_pending
from .search import IndexBusy, drain, node_name, nodes, rebuild, run_worker, status

places_cli = AppGroup("places", help="Places of Germany.")
region_cli = AppGroup("region", help="Region and member municipalities.")
mail_cli = AppGroup("mail", help="The mail outbox.")
jobs_cli = AppGroup("jobs", help="Job listings: import, expiry.")
index_cli = AppGroup("index", help="The search index: drain, worker, rebuild, status.")
alerts_cli = AppGroup("alerts", help="Saved searches mailed as alerts: send, cleanup.")
import_cli = AppGroup(
    "import", help="Imports from outside sources (ba: Bundesagentur für Arbeit; feeds)."
)
privacy_cli = AppGroup("privacy", help="Personal data (DSGVO): retention of inactive accounts.")
events_cli = AppGroup("events", help="Events: reminders the day before.")
moderation_cli = AppGroup("moderation", help="Review of listings: the promoters' digest mail.")


def single_run(name: str):
    """Run the command only where no other node runs it at the moment (platform.locks):
    timers on every node may start it together; one does the work, the others skip."""

    def wrap(command):
        @functools.wraps(command)
        def run(*args, **kwargs):
            with exclusive_run(name) as alone:
                if not alone:
                    click.echo(f"{name}: läuft bereits anderswo; übersprungen.")
                    return None
                return command(*args, **kwargs)

        return run

    return wrap


def init_app(app: Flask) -> None:
    """Register all commands."""
    for command in (demo_command, places_cli, region_cli, mail_cli, jobs_cli, index_cli):
        app.cli.add_command(command)
    app.cli.add_command(alerts_cli)
    app.cli.add_command(import_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(events_cli)
    app.cli.add_command(moderation_cli)


@click.command("demo")
def demo_command():
    """Load places and the configured region, then seed demo data (idempotent)."""
    for line in seed_demo():
        click.echo(line)
    _drain_if_single_process()


@places_cli.command("load")
def places_load():
    """Load jobportal/data/places_de.csv into the database (once)."""
    count = load_places()
    db.session.commit()
    click.echo(f"{count} Orte geladen." if count else "Orte waren bereits geladen.")


@region_cli.command("sync")
@click.argument("slug", required=False)
def region_sync(slug):
    """Create or update the configured region (or SLUG) and its members."""
    region, count = sync_region(slug or current_app.config["REGION"])
    db.session.commit()
    click.echo(f"Region {region.name}: {count} Mitglieder.")


@mail_cli.command("send")
@single_run("mail-send")
def mail_send():
    """Send due mails from the outbox (retries with backoff)."""
    stats = send_pending()
    click.echo(
        f"gesendet: {stats['sent']}, erneut versuchen: {stats['retry']}, "
        f"endgültig fehlgeschlagen: {stats['failed']}"
    )


@jobs_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--company", "company_id", type=int, required=True, help="Id of the company.")
@click.option("--publish", is_flag=True, help="Publish at once instead of pending review.")
def jobs_import(path, company_id, publish):
    """Import vacancies from a JSON file (docs/import-format.md) for a company."""
    company = db.session.get(Company, company_id)
    if company is None:
        raise click.ClickException(f"Kein Unternehmen mit der Id {company_id}.")
    try:
        report = import_jobs(path, company, SYSTEM, publish=publish)
    except JobError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    _drain_if_single_process()
    for result in report.rejected:
        click.echo(f"Datensatz {result.index} ({result.ref or 'ohne ref'}) abgelehnt:")
        for reason in result.reasons:
            click.echo(f"  - {reason}")
    click.echo(report.summary())


@jobs_cli.command("expire")
@single_run("jobs-expire")
def jobs_expire():
    """End listings past their end date, send the 7-day reminders and re-feed the index
    with members whose join or leave date has come."""

    expired = expire_due()
    reminded = send_expiry_reminders()
    feed_membership_days()
    db.session.commit()
    _drain_if_single_process()
    click.echo(f"abgelaufen: {len(expired)}, erinnert: {reminded}")


def _drain_if_single_process() -> None:
    """With SEARCH_DRAIN_AFTER_COMMIT (no index worker running) apply the feed entries a
    command just committed, as requests do."""

    if current_app.config["SEARCH_DRAIN_AFTER_COMMIT"]:
        try:
            drain(timeout=30)
        except IndexBusy:
            click.echo("Suchindex belegt; `flask index drain` übernimmt die Änderungen.")


@index_cli.command("drain")
@click.option("--batch-size", default=500, show_default=True, help="Feed entries per commit.")
def index_drain(batch_size):
    """Apply the pending search feed entries to the index, once."""
    result = drain(batch_size=batch_size)
    click.echo(
        f"angewendet: {result['applied']} Einträge in {result['batches']} Schritten, "
        f"Stand: {result['cursor']} ({result['seconds']} s)"
    )


@index_cli.command("worker")
@click.option("--interval", type=float, default=None, help="Seconds between drains.")
def index_worker(interval):
    """Drain the search feed in a loop until SIGTERM or SIGINT (run beside gunicorn);
    registers this node (SEARCH_NODE_NAME), prunes the feed below the slowest live node
    and rebuilds the index by itself if it returns behind the pruned feed."""
    interval = interval or current_app.config["SEARCH_WORKER_INTERVAL"]
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_args: stop.set())
    click.echo(f"Index-Worker läuft (alle {interval} s); beenden mit Strg+C oder SIGTERM.")
    totals = run_worker(current_app._get_current_object(), interval, stop)
    click.echo(
        f"Index-Worker beendet: {totals['applied']} Einträge angewendet, "
        f"{totals['rebuilds']} Neuaufbauten."
    )


@index_cli.command("rebuild")
@click.option("--procs", type=int, default=None, help="Writer processes (SEARCH_REBUILD_PROCS).")
def index_rebuild(procs):
    """Build a fresh index from the database and swap it in atomically."""
    with contextlib.ExitStack() as stack:
        bars = []

        def progress(done, total):
            if not bars:
                bar = click.progressbar(length=max(total, done), label="Stellen indexieren")
                bars.append(stack.enter_context(bar))
            bars[0].update(done - bars[0].pos)

        result = rebuild(progress=progress, procs=procs)
    click.echo(
        f"{result['documents']} Stellen in {result['seconds']} s indexiert "
        f"({result['docs_per_s']} Dokumente/s), live: {result['directory']}"
    )


@index_cli.command("status")
def index_status():
    """Documents in the index, last applied feed entry and lag."""
    info = status()
    click.echo(f"Dokumente: {info['documents']}")
    click.echo(f"zuletzt angewendeter Eintrag: {info['last_applied_id']}")
    click.echo(f"ausstehend (lag): {info['lag']}")
    click.echo(f"Verzeichnis: {info['directory'] or '-'} (Generation {info['generation']})")
    click.echo(f"Knoten: {node_name()}")
    if info["rebuild_required"]:
        click.echo("Neuaufbau nötig: der Feed wurde über den Stand dieses Index hinaus gekürzt.")
    for node in nodes():
        state = "aktiv" if node["live"] else "verstummt"
        beat = node["heartbeat_at"].strftime("%Y-%m-%d %H:%M:%S UTC")
        click.echo(f"  {node['name']}: Stand {node['cursor']}, {state}, zuletzt {beat}")


@import_cli.command("ba")
@click.option("--probe", is_flag=True, help="One small request: print its shape, write nothing.")
def import_ba(probe):
    """Import vacancies of the network's places from the BA job search (docs/ba-import.md)."""
    if probe:
        lines, ok = probe_ba()
        click.echo("\n".join(lines))
        if not ok:
            raise click.ClickException("Die Antwort der BA passt nicht zum Import.")
        return
    _run_ba_import()


@single_run("import-ba")
def _run_ba_import() -> None:
    """One import run (the lock keeps it to one node at a time)."""
    with contextlib.ExitStack() as stack:
        bars = []

        def progress(done, total, label):
            if not bars:
                bar = click.progressbar(length=total, label="BA-Suchen", show_pos=True)
                bars.append(stack.enter_context(bar))
            bars[0].label = f"BA-Suchen ({label})"
            bars[0].update(done - bars[0].pos)

        run = run_import(progress=progress)
    click.echo(f"BA-Import {run.status_label}: {summary(run)}")
    if current_app.config["SEARCH_DRAIN_AFTER_COMMIT"]:  # single-process default
        click.echo(f"Suchindex: {drain()['applied']} Einträge angewendet.")
    if run.status != "succeeded":
        raise click.ClickException(run.errors.splitlines()[-1] if run.errors else run.status)


@import_cli.command("feeds")
@click.option("--feed", "feed_ids", type=int, multiple=True, help="Only this feed (id).")
def import_feeds(feed_ids):
    """Fetch the employers' career feeds and import their listings (docs/feeds.md)."""
    _run_feed_import(set(feed_ids))


@single_run("import-feeds")
def _run_feed_import(feed_ids: set) -> None:
    """One run over the feeds (the lock keeps it to one node at a time)."""
    done = run_feeds(feed_ids=feed_ids or None)
    for feed_id, url, outcome in done:
        counts = ", ".join(f"{n} {key}" for key, n in outcome.counts.items())
        click.echo(f"Feed {feed_id} ({url}): {outcome.status} – {counts}")
        if outcome.error:
            click.echo(f"  {outcome.error}", err=True)
    if current_app.config["SEARCH_DRAIN_AFTER_COMMIT"]:  # single-process default
        click.echo(f"Suchindex: {drain()['applied']} Einträge angewendet.")
    broken = [outcome for _id, _url, outcome in done if outcome.status != "succeeded"]
    if broken:
        raise click.ClickException(f"{len(broken)} Feed(s) fehlgeschlagen: {broken[0].error}")


@alerts_cli.command("send")
@click.option("--frequency", type=click.Choice(["daily", "weekly"]), required=True)
@click.option("--deliver/--no-deliver", default=False, help="Send the outbox right after.")
@single_run("alerts-send")
def alerts_send(frequency, deliver):
    """Queue one digest per recipient with the new jobs of their due alerts."""
    stats = send_alerts(frequency, progress=click.echo)
    click.echo(
        f"{stats.checked} Suchaufträge geprüft, {stats.new_listings} neue Stellen, "
        f"{stats.mails} Mails eingereiht ({stats.jobs_sent} Stellen), "
        f"Abgleich {stats.match_seconds:.2f} s, gesamt {stats.seconds:.2f} s."
    )
    if deliver:
        result = send_pending()
        click.echo(
            f"Versand: {result['sent']} gesendet, {result['retry']} später erneut, "
            f"{result['failed']} fehlgeschlagen."
        )


@alerts_cli.command("cleanup")
@single_run("alerts-cleanup")
def alerts_cleanup():
    """Delete stale unconfirmed alerts; ask after 12 months; delete unanswered ones."""
    result = cleanup()
    db.session.commit()
    click.echo(
        f"{result['unconfirmed_deleted']} unbestätigte gelöscht, "
        f"{result['asked']} Nachfragen verschickt, {result['deleted']} ohne Antwort gelöscht."
    )


@moderation_cli.command("notify")
@single_run("moderation-notify")
def moderation_notify():
    """Queue one mail per promoter listing the listings newly waiting for review."""
    result = send_digests()
    db.session.commit()
    click.echo(f"{result['mails']} Mails eingereiht ({result['listings']} Anzeigen).")


@privacy_cli.command("retention")
@single_run("privacy-retention")
def retention_command():
    """Warn and delete job-seeker accounts inactive for the retention time; delete event
    registrations 30 days after their event (and unconfirmed ones after 48 hours)."""
    result = privacy.retention_run()
    db.session.commit()
    click.echo(f"gewarnt: {result['warned']}, gelöscht: {result['deleted']}")
    purged = events.purge_registrations()
    db.session.commit()
    click.echo(
        f"Anmeldungen zu Veranstaltungen gelöscht: {purged['past']} nach der Frist, "
        f"{purged['unconfirmed']} unbestätigt"
    )


@events_cli.command("remind")
@single_run("events-remind")
def events_remind():
    """Mail everyone registered for an event tomorrow a reminder (each exactly once)."""
    sent = events.send_reminders()
    click.echo(f"Erinnerungen eingereiht: {sent}")
