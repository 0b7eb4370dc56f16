"""Who is signed in and with which role.

Three ways, chosen by ``HOTSPOTS_AUTH``:

- ``oidc``: Streamlit's native OpenID Connect sign-in (``st.login``, configured in
  ``.streamlit/secrets.toml``); the role comes from a claim of the identity token
  (``HOTSPOTS_ROLE_CLAIM``, default ``roles``) or from a mapping file
  (``HOTSPOTS_ROLES_FILE``: ``[roles]`` table of e-mail or subject → role).
- ``password``: a local users file (``HOTSPOTS_USERS_FILE``, default
  ``data/users.toml``) of argon2id hashes, filled with ``python -m hotspots add-user``.
- ``none``: no sign-in, only when set explicitly; the dashboard then shows a permanent
  warning.

With no setting, only the fictitious demo database opens (anyone may look at it);
any other database is refused with instructions. This module holds no Streamlit code.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hotspots.config import Settings
from hotspots.private_files import FILE_MODE, private_dir
from hotspots.roles import Role, parse_role

__all__ = [
    "AuthError",
    "Mode",
    "add_user",
    "mode_for",
    "role_from_claims",
    "users_file",
    "verify_password",
]

_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
MIN_PASSWORD = 12
_hasher = PasswordHasher()
# Verified against when the user is unknown, so that both cases take the same time.
_DUMMY_HASH = _hasher.hash("no such user: a fixed dummy password")


class AuthError(ValueError):
    """Sign-in is not configured in a usable way; the message says what to do."""


@dataclass(frozen=True)
class Mode:
    """How the dashboard lets people in."""

    kind: str  # "demo", "none", "password", "oidc"

    @property
    def signs_in(self) -> bool:
        return self.kind in ("password", "oidc")


def mode_for(settings: Settings, demo: bool) -> Mode:
    """The sign-in mode for these settings; :class:`AuthError` when a real database would
    open to anyone."""
    if settings.auth in ("password", "oidc"):
        return Mode(settings.auth)
    if settings.auth == "none":
        return Mode("none")
    if demo:
        return Mode("demo")
    raise AuthError(
        "this database holds real data and no sign-in is configured. Set HOTSPOTS_AUTH="
        "password and add users with `python -m hotspots add-user NAME --role ROLE`, or "
        "HOTSPOTS_AUTH=oidc with an [auth] section in .streamlit/secrets.toml (see the "
        "README). HOTSPOTS_AUTH=none opens it to anyone who reaches the server."
    )


def users_file(settings: Settings) -> Path:
    return settings.users_file or settings.data_dir / "users.toml"


def _read_users(path: Path) -> dict[str, dict]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise AuthError(f"{path} is not valid TOML: {exc}") from exc
    users = data.get("users", {})
    if not isinstance(users, dict):
        raise AuthError(f"{path}: [users] must be a table of users")
    return users


def add_user(path: Path, name: str, role: str, password: str) -> None:
    """Add or replace a user (argon2id hash); the file is written with mode 0600."""
    if not _NAME.match(name):
        raise ValueError(f"user name {name!r}: use 1-64 letters, digits, . _ @ -")
    parsed = parse_role(role)
    if parsed is None:
        raise ValueError(f"unknown role {role!r}: use commandement, analyste or presse")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password must have at least {MIN_PASSWORD} characters")
    users = _read_users(path)
    users[name] = {"role": str(parsed), "hash": _hasher.hash(password)}
    lines = ["# Hotspots users: python -m hotspots add-user NAME --role ROLE", ""]
    for user, entry in sorted(users.items()):
        lines += [f'[users."{user}"]', f'role = "{entry["role"]}"', f'hash = "{entry["hash"]}"', ""]
    if not path.parent.exists():
        private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # O_CREAT's mode does not change an existing file
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))


def verify_password(path: Path, name: str, password: str) -> Role | None:
    """The user's role if the password is right, else ``None``."""
    entry = _read_users(path).get(name)
    stored = entry.get("hash", _DUMMY_HASH) if isinstance(entry, dict) else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if entry is None:
        return None
    return parse_role(entry.get("role"))


def role_from_claims(claims: dict, claim: str, roles_file: Path | None) -> Role | None:
    """The role of an OIDC user: the first known role in the claim (a string or a list),
    else the mapping file's entry for the user's e-mail or subject."""
    value = claims.get(claim)
    for item in value if isinstance(value, list) else [value]:
        role = parse_role(item) if isinstance(item, str) else None
        if role is not None:
            return role
    if roles_file is None:
        return None
    try:
        with roles_file.open("rb") as fh:
            mapping = tomllib.load(fh).get("roles", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise AuthError(f"HOTSPOTS_ROLES_FILE {roles_file}: {exc}") from exc
    for key in (claims.get("email"), claims.get("sub")):
        if isinstance(key, str) and key in mapping:
            return parse_role(mapping[key])
    return None
