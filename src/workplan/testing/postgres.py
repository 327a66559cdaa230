"""A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, start on a free port.

Needs the server binaries (``/usr/lib/postgresql/<version>/bin`` on Debian, or ``WORKPLAN_PG_BIN``).
PostgreSQL refuses to run as root, so under root the cluster runs as the ``postgres`` user (or
``WORKPLAN_PG_USER``) through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class ClusterError(RuntimeError):
    pass


def find_bin_dir() -> Path:
    explicit = os.environ.get("WORKPLAN_PG_BIN")
    if explicit:
        return Path(explicit)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).parent
    raise ClusterError("PostgreSQL server binaries not found (install postgresql or set WORKPLAN_PG_BIN)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cluster:
    bin_dir: Path
    data_dir: Path
    port: int
    run_as: str | None
    version: str = ""

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/workplan"

    def _run(self, *argv: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin_dir / argv[0]), *argv[1:]]
        if self.run_as:
            cmd = ["runuser", "-u", self.run_as, "--", *cmd]
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise ClusterError(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    @classmethod
    def start(cls) -> Cluster:
        bin_dir = find_bin_dir()
        run_as = None
        if os.geteuid() == 0:
            run_as = os.environ.get("WORKPLAN_PG_USER", "postgres")
            pwd.getpwnam(run_as)  # KeyError when the user is missing: say so early
        root = Path(tempfile.mkdtemp(prefix="workplan-pg-"))
        root.chmod(0o755)
        data_dir = root / "data"
        data_dir.mkdir()
        if run_as:
            entry = pwd.getpwnam(run_as)
            os.chown(root, entry.pw_uid, entry.pw_gid)
            os.chown(data_dir, entry.pw_uid, entry.pw_gid)
        cluster = cls(bin_dir=bin_dir, data_dir=data_dir, port=_free_port(), run_as=run_as)
        cluster._run("initdb", "-D", str(data_dir), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        # Durability off: the cluster is thrown away, and tests run several times faster.
        options = (
            f"-p {cluster.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        cluster._run("pg_ctl", "-D", str(data_dir), "-o", options, "-l", str(root / "server.log"), "-w", "start")
        cluster.version = cluster._run("postgres", "--version").stdout.strip().rsplit(" ", 1)[-1]
        cluster._run("createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "workplan")
        return cluster

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.data_dir.parent, ignore_errors=True)
