"""``workplan serve``, ``workplan manage …`` and ``workplan demo``: the Django side of the command line.

``build_parser`` in cli.py calls ``register_django_commands``. Django is imported only when one of these
commands runs, so ``workplan parse`` stays fast and works without a database.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workplan.settings")
    import django

    django.setup()


def _prepare(*, verbosity: int = 0) -> None:
    """Apply migrations and collect static files (both do nothing when already done)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("collectstatic", interactive=False, verbosity=verbosity)


def gunicorn_argv(*, host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "workplan.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("WORKPLAN_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]


def _run_servers(*, host: str, port: int, workers: int, worker: bool) -> int:
    """gunicorn in the foreground and, unless told otherwise, the background-task worker beside it."""
    children = []
    if worker:
        children.append(subprocess.Popen([sys.executable, "-m", "django", "db_worker"]))
    web = subprocess.Popen(gunicorn_argv(host=host, port=port, workers=workers))
    children.append(web)

    def stop(signum, frame):
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        code = web.wait()
    finally:
        stop(None, None)
        for child in children:
            child.wait(timeout=20)
    return code


def _cmd_serve(args: argparse.Namespace) -> int:
    _setup_django()
    _prepare()
    print(f"Workplan on http://{args.host}:{args.port}/  (API docs: /api/docs/)", flush=True)
    return _run_servers(host=args.host, port=args.port, workers=args.workers, worker=not args.no_worker)


def _cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workplan.settings")
    from django.core.management import execute_from_command_line

    argv = list(args.args)
    if argv[:1] == ["--"]:
        argv = argv[1:]
    execute_from_command_line(["workplan manage", *argv])
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    # A demo on one machine needs no configuration: a throwaway secret key (sessions end with the process).
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    _setup_django()
    from django.core.management import call_command

    _prepare()
    call_command("load_demo")
    print(
        f"\nOpen http://{'localhost' if args.host in ('0.0.0.0', '127.0.0.1') else args.host}:{args.port}/", flush=True
    )
    if args.no_serve:
        return 0
    return _run_servers(host=args.host, port=args.port, workers=args.workers, worker=True)


def _add_server_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default=os.environ.get("WORKPLAN_HOST", "127.0.0.1"), help="address to listen on")
    p.add_argument("--port", type=int, default=int(os.environ.get("WORKPLAN_PORT", "8000")), help="port (8000)")
    p.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")), help="web workers (2)")


def register_django_commands(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser(
        "serve", help="serve the tracking application (gunicorn + static files; migrates first)"
    )
    _add_server_options(serve)
    serve.add_argument("--no-worker", action="store_true", help="do not start the background-task worker")
    serve.set_defaults(func=_cmd_serve)

    manage = subparsers.add_parser(
        "manage", help="run any Django management command, e.g. `workplan manage migrate`", add_help=False
    )
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=_cmd_manage)

    demo = subparsers.add_parser("demo", help="load the 江川市 demo and serve it (prints the log-ins)")
    _add_server_options(demo)
    demo.add_argument("--no-serve", action="store_true", help="load the demo and exit")
    demo.set_defaults(func=_cmd_demo)
