"""Hypothesis strategies for Slack payloads of arbitrary shape: any JSON, and dicts with the
keys Slack's payloads carry (https://api.slack.com/apis/events-api#callback-field,
https://api.slack.com/reference/interaction-payloads) holding values of any type, so that the
code behind the first checks is reached too."""

from __future__ import annotations

from hypothesis import strategies as st

ids = st.sampled_from(["T1", "E1", "UANA", "UBEA", "C1", "W9", "", "U" + "A" * 60, "x"])
texts = st.one_of(ids, st.text(max_size=20), st.sampled_from(
    ["<@UBEA> hi", "1780000000.000100", "message", "home", "nudge_accepted_0", "1:0", "9:999",
     "3:99999999999999999999", "weaktie_profile", "weaktie_program", "/coffee", "join"]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                    st.floats(allow_nan=True), texts)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)), max_leaves=12)
# a value of another type than the field's, drawn often: a list, an object, a scalar
odd = st.one_of(st.lists(scalars, max_size=2), st.dictionaries(texts, scalars, max_size=2),
                scalars, json_values)


def slackish(keys: dict, values=odd, required: dict | None = None):
    """A dict with any subset of `keys`, each holding its own strategy or any JSON (and the
    `required` keys always, holding what their strategy draws)."""
    return st.fixed_dictionaries(required or {},
                                 optional={k: st.one_of(v, v, values) for k, v in keys.items()})


# custom profile fields (https://api.slack.com/methods/users.profile.get): id -> {value, alt},
# or Slack's [] when none is filled in
field_ids = st.one_of(st.sampled_from(["Xf0111111", "Xf0222222", "Xf", "xf0111111"]), texts)
profile_fields = st.one_of(st.just([]), st.dictionaries(
    field_ids, st.one_of(slackish({"value": texts, "alt": texts}), odd), max_size=3), odd)
profiles = slackish({"fields": profile_fields, "real_name": texts, "team": ids})
users = st.one_of(ids, slackish({"id": ids, "team_id": ids,
                                 "profile": st.one_of(json_values, profiles),
                                 "tz": st.sampled_from(["Europe/Lisbon", "Mars/Olympus", ""]),
                                 "deleted": st.booleans(), "is_bot": st.booleans()}))
event_types = st.sampled_from([
    "message", "message", "message", "reaction_added", "member_joined_channel",
    "member_left_channel", "user_change", "team_join", "app_home_opened", "app_uninstalled",
    "tokens_revoked", "app_uninstalled_team", "team_access_revoked", "channel_created",
    "channel_rename"])
events = slackish(required={"type": event_types}, keys={
    "user": users, "channel": st.one_of(ids, slackish({"id": ids, "name": texts})),
    "channel_type": st.sampled_from(["channel", "im", "group"]), "text": texts, "ts": texts,
    "event_ts": texts, "thread_ts": texts, "parent_user_id": ids, "subtype": texts,
    "item": slackish({"channel": ids, "ts": texts}), "item_user": ids, "user_team": ids,
    "team": ids, "tab": st.just("home"),
    "tokens": slackish({"bot": st.lists(ids), "oauth": st.lists(ids)}),
    "team_ids": st.lists(ids), "team_id": ids, "is_ext_shared_channel": st.booleans()})
authorizations = st.lists(slackish({"team_id": ids, "enterprise_id": ids,
                                    "is_enterprise_install": st.booleans()}), max_size=2)
envelopes = slackish(required={"type": st.just("event_callback"), "event": events}, keys={
    "team_id": ids, "event_id": texts, "event_time": st.integers(0, 2**40),
    "authorizations": authorizations, "is_ext_shared_channel": st.booleans(),
    "enterprise_id": ids})
actions = st.lists(slackish({"action_id": texts, "value": texts, "block_id": texts}), max_size=2)
views = slackish({"callback_id": st.sampled_from(["weaktie_profile", "weaktie_program"]),
                  "state": slackish({"values": st.dictionaries(texts, st.dictionaries(
                      st.just("value"), json_values), max_size=3)}),
                  "type": st.just("modal")})
interactions = slackish(
    required={"type": st.sampled_from(["block_actions", "view_submission"])},
    keys={"user": users, "team": st.one_of(ids, slackish({"id": ids})), "actions": actions,
          "view": views, "trigger_id": texts,
          "message": slackish({"blocks": st.lists(json_values, max_size=3), "text": texts})})
commands = st.fixed_dictionaries({"command": st.just("/coffee")}, optional={
    "text": texts, "user_id": ids, "team_id": ids, "trigger_id": texts})
payloads = st.one_of(json_values, envelopes, interactions)
