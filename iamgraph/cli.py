"""The ``iamgraph`` command: serve, migrate, and the administrator's recovery commands.

Exit codes scripts can rely on: 0 done, 1 the operation failed (its reason in one line), 2 a usage or
configuration error (a bad option or setting, a database that cannot be reached).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import socket
import sys
from importlib.metadata import PackageNotFoundError, version

from core.settings import ConfigError, Settings

USAGE_ERROR = 2
FAILED = 1


def _version() -> str:
    try:
        return version("iamgraph")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iamgraph",
        description="GraphQL identity administration API; Keycloak, Hydra, Keto and lowball REST dialects.",
        epilog="Settings come from IAMGRAPH_* environment variables (see README.md).",
    )
    parser.add_argument("--version", action="version", version=f"iamgraph {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="migrate the database, then serve every door")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    serve.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("PORT", "8080")),
        help="port to listen on (default: $PORT or 8080)",
    )
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default: %(default)s)")
    serve.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="server log level (default: %(default)s)",
    )

    commands.add_parser("migrate", help="create or upgrade the database schema, then exit")

    rotate = commands.add_parser(
        "rotate-secret-key",
        help="re-seal every secret in the database under a new key (stop every instance first)",
        description="Opens the database with the current key (IAMGRAPH_SECRET_KEY or IAMGRAPH_KEY_FILE), "
        "seals every secret again with the new key and rewrites the key marker, in one transaction. "
        "Then start every instance with the new key; the old one no longer opens the database.",
    )
    new_key = rotate.add_mutually_exclusive_group(required=True)
    new_key.add_argument(
        "--new-key-file",
        metavar="PATH",
        help="the new key file (made, readable by the owner only, if missing)",
    )
    new_key.add_argument(
        "--new-passphrase-stdin", action="store_true", help="read the new passphrase from standard input"
    )

    exporting = commands.add_parser(
        "export", help="write realms to Keycloak-format JSON files, users included (as kc.sh export)"
    )
    target = exporting.add_mutually_exclusive_group(required=True)
    target.add_argument("--file", metavar="FILE", help="one file: the realm, or a list of every realm")
    target.add_argument("--dir", metavar="DIR", help="a folder: one <realm>-realm.json per realm")
    exporting.add_argument("--realm", action="append", help="a realm to export (repeatable; default: all)")

    importing = commands.add_parser(
        "import", help="create realms from Keycloak-format JSON files (as kc.sh import reads them)"
    )
    source = importing.add_mutually_exclusive_group(required=True)
    source.add_argument("--file", metavar="FILE", help="a realm representation, or a list of them")
    source.add_argument(
        "--dir", metavar="DIR", help="a kc.sh export folder: <realm>-realm.json and <realm>-users-<n>.json"
    )
    importing.add_argument(
        "--override",
        choices=["true", "false"],
        default="true",
        help="replace a realm that already exists (default: %(default)s, as kc.sh import)",
    )

    admin = commands.add_parser("admin", help="administrator recovery commands")
    admin_commands = admin.add_subparsers(dest="admin_command", required=True, metavar="ADMIN_COMMAND")
    reset = admin_commands.add_parser(
        "reset-password", help="set a user's password (the master admin's by default)"
    )
    reset.add_argument("--realm", default="master", help="the user's realm (default: %(default)s)")
    reset.add_argument("--username", help="the user (default: IAMGRAPH_ADMIN_USERNAME or admin)")
    reset.add_argument(
        "--password-stdin", action="store_true", help="read the new password from standard input"
    )
    return parser


def _fail(code: int, message: str) -> None:
    print(f"iamgraph: {message}", file=sys.stderr)
    sys.exit(code)


def _configured() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as error:
        _fail(USAGE_ERROR, str(error))
        raise  # unreachable: _fail exits


def _settings(settings: Settings | None = None) -> Settings:
    """The settings, checked, and their database reachable (a new SQLite file is made here)."""
    from iamgraph.db import unreachable

    settings = settings or _configured()
    if problem := unreachable(settings.database_url):
        hint = (
            ""
            if settings.database_url.startswith("sqlite")
            else "; without IAMGRAPH_DATABASE_URL it runs on SQLite"
        )
        _fail(USAGE_ERROR, f"{problem}{hint}")
    return settings


def _port_free(host: str, port: int) -> str | None:
    """Why the server could not listen there, checked before anything is written."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        return f"cannot listen on {host}: {error.strerror}"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            return f"cannot listen on {host}:{port}: {error.strerror}"
    return None


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    if not 1 <= args.workers <= 64:
        _fail(USAGE_ERROR, "--workers must be between 1 and 64")
    if not 0 <= args.port <= 65535:
        _fail(USAGE_ERROR, "--port must be between 0 and 65535")
    settings = _configured()
    if args.port and (problem := _port_free(args.host, args.port)):
        _fail(USAGE_ERROR, problem)
    _preflight(_settings(settings))
    from iamgraph import logs

    uvicorn.run(
        "iamgraph.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        log_config=logs.config(settings.log_format, args.log_level),
        access_log=False,
        # SIGTERM: stop accepting, let requests in flight finish within the bound, then close.
        timeout_graceful_shutdown=settings.shutdown_timeout,
        proxy_headers=True,
    )


async def _open(settings: Settings) -> None:
    """The database migrated and its key marker checked, under the start lock; a key that does not open
    the database ends the command with a line that says what to do."""
    from core import runtime
    from iamgraph import db, keyring

    runtime.configure(settings)
    async with db.start_lock(settings.database_url):
        await db.start(settings.database_url)
        try:
            await keyring.unlock(settings)
        except keyring.KeyMismatch as mismatch:
            await db.stop()
            _fail(USAGE_ERROR, str(mismatch))


