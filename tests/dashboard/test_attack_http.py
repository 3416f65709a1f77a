"""Hostile HTTP against /admin, through the real app (a real sign-in over a signed Slack slash
command): malformed bodies, odd methods and paths, cookie tricks. Any 5xx is a defect; any refused
request that writes a row is a defect."""

from __future__ import annotations

from bot.store.kept_schema import dashboard_links, dashboard_sessions
from tests.helpers.dashboard import csrf_in, link_for, rows, run, seeded, sign_in

FORM = "application/x-www-form-urlencoded"


def _state(store) -> tuple:
    return (rows(store, dashboard_sessions), rows(store, dashboard_links),
            sorted(p.name for p, _ in store.programs("T1")))


def test_a_form_in_an_unknown_charset_is_refused_not_a_5xx(store):
    seeded(store)

    async def scenario(client):
        path = await link_for(client)
        await client.get(path)
        before = _state(store)
        for where in (path, "/admin/signout", "/admin/ideas/draft"):
            response = await client.post(where, data=b"csrf=x",
                                         headers={"Content-Type": f"{FORM}; charset=no-such"})
            assert response.status < 500, (where, response.status)
        assert _state(store) == before

    run(store, scenario)


def test_malformed_bodies_methods_and_paths_never_get_a_5xx(store):
    seeded(store)

    async def scenario(client):
        path = await link_for(client)
        await sign_in(client, await link_for(client))
        page = await (await client.get("/admin/ideas")).text()
        csrf = csrf_in(page)
        before = _state(store)
        huge = b"csrf=" + csrf.encode() + b"&number=1&week=" + b"9" * (3 * 1024 * 1024)
        tries = [
            ("POST", "/admin/ideas/draft", huge, FORM),
            ("POST", "/admin/ideas/draft", b"--b\r\nContent-Disposition: form-data; name=\"csrf\""
             b"\r\n\r\n" + csrf.encode() + b"\r\n--b--\r\n", "multipart/form-data; boundary=b"),
            ("POST", "/admin/ideas/draft", b"--b\r\n\r\n", "multipart/form-data; boundary=b"),
            ("POST", "/admin/ideas/draft", b'{"csrf": "x"}', "application/json"),
            ("POST", "/admin/ideas/draft", b"\xff\xfe%%%=&&=", FORM),
            ("POST", "/admin/ideas/draft", b"csrf=%ff%fe&number=%00", FORM),
            ("POST", "/admin/signout", b"", "text/plain"),
            ("POST", path, b"csrf=" + b"%" * 5000, FORM),
            ("POST", path, huge, FORM),
        ]
        for method in ("HEAD", "OPTIONS", "PATCH", "TRACE", "PUT", "DELETE"):
            tries += [(method, p, b"", FORM) for p in ("/admin", path, "/admin/ideas/draft")]
        for odd in ("/admin/", "/./admin", "/admin//health", "/admin/health/", "/admin%2Fhealth",
                    "/admin/signin/" + path.rsplit("/", 1)[1] + "%2F..", "/admin/signin/",
                    "/admin/signin/%2F", "/admin/static/..%2F..%2Fpyproject.toml",
                    "/admin/static/dashboard.css/", "/admin/%00", "/admin/signin/a%00" + "b" * 30):
            tries += [("GET", odd, b"", FORM), ("POST", odd, b"csrf=" + csrf.encode(), FORM)]
        for method, where, body, kind in tries:
            response = await client.request(method, where, data=body,
                                            headers={"Content-Type": kind}, allow_redirects=False)
            await response.read()
            assert response.status < 500, (method, where[:80], response.status)
        assert _state(store) == before
        again = await client.get(path)  # the unused link still works: nothing spent it
        assert again.status == 200

    run(store, scenario)


def test_cookie_tricks_never_get_a_5xx_and_never_sign_in(store):
    seeded(store)

    async def scenario(client):
        path = await link_for(client)
        await client.get(path)
        client.session.cookie_jar.clear()
        before = _state(store)
        for cookie in ("weaktie_session=" + "A" * 7000, "weaktie_session=ünïcødé",
                       "weaktie_session=\u2028\u2029", "weaktie_session=a; weaktie_session=b",
                       'weaktie_session="' + "A" * 43 + '"', "weaktie_session",
                       "=; ;;; weaktie_session==", "weaktie_signin=x; weaktie_signin=x"):
            for method, where, data in (("GET", "/admin", None), ("GET", path, None),
                                        ("POST", path, {"csrf": "x"}),
                                        ("POST", "/admin/signout", {"csrf": "x"})):
                response = await client.request(method, where, data=data, allow_redirects=False,
                                                headers={"Cookie": cookie})
                await response.read()
                assert response.status < 500, (method, where, cookie[:40], response.status)
                assert "weaktie_session" not in response.cookies or \
                    not response.cookies["weaktie_session"].value
        assert _state(store) == before

    run(store, scenario)
