"""Which tenant a Slack request belongs to: the installation it reached, never the payload's
top-level team_id (in a Slack Connect channel that is the *other* organisation).

One tenant per installation, keyed the way slack_sdk keys installations: a workspace install
is its team id (T…); an org-wide Enterprise Grid install is its enterprise id (E…), so that one
person in several workspaces of the organisation is one person with one set of rounds.
"""

from __future__ import annotations


def tenant_for(enterprise_id: str | None, team_id: str | None,
               is_enterprise_install: bool | None) -> str | None:
    """The tenant of an installation (bolt's context or authorizations[0]); None if unknown."""
    if is_enterprise_install and enterprise_id:
        return enterprise_id
    return team_id or None


def token_tenant(auth: dict) -> str | None:
    """The tenant of a bot token, from its auth.test answer
    (https://api.slack.com/methods/auth.test: enterprise_id, team_id, is_enterprise_install)."""
    return tenant_for(auth.get("enterprise_id"), auth.get("team_id"),
                      auth.get("is_enterprise_install") is True)
