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

from adapters.teams_package import MANIFEST_VERSION, manifest, package

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
