"""``manage.py load_demo``: the 江川市 demo (units, users, 2026 plan, reports); prints the log-ins."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from workplan.demo.loader import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo of the fictional city 江川市 (idempotent) and print the demo log-ins."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEMO_PASSWORD, help="password of every demo user")

    def handle(self, *args, password: str, **options):
        result = load_demo(password=password)
        plan = result.plan
        if result.created:
            self.stdout.write(
                f"Loaded “{plan.title}”: {plan.sections.count()} sections, {plan.targets.count()} targets, "
                f"{result.reports} reports."
            )
        else:
            self.stdout.write(f"Demo already loaded: “{plan.title}” (plan {plan.pk}).")
        self.stdout.write(f"Demo log-ins (password {password}):")
        for username, role, unit in result.users:
            self.stdout.write(f"  {username:<11} {role:<11} {unit}")
