from adapters.slack.tenancy import tenant_for


def test_a_workspace_install_is_its_team_and_an_org_wide_install_its_enterprise():
    assert tenant_for(None, "T1", False) == "T1"
    assert tenant_for("E1", "T1", False) == "T1"  # a workspace of a Grid org, installed alone
    assert tenant_for("E1", "T1", True) == "E1"
    assert tenant_for("E1", None, True) == "E1"
    assert tenant_for(None, None, None) is None
