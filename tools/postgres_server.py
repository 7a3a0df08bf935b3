"""A throwaway PostgreSQL server for the tests and benchmarks: its own cluster in a
temporary folder, listening on a free loopback port, with password (SCRAM) authentication
over TCP.

`make setup` installs PostgreSQL and PostGIS from Debian's packages. As root, the server
runs as the `postgres` user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

USER = "jiangdu_admin"
PASSWORD = "test-only-secret"


def _bindir() -> Path:
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(re.sub(r"\D", "", p.parent.parent.name) or 0),
    )
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run make setup")
    return found[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    folder: Path
    port: int
    as_user: list[str]

    def conninfo(self, database: str = "postgres", user: str = USER, password=PASSWORD) -> str:
        return (
            f"host=127.0.0.1 port={self.port} dbname={database} user={user} "
            f"password={password} connect_timeout=10"
        )

    def stop(self) -> None:
        subprocess.run(
            [
                *self.as_user,
                str(_bindir() / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start() -> Server:
    bindir = _bindir()
    folder = Path(tempfile.mkdtemp(prefix="jiangdu-pg-"))
    as_user = []
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    password_file = folder / "password"
    password_file.write_text(PASSWORD)
    if as_user:
        os.chown(password_file, pwd.getpwnam("postgres").pw_uid, -1)

    def run(*command):
        result = subprocess.run([*as_user, *command], capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stdout}{result.stderr}")

    run(
        str(bindir / "initdb"),
        "-D",
        str(folder / "data"),
        "-U",
        USER,
        "-E",
        "UTF8",
        "--no-locale",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        f"--pwfile={password_file}",
    )
    port = _free_port()
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(folder / "data"),
        "-l",
        str(folder / "log"),
        "-w",
        "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off",
        "start",
    )
    return Server(folder, port, as_user)
