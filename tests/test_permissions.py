"""The permission matrix: every route of the app, for every role and for anonymous visitors.

Each route of `app.url_map` must have a row in ROUTES; a new route without one fails
`test_every_route_has_an_expectation`. Paths may name objects of the `world` fixture:
{mine} is a stakeholder of Montréal (the lead's region), {theirs} one of Estrie (outside
it), {national} a national one; {mine_contact}, {theirs_contact}, {mine_interaction},
{theirs_interaction}, {mine_commitment}, {theirs_commitment} likewise.
"""

import pytest

ROLES = ("anonymous", "admin", "coordinator", "regional_lead", "board")
SKIPPED = {"static", "bootstrap.static"}


def everyone(status: int, anonymous: int = 302) -> dict[str, int]:
    """Return the same expected status for every signed-in role; anonymous goes to sign-in."""
    return {"anonymous": anonymous, **{role: status for role in ROLES[1:]}}


def only(allowed: tuple[str, ...], ok: int = 200, refused: int = 403) -> dict[str, int]:
    """Return `ok` for the roles in `allowed`, `refused` for the others, 302 for anonymous."""
    return {"anonymous": 302, **{r: ok if r in allowed else refused for r in ROLES[1:]}}


MANAGERS = ("admin", "coordinator")

# endpoint → (method, path, expected status per role)
ROUTES: dict[str, tuple[str, str, dict[str, int]]] = {
    "auth.login": ("GET", "/login", everyone(302, anonymous=200)),
    "auth.logout": ("POST", "/logout", everyone(302)),
    "main.index": ("GET", "/", everyone(200)),
}


@pytest.fixture
def world(make_stakeholder, make_contact, make_interaction, make_commitment):
    """Build one stakeholder (with a contact, interaction, commitment) in and out of scope."""
    mine = make_stakeholder("CPE Montréal", region="06")
    theirs = make_stakeholder("CPE Estrie", region="05")
    national = make_stakeholder("Fondation nationale", region=None, sector="philanthropy")
    return {
        "mine": mine.id,
        "theirs": theirs.id,
        "national": national.id,
        "mine_contact": make_contact(mine).id,
        "theirs_contact": make_contact(theirs).id,
        "mine_interaction": make_interaction([mine]).id,
        "theirs_interaction": make_interaction([theirs]).id,
        "mine_commitment": make_commitment(mine).id,
        "theirs_commitment": make_commitment(theirs).id,
    }


def test_every_route_has_an_expectation(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - SKIPPED
    missing = sorted(endpoints - set(ROUTES))
    assert not missing, f"add these routes to ROUTES in tests/test_permissions.py: {missing}"
    assert not sorted(set(ROUTES) - endpoints), "ROUTES names routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers_each_role_as_expected(client, login, world, endpoint, role):
    method, path, expected = ROUTES[endpoint]
    if role != "anonymous":
        login(role, regions=["06"] if role == "regional_lead" else ())
    response = client.open(path.format(**world), method=method)
    assert response.status_code == expected[role], (endpoint, role, response.status_code)
