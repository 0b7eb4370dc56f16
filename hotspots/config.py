"""Settings read from the environment (and an optional TOML file).

Every setting has an environment variable; ``HOTSPOTS_CONFIG`` may name a TOML
file whose keys are the same names in lower case without the prefix
(``database_url = "…"``). The environment wins over the file.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from hotspots.private_files import private_dir

__all__ = [
    "DEMO_SECRET",
    "Settings",
    "SettingsError",
    "load_settings",
    "resolve_secret",
]

#: Fixed, public key used only for the fictitious demo database. Never use it for
#: real tips: anyone can recompute the pseudonyms made with it.
DEMO_SECRET = "hotspots-demo-secret--FICTITIOUS-DATA-ONLY--not-for-real-tips"  # noqa: S105

SECRET_FILE_NAME = "secret.key"  # noqa: S105 (a file name)
SECRET_BYTES = 32
LANGUAGES = ("fr", "en")
AUTH_MODES = ("oidc", "password", "none")
DEFAULT_SUPPRESSION_K = 5


class SettingsError(ValueError):
    """A setting has an unusable value; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Resolved settings. Build with :func:`load_settings`."""

    data_dir: Path = Path("data")
    database_url: str | None = None
    ingest_database_url: str | None = None
    secret: str | None = None
    auth: str | None = None
    #: No tile server by default: a tile request tells its server which places the
    #: cell is looking at. ``OpenStreetMap`` or a URL template only when configured.
    tiles: str = "none"
    ban_file: Path | None = None
    suppression_k: int = DEFAULT_SUPPRESSION_K
    lang: str = "fr"
    districts_file: Path | None = None
    districts_column: str | None = None
    users_file: Path | None = None
    roles_file: Path | None = None
    role_claim: str = "roles"
    geodata_dir: Path = field(
        default_factory=lambda: Path(__file__).resolve().parent.parent / "geodata"
    )

    @property
    def effective_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file under the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'hotspots.sqlite').as_posix()}"

    @property
    def effective_ingest_url(self) -> str:
        """The database URL that writes tips and operations: ``HOTSPOTS_INGEST_DATABASE_URL``
        when the deployment gives the dashboard a read-only role, else the same URL."""
        return self.ingest_database_url or self.effective_database_url

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"

    @property
    def cache_dir(self) -> Path:
        return self.data_dir / "cache"


_ENV_KEYS = {
    "data_dir": "HOTSPOTS_DATA_DIR",
    "database_url": "HOTSPOTS_DATABASE_URL",
    "ingest_database_url": "HOTSPOTS_INGEST_DATABASE_URL",
    "secret": "HOTSPOTS_SECRET",
    "auth": "HOTSPOTS_AUTH",
    "tiles": "HOTSPOTS_TILES",
    "ban_file": "HOTSPOTS_BAN_FILE",
    "suppression_k": "HOTSPOTS_K",
    "lang": "HOTSPOTS_LANG",
    "geodata_dir": "HOTSPOTS_GEODATA_DIR",
    "districts_file": "HOTSPOTS_DISTRICTS_FILE",
    "districts_column": "HOTSPOTS_DISTRICTS_COLUMN",
    "users_file": "HOTSPOTS_USERS_FILE",
    "roles_file": "HOTSPOTS_ROLES_FILE",
    "role_claim": "HOTSPOTS_ROLE_CLAIM",
}


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise SettingsError(f"HOTSPOTS_CONFIG names {path}, which does not exist") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path} is not valid TOML: {exc}") from exc


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read settings from ``environ`` (default ``os.environ``) and ``HOTSPOTS_CONFIG``."""
    env = dict(os.environ if environ is None else environ)
    raw: dict[str, object] = {}
    if env.get("HOTSPOTS_CONFIG"):
        file_values = _read_toml(Path(env["HOTSPOTS_CONFIG"]))
        unknown = set(file_values) - set(_ENV_KEYS)
        if unknown:
            raise SettingsError(
                f"unknown keys in {env['HOTSPOTS_CONFIG']}: {', '.join(sorted(unknown))}; "
                f"known keys: {', '.join(sorted(_ENV_KEYS))}"
            )
        raw.update(file_values)
    for name, var in _ENV_KEYS.items():
        if env.get(var, "") != "":
            raw[name] = env[var]

    values: dict[str, object] = {}
    for name in (
        "database_url",
        "ingest_database_url",
        "secret",
        "tiles",
        "districts_column",
        "role_claim",
    ):
        if name in raw:
            values[name] = str(raw[name])
    for name in (
        "data_dir",
        "ban_file",
        "geodata_dir",
        "districts_file",
        "users_file",
        "roles_file",
    ):
        if name in raw:
            values[name] = Path(str(raw[name]))
    if "auth" in raw:
        auth = str(raw["auth"]).lower()
        if auth not in AUTH_MODES:
            raise SettingsError(
                f"HOTSPOTS_AUTH={raw['auth']!r}: use one of {', '.join(AUTH_MODES)}"
            )
        values["auth"] = auth
    if "lang" in raw:
        lang = str(raw["lang"]).lower()
        if lang not in LANGUAGES:
            raise SettingsError(f"HOTSPOTS_LANG={raw['lang']!r}: use fr or en")
        values["lang"] = lang
    if "suppression_k" in raw:
        try:
            k = int(str(raw["suppression_k"]))
        except ValueError:
            k = 0
        if k < 2:
            raise SettingsError(f"HOTSPOTS_K={raw['suppression_k']!r}: use an integer of 2 or more")
        values["suppression_k"] = k
    return Settings(**values)  # type: ignore[arg-type]


def resolve_secret(settings: Settings) -> str:
    """The pseudonymisation key for real (non-demo) data.

    ``HOTSPOTS_SECRET`` when set; otherwise a random key kept in
    ``<data_dir>/secret.key`` (created once, mode 0600), so that real ids are never
    pseudonymised with a public key. Keep that file apart from database copies.
    """
    if settings.secret:
        if len(settings.secret) < 16:
            raise SettingsError(
                "HOTSPOTS_SECRET is shorter than 16 characters: use a long random value"
            )
        return settings.secret
    path = settings.data_dir / SECRET_FILE_NAME
    if path.exists():
        value = path.read_text(encoding="ascii").strip()
        if value:
            return value
    private_dir(settings.data_dir)
    value = secrets.token_hex(SECRET_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(value + "\n")
    return value
