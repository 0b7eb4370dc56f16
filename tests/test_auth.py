"""Sign-in settings, the local users file and roles from OIDC claims."""

from __future__ import annotations

import io
import json
import stat

import pytest

from hotspots import auth
from hotspots.cli import main
from hotspots.config import Settings, SettingsError, load_settings
from hotspots.roles import CAPABILITIES, Forbidden, Role, allowed, require


def test_add_and_verify_users(tmp_path):
    path = tmp_path / "users.toml"
    auth.add_user(path, "alice", "analyst", "correct horse battery")
    auth.add_user(path, "bob.p", "presse", "another long secret")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    content = path.read_text()
    assert "correct horse" not in content and "$argon2id$" in content
    assert auth.verify_password(path, "alice", "correct horse battery") is Role.ANALYST
    assert auth.verify_password(path, "bob.p", "another long secret") is Role.PRESS
    assert auth.verify_password(path, "alice", "wrong password!!") is None
    assert auth.verify_password(path, "nobody", "correct horse battery") is None
    # replacing a user keeps the others
    auth.add_user(path, "alice", "commandement", "a new long password")
    assert auth.verify_password(path, "alice", "a new long password") is Role.COMMANDER
    assert auth.verify_password(path, "bob.p", "another long secret") is Role.PRESS


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ('eve"]\n[users.x', "analyste", "long enough password", "user name"),
        ("eve", "admin", "long enough password", "unknown role"),
        ("eve", "presse", "short", "at least 12"),
    ],
)
def test_bad_users_are_refused(tmp_path, name, role, password, message):
    with pytest.raises(ValueError, match=message):
        auth.add_user(tmp_path / "users.toml", name, role, password)


def test_add_user_command(tmp_path, monkeypatch, capsys):
    path = tmp_path / "u.toml"
    monkeypatch.setattr("sys.stdin", io.StringIO("a password from stdin\n"))
    assert main(["add-user", "carol", "--role", "presse", "--file", str(path),
                 "--password-stdin"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["role"] == "presse"
    assert auth.verify_password(path, "carol", "a password from stdin") is Role.PRESS


def test_modes():
    demo, real = True, False
    assert auth.mode_for(Settings(), demo).kind == "demo"
    assert auth.mode_for(Settings(auth="none"), real).kind == "none"
    assert auth.mode_for(Settings(auth="password"), real).kind == "password"
    assert auth.mode_for(Settings(auth="oidc"), demo).kind == "oidc"
    with pytest.raises(auth.AuthError, match="HOTSPOTS_AUTH=password"):
        auth.mode_for(Settings(), real)
    with pytest.raises(SettingsError):
        load_settings({"HOTSPOTS_AUTH": "ldap"})


def test_roles_from_oidc_claims(tmp_path):
    assert auth.role_from_claims({"roles": ["other", "presse"]}, "roles", None) is Role.PRESS
    assert auth.role_from_claims({"groups": "analyst"}, "groups", None) is Role.ANALYST
    mapping = tmp_path / "roles.toml"
    mapping.write_text('[roles]\n"chef@example.org" = "commandement"\n')
    claims = {"email": "chef@example.org", "roles": []}
    assert auth.role_from_claims(claims, "roles", mapping) is Role.COMMANDER
    assert auth.role_from_claims({"email": "x@example.org"}, "roles", mapping) is None


def test_role_table():
    assert allowed("presse", "press_export") and not allowed("presse", "map")
    assert not allowed("commandement", "drilldown") and allowed("commandement", "map")
    assert all(allowed("analyste", c) for c in CAPABILITIES)
    with pytest.raises(Forbidden, match="presse may not use 'analyst_export'"):
        require("presse", "analyst_export")
    with pytest.raises(Forbidden):
        require(None, "press_export")
