"""slack-manifest.yml against the code and against Slack's official app manifest schema.

The scopes are derived from the code, not copied: every Slack Web API method that adapters/,
bot/ and scheduler/ reach through slack_sdk's client (an attribute named like one of
AsyncWebClient's methods, whose Web API name slack_sdk's own source gives) or through bolt's
`say` is mapped to the bot scopes weaktie needs for it (METHOD_SCOPES, from Slack's method
pages), and every event the bolt app registers (`app.event(...)` in adapters/) to the
manifest's bot events and their scopes (EVENT_SCOPES, from Slack's event pages). The test
fails when the manifest misses one, asks for one nothing uses, or when the code starts calling
a method the map does not know. The schema is slackapi/manifest-schema's, kept unmodified in
schemas/ (source, commit and SHA-256 in schemas/README.md).
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.oauth import SCOPES

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = Path(__file__).parent / "schemas"
MANIFEST = ROOT / "slack-manifest.yml"
CODE = ("adapters", "bot", "scheduler", "entrypoints")
# One worker runs this module, so that the code is read and walked once (see the caches below).
pytestmark = pytest.mark.xdist_group("slack_manifest")
METHODS = "https://api.slack.com/methods/"
EVENTS = "https://api.slack.com/events/"

# Web API method -> (the bot scopes weaktie needs for the way it calls it, Slack's page). Where
# Slack accepts one scope of several, by kind of conversation, the ones for the kinds weaktie
# reaches are listed, and the comment says which.
METHOD_SCOPES: dict[str, tuple[frozenset[str], str]] = {
    "auth.test": (frozenset(), METHODS + "auth.test"),  # no scope
    "auth.teams.list": (frozenset(), METHODS + "auth.teams.list"),  # no scope
    "chat.postMessage": (frozenset({"chat:write"}), METHODS + "chat.postMessage"),
    # one of channels:history, groups:history, im:history, mpim:history: backfill reads
    # public and private channels, a resumed nudge looks into its group DM (mpim), a resumed
    # notice into a person's DM (im)
    "conversations.history": (frozenset({"channels:history", "groups:history", "im:history",
                                         "mpim:history"}), METHODS + "conversations.history"),
    # the same choice: backfill reads the threads of public and private channels
    "conversations.replies": (frozenset({"channels:history", "groups:history"}),
                              METHODS + "conversations.replies"),
    # one of channels:read, groups:read, im:read, mpim:read: asked about channels only
    "conversations.info": (frozenset({"channels:read", "groups:read"}),
                           METHODS + "conversations.info"),
    # the same choice: types=public_channel,private_channel
    "conversations.list": (frozenset({"channels:read", "groups:read"}),
                           METHODS + "conversations.list"),
    # one of channels:manage, groups:write, im:write, mpim:write: a group DM for a nudge
    # (mpim), a one-person DM for the idle-pause notice (im)
    "conversations.open": (frozenset({"mpim:write", "im:write"}), METHODS + "conversations.open"),
    "users.info": (frozenset({"users:read"}), METHODS + "users.info"),
    # a workspace's custom profile fields, and one person's values of them (teams from a field)
    "team.profile.get": (frozenset({"users.profile:read"}), METHODS + "team.profile.get"),
    "users.profile.get": (frozenset({"users.profile:read"}), METHODS + "users.profile.get"),
    "views.open": (frozenset(), METHODS + "views.open"),  # no scope
    "views.publish": (frozenset(), METHODS + "views.publish"),  # no scope
}

# An event the bolt app registers -> (the manifest's bot events for it, their scopes, page).
EVENT_SCOPES: dict[str, tuple[frozenset[str], frozenset[str], str]] = {
    # channel messages (public, private) and direct messages to the bot
    "message": (frozenset({"message.channels", "message.groups", "message.im"}),
                frozenset({"channels:history", "groups:history", "im:history"}),
                EVENTS + "message"),
    "reaction_added": (frozenset({"reaction_added"}), frozenset({"reactions:read"}),
                       EVENTS + "reaction_added"),
    "member_joined_channel": (frozenset({"member_joined_channel"}),
                              frozenset({"channels:read", "groups:read"}),
                              EVENTS + "member_joined_channel"),
    "member_left_channel": (frozenset({"member_left_channel"}),
                            frozenset({"channels:read", "groups:read"}),
                            EVENTS + "member_left_channel"),
    "team_join": (frozenset({"team_join"}), frozenset({"users:read"}), EVENTS + "team_join"),
    "user_change": (frozenset({"user_change"}), frozenset({"users:read"}),
                    EVENTS + "user_change"),
    "channel_created": (frozenset({"channel_created"}), frozenset({"channels:read"}),
                        EVENTS + "channel_created"),
    "channel_rename": (frozenset({"channel_rename"}), frozenset({"channels:read"}),
                       EVENTS + "channel_rename"),
    "group_rename": (frozenset({"group_rename"}), frozenset({"groups:read"}),
                     EVENTS + "group_rename"),
    "app_home_opened": (frozenset({"app_home_opened"}), frozenset(), EVENTS + "app_home_opened"),
    "app_uninstalled": (frozenset({"app_uninstalled"}), frozenset(), EVENTS + "app_uninstalled"),
    "tokens_revoked": (frozenset({"tokens_revoked"}), frozenset(), EVENTS + "tokens_revoked"),
    # org-ready apps only; no scope
    "team_access_revoked": (frozenset({"team_access_revoked"}), frozenset(),
                            EVENTS + "team_access_revoked"),
}
# Registered, but no bot event a manifest can subscribe to: it needs admin.apps:read, an
# admin scope of an org admin's user token (https://api.slack.com/events/app_uninstalled_team),
# and weaktie asks for no user scope. Its handler serves apps that add one.
NOT_SUBSCRIBABLE = {"app_uninstalled_team"}
SLASH_COMMAND_SCOPE = "commands"  # https://api.slack.com/scopes/commands
# A field of Slack's answers that the code reads (`.get("email")` in adapters/slack/) -> the
# scope without which Slack leaves it out, and the scope's page.
FIELD_SCOPES: dict[str, tuple[frozenset[str], str]] = {
    "email": (frozenset({"users:read.email"}), "https://api.slack.com/scopes/users:read.email"),
}


def manifest() -> dict:
    return yaml.safe_load(MANIFEST.read_text())


@functools.cache
def web_api_names() -> dict[str, str]:
    """AsyncWebClient's method name -> the Web API method it calls, read from slack_sdk's
    own source (each one is `self.api_call("chat.postMessage", ...)`). Read once per process:
    reading some 300 methods' source costs about a second, and slack_sdk does not change
    while the tests run."""
    names = {}
    for name, method in inspect.getmembers(AsyncWebClient, inspect.isfunction):
        if name.startswith("_"):
            continue
        found = re.search(r'api_call\(\s*"([^"]+)"', inspect.getsource(method))
        if found:
            names[name] = found.group(1)
    return names


@functools.cache
def sources() -> tuple[tuple[Path, ast.Module], ...]:
    """Every module of the code, parsed once per process (the checks only read the trees)."""
    return tuple((path, ast.parse(path.read_text(), str(path)))
                 for folder in CODE for path in sorted((ROOT / folder).rglob("*.py")))


@functools.cache
def methods_called() -> dict[str, set[str]]:
    """Web API method -> where the code reaches it ("file:line"). This and the two readers
    below walk every module's tree: once per process, and the checks only read the answers."""
    names, found = web_api_names(), {}
    for path, tree in sources():
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Attribute) and node.attr in names:
                found.setdefault(names[node.attr], set()).add(where)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "api_call" and node.args and \
                    isinstance(node.args[0], ast.Constant):
                found.setdefault(node.args[0].value, set()).add(where)
            elif isinstance(node, ast.arg) and node.arg == "say":
                # bolt's say(): chat.postMessage into the request's conversation
                found.setdefault("chat.postMessage", set()).add(where)
    return found


