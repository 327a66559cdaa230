"""Mail units whose reports are due soon or overdue; safe to run as often as wanted (cron, systemd timer)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from workplan.supervision.reminders import reminders_send


class Command(BaseCommand):
    help = "E-mail reporters of units whose reports are due soon or overdue (each reminder once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", help="pretend today is this date (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent; send nothing")

    def handle(self, *args, today=None, dry_run=False, **options) -> None:
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError as exc:
            raise CommandError(f"--today must be YYYY-MM-DD: {today}") from exc
        summary = reminders_send(today=day, dry_run=dry_run)
        for line in summary.lines:
            self.stdout.write(line)
        self.stdout.write(f"sent={summary.sent} already_sent={summary.skipped} no_address={summary.no_address}")
