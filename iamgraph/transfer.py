"""``iamgraph export`` / ``iamgraph import``: whole realms to and from Keycloak-format JSON files, as
``kc.sh export`` writes them and ``kc.sh import`` reads them. An import creates each realm the way
``POST /admin/realms`` creates one (the same parser and the same importer); an export is the realm-export
resolver's view in Keycloak's representation, users and their credentials included.

A file holds one realm representation or a list of them; a folder holds Keycloak's ``kc.sh export --dir``
layout: ``<realm>-realm.json`` and, beside it, the realm's users in ``<realm>-users-<n>.json`` files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tortoise.transactions import in_transaction

from models import Realm
from resolvers.kit.actor import SYSTEM
from resolvers.kit.lookup import realm_or_none
from resolvers.realms import crud as realms
from resolvers.realms.export import export_realm
from rest_compat.keycloak.realm_export import to_realm_export
from rest_compat.keycloak.realm_import import realm_contents_from
from rest_compat.keycloak.realms import realm_fields_from


class ImportFailed(Exception):
    """A file that cannot be read or a realm that cannot be imported; the message says which."""


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ImportFailed(f"cannot read {path}: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFailed(f"{path} is not JSON: {error}") from None


def _realms_of(document: Any, path: Path) -> list[dict[str, Any]]:
    found = document if isinstance(document, list) else [document]
    if not all(isinstance(rep, dict) and isinstance(rep.get("realm"), str) for rep in found):
        raise ImportFailed(f"{path} holds no realm representation (an object with a realm name)")
    return found


def realms_in_file(path: Path) -> list[dict[str, Any]]:
    return _realms_of(_read(path), path)


def realms_in_folder(folder: Path) -> list[dict[str, Any]]:
    if not folder.is_dir():
        raise ImportFailed(f"{folder} is not a folder")
    found: list[dict[str, Any]] = []
    for realm_file in sorted(folder.glob("*-realm.json")):
        for rep in realms_in_file(realm_file):
            name = rep["realm"]
            for users_file in sorted(folder.glob(f"{name}-users-*.json")):
                users = _read(users_file)
                if not isinstance(users, dict) or not isinstance(users.get("users"), list):
                    raise ImportFailed(f"{users_file} holds no users list")
                rep["users"] = [*(rep.get("users") or []), *users["users"]]
            found.append(rep)
    if not found:
        raise ImportFailed(f"{folder} holds no <realm>-realm.json file")
    return found


async def import_realm(rep: dict[str, Any], *, override: bool) -> str:
    """Creates the realm of ``rep``; an existing realm of that name is replaced when ``override``, left
    as it is otherwise. What was done, in a few words (a domain failure is raised as it is: the command
    line says it)."""
    name = rep["realm"]
    async with in_transaction():
        existing = await realm_or_none(name)
        if existing is not None:
            if not override:
                return f"realm {name} exists, left as it is"
            await realms.delete_realm(SYSTEM, name)
        await realms.create_realm(
            SYSTEM, realm_fields_from(rep), realm_contents_from(rep), representation=rep
        )
    return f"realm {name} {'replaced' if existing is not None else 'imported'}"


async def export_realms(names: list[str] | None) -> list[dict[str, Any]]:
    """The named realms (every realm, master first, without names) in Keycloak's export representation."""
    if names is None:
        names = [r.name for r in await Realm.all().order_by("name") if r.name != "master"]
        names = ["master", *names] if await Realm.filter(name="master").exists() else names
    return [to_realm_export(await export_realm(SYSTEM, name)) for name in names]


def write_realms(reps: list[dict[str, Any]], *, file: Path | None, folder: Path | None) -> list[str]:
    """Writes the export as one file (one realm, or a list of them) or one ``<realm>-realm.json`` per
    realm in ``folder``, readable by the owner only (they hold password hashes and client secrets)."""
    import os

    def write(path: Path, document: Any) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2, ensure_ascii=False)
            handle.write("\n")

    try:
        if file is not None:
            write(file, reps[0] if len(reps) == 1 else reps)
            return [str(file)]
        assert folder is not None
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for rep in reps:
            path = folder / f"{rep['realm']}-realm.json"
            write(path, rep)
            written.append(str(path))
        return written
    except OSError as error:
        raise ImportFailed(f"cannot write the export: {error.strerror} ({error.filename})") from None