@functools.cache
def events_registered() -> dict[str, set[str]]:
    """Event type -> where a bolt listener is registered for it: `app.event("x")`, or
    `app.event(name)` inside `for name in ("x", "y")` (a regular expression is a catch-all,
    not an event to subscribe to)."""
    found = {}
    for path, tree in sources():
        loops = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.For) and isinstance(node.target, ast.Name) and \
                    isinstance(node.iter, (ast.Tuple, ast.List)):
                loops[node.target.id] = [e.value for e in node.iter.elts
                                         if isinstance(e, ast.Constant)]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "event" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "app" and node.args):
                continue
            arg, where = node.args[0], f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.setdefault(arg.value, set()).add(where)
            elif isinstance(arg, ast.Name) and arg.id in loops:
                for name in loops[arg.id]:
                    found.setdefault(name, set()).add(where)
    return found


@functools.cache
def commands_registered() -> set[str]:
    return {node.args[0].value for _, tree in sources() for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "command" and node.args
            and isinstance(node.args[0], ast.Constant)}


@functools.cache
def fields_read() -> set[str]:
    """The FIELD_SCOPES fields the Slack adapter reads from an answer (`x.get("email")`)."""
    return {node.args[0].value for path, tree in sources()
            if ROOT / "adapters" / "slack" in path.parents
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get" and node.args and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in FIELD_SCOPES}


def needed() -> tuple[set[str], set[str]]:
    """(bot scopes, bot events) the code needs. KeyError names a method or event the maps
    above do not know yet."""
    scopes, events = set(), set()
    for method in methods_called():
        scopes |= METHOD_SCOPES[method][0]
    for name in set(events_registered()) - NOT_SUBSCRIBABLE:
        subscribed, their_scopes, _ = EVENT_SCOPES[name]
        events |= subscribed
        scopes |= their_scopes
    if commands_registered():
        scopes.add(SLASH_COMMAND_SCOPE)
    for field in fields_read():
        scopes |= FIELD_SCOPES[field][0]
    return scopes, events


def problems(found: dict) -> list[str]:
    """What the manifest lacks, or asks for that nothing uses, against the code."""
    scopes, events = needed()
    asked = set(found["oauth_config"]["scopes"]["bot"])
    subscribed = set(found["settings"]["event_subscriptions"]["bot_events"])
    out = [f"missing scope {s}" for s in sorted(scopes - asked)]
    out += [f"scope {s} is used by nothing" for s in sorted(asked - scopes)]
    out += [f"missing event {e}" for e in sorted(events - subscribed)]
    out += [f"event {e} is handled by nothing" for e in sorted(subscribed - events)]
    commands = {c["command"] for c in found["features"].get("slash_commands", [])}
    out += [f"missing slash command {c}" for c in sorted(commands_registered() - commands)]
    return out


def test_every_method_the_code_calls_is_in_the_scope_map():
    unknown = {m: sorted(w) for m, w in methods_called().items() if m not in METHOD_SCOPES}
    assert unknown == {}, "add these Web API methods and their scopes to METHOD_SCOPES"
    assert {"chat.postMessage", "conversations.open", "users.info"} <= set(methods_called())


def test_the_address_a_connect_link_is_checked_against_is_read_and_asked_for():
    # adapters/slack/asker.py reads profile.email for `calendar connect` (docs/calendars.md)
    assert fields_read() == {"email"}
    assert "users:read.email" in needed()[0]


def test_every_event_the_code_registers_is_in_the_event_map():
    registered = set(events_registered())
    assert registered - NOT_SUBSCRIBABLE - set(EVENT_SCOPES) == set()
    # the ones issue 11 added are seen, the loop over the rename events included
    assert {"channel_created", "channel_rename", "group_rename", "team_access_revoked",
            "app_uninstalled_team", "message"} <= registered


def test_the_manifest_asks_for_exactly_what_the_code_uses():
    assert problems(manifest()) == []


def test_the_oauth_flow_asks_for_the_manifests_scopes():
    assert sorted(SCOPES) == sorted(manifest()["oauth_config"]["scopes"]["bot"])
    assert len(SCOPES) == len(set(SCOPES))


@pytest.mark.parametrize("change, expected", [
    (lambda m: m["oauth_config"]["scopes"]["bot"].remove("im:write"), "missing scope im:write"),
    (lambda m: m["oauth_config"]["scopes"]["bot"].append("files:read"),
     "scope files:read is used by nothing"),
    (lambda m: m["settings"]["event_subscriptions"]["bot_events"].remove("group_rename"),
     "missing event group_rename"),
    (lambda m: m["settings"]["event_subscriptions"]["bot_events"].append("app_mention"),
     "event app_mention is handled by nothing"),
    (lambda m: m["features"].update(slash_commands=[]), "missing slash command /coffee"),
], ids=["scope missing", "scope unused", "event missing", "event unhandled", "command missing"])
def test_the_check_finds_what_a_manifest_gets_wrong(change, expected):
    found = manifest()
    change(found)
    assert expected in problems(found)


def test_the_manifest_settings_issue_11_needs():
    found = manifest()
    assert found["settings"]["org_deploy_enabled"] is True  # org-wide Grid installs
    assert found["settings"]["socket_mode_enabled"] is False  # HTTP by default
    assert re.search(r"# Socket Mode .*: must be true", MANIFEST.read_text())  # says how
    assert found["settings"]["token_rotation_enabled"] is False  # tokens are never refreshed
    assert "app_uninstalled_team" not in found["settings"]["event_subscriptions"]["bot_events"]


def test_the_manifests_urls_are_the_paths_weaktie_serves():
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

    from adapters.slack.endpoint import SlackEndpoint
    from adapters.web import web_app

    bolt = AsyncApp(signing_secret="s", oauth_settings=AsyncOAuthSettings(
        client_id="1.2", client_secret="x", scopes=SCOPES))
    served = {(r.method, r.resource.canonical) for r in
              web_app(SlackEndpoint("s", bolt)).router.routes()}
    found = manifest()
    urls = [("GET", u) for u in found["oauth_config"]["redirect_urls"]]
    urls += [("POST", found["settings"]["event_subscriptions"]["request_url"]),
             ("POST", found["settings"]["interactivity"]["request_url"])]
    urls += [("POST", c["url"]) for c in found["features"]["slash_commands"]]
    for method, url in urls:
        assert url.startswith("https://YOUR-HOST/")
        assert (method, urlparse(url).path) in served, url
    assert urlparse(found["oauth_config"]["redirect_urls"][0]).path == "/slack/oauth_redirect"


def schema_problems(found: dict) -> list[str]:
    """What Slack's manifest schema (draft-07) finds wrong: the all-versions schema, whose
    references to the 1.0.0 schema resolve to the vendored copy, offline."""
    main = json.loads((SCHEMAS / "slack-manifest.schema.json").read_text())
    checker, registry = jsonschema.Draft7Validator, Registry()
    checker.check_schema(main)
    for version in ("1.0.0", "2.0.0"):
        schema = json.loads((SCHEMAS / f"slack-manifest.schema.{version}.json").read_text())
        checker.check_schema(schema)
        registry = registry.with_resource(
            "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"
            f"manifest.schema.{version}.json", Resource.from_contents(schema))
    errors = checker(main, registry=registry).iter_errors(found)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in sorted(errors, key=jsonschema.exceptions.relevance)]


def test_the_manifest_passes_slacks_official_schema():
    assert schema_problems(manifest()) == []


def test_the_schema_check_refuses_a_manifest_slack_would_reject():
    good = manifest()
    assert schema_problems({**good, "display_information": {}}) != []  # no name
    assert schema_problems({**good, "settings": {**good["settings"],
                                                 "org_deploy_enabled": "yes"}}) != []
    assert schema_problems({**good, "settings": {**good["settings"], "socket_mode": True}}) != []
    oauth = {**good["oauth_config"], "redirect_urls": "https://YOUR-HOST/slack/oauth_redirect"}
    assert schema_problems({**good, "oauth_config": oauth}) != []
