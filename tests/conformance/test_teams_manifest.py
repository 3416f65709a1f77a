"""The Teams app package's manifest.json against Microsoft's official app manifest schema for
the version it declares (https://learn.microsoft.com/microsoftteams/platform/resources/schema/
manifest-schema), kept unmodified in schemas/ (sources and licences in schemas/README.md)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.teams.package import MANIFEST_VERSION, checked_app_id, manifest, package, public_host
from bot.errors import BadInput
from tests.helpers.cli import run

SCHEMAS = Path(__file__).parent / "schemas"
APP_ID = "5b1e2a0c-9d3f-4e6a-8b7c-0123456789ab"


def manifest_problems(found: dict) -> list[str]:
    """What the official schema of the manifest's own version finds wrong (draft-04)."""
    schema = json.loads((SCHEMAS / f"MicrosoftTeams-{found['manifestVersion']}.schema.json")
                        .read_text())
    checker = jsonschema.validators.validator_for(schema)
    checker.check_schema(schema)
    errors = checker(schema, format_checker=checker.FORMAT_CHECKER).iter_errors(found)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in sorted(errors, key=jsonschema.exceptions.relevance)]


@pytest.mark.parametrize("public_url", [None, "https://coffee.example.org",
                                        "https://coffee.example.org:8443/weaktie"])
def test_the_packaged_manifest_passes_the_official_schema_of_its_version(public_url):
    with zipfile.ZipFile(io.BytesIO(package(APP_ID, public_url))) as archive:
        found = json.loads(archive.read("manifest.json"))
    assert found["manifestVersion"] == MANIFEST_VERSION
    assert found["$schema"] == ("https://developer.microsoft.com/json-schemas/teams/"
                                f"v{MANIFEST_VERSION}/MicrosoftTeams.schema.json")
    assert manifest_problems(found) == []


def test_the_schema_check_refuses_a_manifest_teams_would_reject():
    good = manifest(APP_ID, None)
    assert manifest_problems({**good, "id": "not-a-guid"}) != []
    assert manifest_problems({**good, "accentColor": "brown"}) != []
    assert manifest_problems({**good, "name": {"short": "x" * 31, "full": "x"}}) != []


def test_the_schema_files_are_the_official_ones_unmodified():
    """Each schema file's SHA-256 is the one schemas/README.md records next to its source."""
    import hashlib
    import re
    rows = re.findall(r"^\| `([^`]+)` \|.*\| ([0-9a-f]{64}) \|$",
                      (SCHEMAS / "README.md").read_text(), flags=re.M)
    assert {name for name, _ in rows} == {p.name for p in SCHEMAS.glob("*.json")}
    for name, digest in rows:
        assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == digest, name


# `weaktie teams-package` refuses what Teams would reject, writing nothing.


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty working directory, and no Teams or public-URL settings from the environment."""
    for name in ("MICROSOFT_APP_ID", "WEAKTIE_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("app_id", ["not-a-guid", "11111111-2222", f"{{{APP_ID}}}",
                                    APP_ID.replace("-", ""), f" {APP_ID}", f"{APP_ID}\n"])
def test_teams_package_refuses_an_app_id_that_is_not_a_guid_and_writes_nothing(capsys, folder,
                                                                               app_id):
    code, out, err = run(capsys, "teams-package", "--app-id", app_id)
    assert code == 1 and out == ""
    assert err.startswith("weaktie: error: ") and "GUID" in err and "Traceback" not in err
    assert list(folder.iterdir()) == []


def test_teams_package_refuses_microsoft_app_id_from_the_environment_when_not_a_guid(
        capsys, folder, monkeypatch):
    monkeypatch.setenv("MICROSOFT_APP_ID", "my-bot")
    code, _, err = run(capsys, "teams-package", "--out", "teams.zip")
    assert code == 1 and "MICROSOFT_APP_ID" in err and "GUID" in err
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("url", ["http://coffee.example.org", "coffee.example.org",
                                 "ftp://coffee.example.org", "https://", "https://:8443",
                                 "https://bot:secret@coffee.example.org",
                                 "https://coffee.example.org/?next=1", "https://coffee.example.org/#x",
                                 "https://coffee.example.org:99999", "https://coffee example.org",
                                 "https://[::1]"])
def test_teams_package_refuses_a_public_url_that_is_not_a_plain_https_address(capsys, folder,
                                                                              monkeypatch, url):
    monkeypatch.setenv("WEAKTIE_PUBLIC_URL", url)
    code, _, err = run(capsys, "teams-package", "--app-id", APP_ID)
    assert code == 1 and "WEAKTIE_PUBLIC_URL must be the https:// address" in err
    assert "secret" not in err  # the setting is named, never quoted
    assert list(folder.iterdir()) == []


def test_teams_package_lists_the_public_url_as_a_bare_host_in_valid_domains(capsys, folder,
                                                                           monkeypatch):
    monkeypatch.setenv("WEAKTIE_PUBLIC_URL", "https://Coffee.Example.org:8443/weaktie/")
    code, out, _ = run(capsys, "teams-package", "--app-id", APP_ID, "--out", "teams.zip")
    assert code == 0 and "wrote teams.zip" in out
    with zipfile.ZipFile(folder / "teams.zip") as archive:
        found = json.loads(archive.read("manifest.json"))
    assert found["validDomains"] == ["coffee.example.org"]
    assert found["developer"]["privacyUrl"] == "https://Coffee.Example.org:8443/weaktie"
    assert manifest_problems(found) == []


def test_teams_package_says_why_it_cannot_write_the_file(capsys, folder):
    code, _, err = run(capsys, "teams-package", "--app-id", APP_ID, "--out", "missing/teams.zip")
    assert code == 1 and "cannot write missing/teams.zip" in err
    assert list(folder.iterdir()) == []


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60) | st.builds(lambda h: f"https://{h}", st.text(max_size=40)))
def test_a_public_url_becomes_a_bare_host_or_bad_input(url):
    try:
        host = public_host(url)
    except BadInput as exc:  # one fixed sentence, whatever was set: the input is never quoted
        assert str(exc) == ("WEAKTIE_PUBLIC_URL must be the https:// address weaktie is served "
                            "at, such as https://coffee.example.org")
        return
    assert host and "/" not in host and ":" not in host and host == host.lower()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40) | st.uuids().map(str))
def test_an_app_id_is_a_guid_or_bad_input(app_id):
    try:
        assert checked_app_id(app_id) == app_id and len(app_id) == 36
    except BadInput:
        return
