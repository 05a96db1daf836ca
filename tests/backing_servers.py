"""Real PostgreSQL 15 and Redis servers on 127.0.0.1 for tests and bench/, started and stopped here.

PostgreSQL refuses to run as root, so as root its programs run as the `postgres` system user
(created if missing), in a directory that user owns outside pytest's root-only temp tree.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.live_server import free_port

PG_BIN_DIRS = [Path("/usr/lib/postgresql/15/bin")]


class Unavailable(RuntimeError):
    """This machine can't run the server; the message says why (tests skip with it)."""


def _pg_program(name: str) -> str:
    found = shutil.which(name) or next(
        (str(d / name) for d in PG_BIN_DIRS if (d / name).exists()), None
    )
    if found is None:
        raise Unavailable(f"PostgreSQL's {name} is not installed (apt-get install postgresql-15)")
    return found


def _pg_user() -> str | None:
    """The user PostgreSQL runs as: None for the current one, `postgres` when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "postgres"], check=True, capture_output=True
        )
    return "postgres"


class PostgresServer:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (trust auth, user `advisor`) that can be stopped and started."""

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = _pg_program("initdb"), _pg_program("pg_ctl")
        self.user = _pg_user()
        self.dir = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
        if self.user:
            shutil.chown(self.dir, self.user, self.user)
        self.port = free_port()
        self.url = f"postgresql://advisor@127.0.0.1:{self.port}/postgres"
        done = self._run(
            self.initdb, "-D", str(self.dir / "db"), "-U", "advisor", "-A", "trust", "--no-sync"
        )
        if done.returncode:
            self.remove()
            raise Unavailable(f"initdb failed: {done.stderr.strip()[-400:]}")

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(args, user=self.user, capture_output=True, text=True, check=False)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = self.dir / "log"
        done = self._run(
            self.pg_ctl, "-D", str(self.dir / "db"), "-o", options, "-l", str(log), "-w", "start"
        )
        if done.returncode:
            raise Unavailable(
                f"postgres did not start: {(log.read_text() if log.exists() else done.stderr)[-400:]}"
            )

    def stop(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.dir / "db"), "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()
        server.remove()


class RedisServer:
    """A `redis-server` on 127.0.0.1 that can be stopped and started again on the same port."""

    def __init__(self) -> None:
        self.program = shutil.which("redis-server")
        if self.program is None:
            raise Unavailable("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        args = [self.program, "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--protected-mode", "no"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        import redis

        while time.monotonic() < deadline:
            try:
                if redis.Redis(port=self.port, socket_timeout=0.5).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise Unavailable("redis-server did not answer within 10 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