def _preflight(settings: Settings) -> None:
    from iamgraph import db

    async def run() -> None:
        await _open(settings)
        await db.stop()

    asyncio.run(run())


def _migrate() -> None:
    _preflight(_settings())
    print("iamgraph: the database schema is up to date")


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("New password: ")
        if getpass.getpass("Repeat it: ") != password:
            _fail(FAILED, "the passwords differ")
    else:
        _fail(USAGE_ERROR, "give the password on standard input with --password-stdin")
        raise AssertionError  # unreachable: _fail exits
    if not password:
        _fail(FAILED, "the new password is empty")
    return password


def _reset_password(args: argparse.Namespace) -> None:
    from core.errors import DomainError
    from iamgraph import db
    from models import Realm, User
    from resolvers.kit.actor import SYSTEM
    from resolvers.users.credentials import reset_password

    settings = _settings()
    username = (args.username or settings.admin_username).lower()
    password = _new_password(args.password_stdin)

    async def run() -> str | None:
        await _open(settings)
        try:
            realm = await Realm.get_or_none(name=args.realm)
            if realm is None:
                return f"realm {args.realm} does not exist (the first `iamgraph serve` makes master)"
            user = await User.get_or_none(realm_id=realm.id, username=username)
            if user is None:
                return f"realm {args.realm} has no user {username}"
            await reset_password(SYSTEM, args.realm, user.id, password)
        except DomainError as error:
            return error.message
        finally:
            await db.stop()
        return None

    if problem := asyncio.run(run()):
        _fail(FAILED, problem)
    print(f"iamgraph: the password of {username} in realm {args.realm} was reset")


def _rotate_secret_key(args: argparse.Namespace) -> None:
    from pathlib import Path

    from core import runtime
    from core.secrets import SecretBox
    from iamgraph import db, rotation

    settings = _settings()
    salt: str | None = None
    if args.new_key_file:
        path = Path(args.new_key_file)
        if not settings.secret_key and path.resolve() == settings.key_file.resolve():
            _fail(USAGE_ERROR, f"{path} is the current key file: name a new one")
        try:
            new = SecretBox.from_key_file(path)
        except (OSError, ValueError) as error:
            _fail(FAILED, f"cannot use the key file {path}: {error}")
            raise  # unreachable: _fail exits
        kdf, next_step = "file", f"start every instance with IAMGRAPH_KEY_FILE={path}"
        if settings.secret_key:
            next_step += " and without IAMGRAPH_SECRET_KEY"
    else:
        passphrase = _new_password(True)
        kdf, next_step = "scrypt", "start every instance with the new IAMGRAPH_SECRET_KEY"

    async def run() -> int:
        nonlocal new, salt
        await _open(settings)
        try:
            if kdf == "scrypt":
                new, salt = await rotation.passphrase_key(passphrase)
            return await rotation.rotate(runtime.secret_box(), new, kdf, salt)
        finally:
            await db.stop()

    count = asyncio.run(run())
    print(f"iamgraph: {count} secrets sealed with the new key; {next_step}")


def _export(args: argparse.Namespace) -> None:
    from pathlib import Path

    from core.errors import DomainError
    from iamgraph import db, transfer

    settings = _settings()

    async def run() -> list[dict[str, object]]:
        await _open(settings)
        try:
            return await transfer.export_realms(args.realm)
        except DomainError as error:
            raise transfer.ImportFailed(error.message) from None
        finally:
            await db.stop()

    try:
        reps = asyncio.run(run())
        written = transfer.write_realms(
            reps,
            file=Path(args.file) if args.file else None,
            folder=Path(args.dir) if args.dir else None,
        )
    except transfer.ImportFailed as error:
        _fail(FAILED, str(error))
        raise  # unreachable: _fail exits
    print(f"iamgraph: exported {', '.join(str(r['realm']) for r in reps)} to {', '.join(written)}")


def _import(args: argparse.Namespace) -> None:
    from pathlib import Path

    from core.errors import DomainError
    from iamgraph import bootstrap, db, transfer

    settings = _settings()
    try:
        reps = (
            transfer.realms_in_file(Path(args.file))
            if args.file
            else transfer.realms_in_folder(Path(args.dir))
        )
    except transfer.ImportFailed as error:
        _fail(FAILED, str(error))

    async def run() -> list[str]:
        await _open(settings)
        try:
            await bootstrap.ensure_master(settings)
            done = []
            for rep in reps:
                try:
                    done.append(await transfer.import_realm(rep, override=args.override == "true"))
                except DomainError as error:
                    raise transfer.ImportFailed(f"realm {rep['realm']}: {error.message}") from None
            return done
        finally:
            await db.stop()

    try:
        done = asyncio.run(run())
    except transfer.ImportFailed as error:
        _fail(FAILED, str(error))
        raise  # unreachable: _fail exits
    for line in done:
        print(f"iamgraph: {line}")


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        _serve(args)
    elif args.command == "migrate":
        _migrate()
    elif args.command == "export":
        _export(args)
    elif args.command == "import":
        _import(args)
    elif args.command == "rotate-secret-key":
        _rotate_secret_key(args)
    elif args.command == "admin" and args.admin_command == "reset-password":
        _reset_password(args)


if __name__ == "__main__":
    main()
