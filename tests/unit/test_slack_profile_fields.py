"""The pure converters of Slack's custom profile fields (adapters/slack/profile_fields.py) on
the documented shapes and on any JSON (Hypothesis), and how a manager's label is matched
(bot/service/team_field.py): case, accents and spaces aside."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack.profile_fields import FIELD_ID, changed_fields, field_list, field_values
from bot.service.admin_help import ADMIN_HELP
from bot.service.profile_port import ProfileField
from bot.service.team_field import admin_words, find, plain
from tests.helpers.slack_shapes import envelopes, json_values, profiles

BOUNDED = settings(max_examples=300, deadline=None)

# https://api.slack.com/methods/team.profile.get (the example response, two of its fields)
TEAM_PROFILE = {"ok": True, "profile": {"fields": [
    {"id": "Xf06054AAA", "ordering": 1, "label": "Phone extension",
     "hint": "Enter the extension to reach your desk", "type": "text", "possible_values": None,
     "options": None, "is_hidden": True},
    {"id": "Xf06054BBB", "ordering": 0, "label": "Department",
     "hint": "Where do you work?", "type": "options_list",
     "possible_values": ["Engineering", "Sales"], "options": None, "is_hidden": False}]}}
# https://api.slack.com/methods/users.profile.get (the example response, trimmed)
USER_PROFILE = {"ok": True, "profile": {
    "title": "Head of Coffee", "phone": "", "real_name": "Egon Spengler",
    "display_name": "spengler", "status_text": "Print is dead", "status_emoji": ":books:",
    "fields": {"Xf06054BBB": {"value": "Engineering", "alt": ""},
               "Xf06054AAA": {"value": "1234", "alt": "desk"}}}}


def test_the_documented_field_list_in_slacks_order():
    assert field_list(TEAM_PROFILE) == [ProfileField("Xf06054BBB", "Department"),
                                        ProfileField("Xf06054AAA", "Phone extension")]


def test_the_documented_profile_gives_each_fields_value_and_nothing_else():
    assert field_values(USER_PROFILE["profile"]) == {"Xf06054BBB": "Engineering",
                                                     "Xf06054AAA": "1234"}
    assert field_values({"fields": []}) == {} and field_values({"fields": None}) == {}


def test_a_user_change_carrying_fields_gives_them_a_bot_or_another_event_nothing():
    body = {"event": {"type": "user_change", "user": {"id": "UANA", **USER_PROFILE}}}
    assert changed_fields(body) == {"Xf06054BBB": "Engineering", "Xf06054AAA": "1234"}
    bot = {"event": {"type": "user_change", "user": {"id": "B1", "is_bot": True, **USER_PROFILE}}}
    other = {"event": {"type": "message", "user": {"id": "UANA", **USER_PROFILE}}}
    assert changed_fields(bot) == {} and changed_fields(other) == {}


def _well_formed(found: dict) -> bool:
    return all(FIELD_ID.fullmatch(key) and isinstance(value, str) and len(value) <= 200
               and value == value.strip() and value.isprintable() for key, value in found.items())


@BOUNDED
@given(json_values)
def test_any_json_as_a_field_list_gives_fields_with_an_id_and_a_label_once(answer):
    found = field_list({"ok": True, "profile": {"fields": answer}})
    assert all(FIELD_ID.fullmatch(f.id) and f.label and len(f.label) <= 200 for f in found)
    assert len({f.id for f in found}) == len(found)
    assert field_list(answer) == [] or isinstance(answer, dict)


@BOUNDED
@given(st.one_of(profiles, json_values))
def test_any_profile_gives_only_well_formed_values(profile):
    assert _well_formed(field_values(profile))


@BOUNDED
@given(envelopes)
def test_any_event_gives_only_well_formed_values(body):
    assert _well_formed(changed_fields(body))


@BOUNDED
@given(st.dictionaries(st.from_regex(r"Xf0[A-Z0-9]{6}", fullmatch=True),
                       st.text(st.characters(categories=("L", "N", "Zs")), max_size=40),
                       max_size=5))
def test_values_slack_sent_come_back_trimmed(values):
    profile = {"fields": {key: {"value": value, "alt": ""} for key, value in values.items()}}
    assert field_values(profile) == {key: " ".join(value.split())
                                     for key, value in values.items()}


@BOUNDED
@given(st.sampled_from(["Department", "Département", "Cost centre", "Équipe"]),
       st.sampled_from([str.upper, str.lower, str.title, lambda s: f"  {s} "]))
def test_a_label_is_found_whatever_its_case_accents_or_spaces(label, spelt):
    fields = [ProfileField("Xf01", "Title"), ProfileField("Xf02", label)]
    bare = plain(label)
    assert find(spelt(label), fields) == fields[1]
    assert find(bare, fields) == fields[1] and find(bare.upper(), fields) == fields[1]


def test_a_label_that_reads_differently_or_is_empty_is_not_found():
    fields = [ProfileField("Xf01", "Department"), ProfileField("Xf02", "")]
    assert find("Departments", fields) is None and find("", fields) is None
    assert find("Cost  centre", [ProfileField("Xf03", "cost centre")]).id == "Xf03"


def test_the_words_after_admin_team():
    assert admin_words("admin team field Cost centre") == "field Cost centre"
    assert admin_words("ADMIN Team") == "" and admin_words("admin teams") is None
    assert admin_words("admin show coffee") is None and admin_words(None) is None


def test_the_help_names_the_words():
    for words in ("admin team field Department", "admin team field off", "`admin team field`"):
        assert words in ADMIN_HELP
