"""/admin: the managers' web dashboard, in the same aiohttp application as the bots.

Signing in: the bot gives a manager a link in chat (`admin dashboard`). Opening it shows one
button and spends nothing (chat apps fetch links for previews); the button spends the link and
sets a session cookie: HttpOnly, SameSite=Lax, Secure outside local development, for a working
day. Every form carries a CSRF token; the sign-in form's is a cookie of its own (so another site
cannot sign a browser in as someone else). Every page asks the service, which asks the manager
gate. Anything refused is a 403 page that says what to do; nothing refused writes a row.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from adapters.dashboard import html
from adapters.web import redact_access_log
from bot.service.web_pages import Page, Refused

SESSION, SIGN_IN = "weaktie_session", "weaktie_signin"
SESSION_SECONDS = 9 * 3600  # as the service's session lifetime: a working day
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")  # what secrets.token_urlsafe gives, with room
WEEK = re.compile(r"[0-9T:+.-]{10,40}")
CSS = (Path(__file__).parent / "static" / "dashboard.css").read_bytes()
HEADERS = {
    # No script at all, no asset from elsewhere; pygal's SVG carries its own <style>.
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; "
                               "base-uri 'none'",
    "Referrer-Policy": "no-referrer",  # a sign-in link's token never leaves in a Referer
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
BAD_FORM = Refused("That form was not sent by this dashboard (or it is older than your session). "
                   "Go back, reload the page and try again.")


@dataclass(frozen=True, slots=True)
class Dashboard:
    """The routes; `service` is bot.service.handler.Service (dashboard_link, dashboard_page,
    dashboard_sign_out); `secure`: whether cookies are Secure (False only in local development);
    `csrf_of`: the session's CSRF token."""

    service: object
    secure: bool
    csrf_of: object

    def add_to(self, app: web.Application) -> None:
        # a log reader who saw a link's token before its button was pressed would sign in
        redact_access_log(SIGNED_PATH, "/admin/signin/…")
        app.router.add_get("/admin", self.programs)
        app.router.add_get("/admin/health", self.health)
        app.router.add_get("/admin/ideas", self.ideas)
        app.router.add_post("/admin/ideas/draft", self.draft)
        app.router.add_get("/admin/signin/{token}", self.sign_in_page)
        app.router.add_post("/admin/signin/{token}", self.sign_in)
        app.router.add_post("/admin/signout", self.sign_out)
        app.router.add_get("/admin/static/dashboard.css", self.css)

    async def programs(self, request: web.Request) -> web.Response:
        return await self._page(request, "programs", "/admin")

    async def health(self, request: web.Request) -> web.Response:
        return await self._page(request, "health", "/admin/health")

    async def ideas(self, request: web.Request) -> web.Response:
        return await self._page(request, "ideas", "/admin/ideas")

    async def draft(self, request: web.Request) -> web.Response:
        session = _session(request)
        form = await _form(request)
        number, week = form.get("number", ""), form.get("week", "")
        if not session or not _same(form.get("csrf", ""), self.csrf_of(session)):
            return _refused(BAD_FORM if session else None)
        if not (re.fullmatch(r"[1-9]", number) and WEEK.fullmatch(week)):
            return _refused(Refused("That idea is not one the page showed. Reload the ideas."), 400)
        return await self._page(request, "ideas", "/admin/ideas", (int(number), week))

    async def sign_in_page(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        found = await self.service.dashboard_link(token, spend=False) \
            if TOKEN.fullmatch(token) else None
        if not isinstance(found, str):  # the manager's language, when the link would sign in
            return _refused(found)
        csrf = secrets.token_urlsafe(24)
        response = _html(html.sign_in_form(token, csrf, found))
        self._cookie(response, SIGN_IN, csrf, 600, f"/admin/signin/{token}")
        return response

    async def sign_in(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        form = await _form(request)
        if not TOKEN.fullmatch(token):
            return _refused(None)
        usable = await self.service.dashboard_link(token, spend=False)
        if not isinstance(usable, str):
            return _refused(usable)
        if not _same(form.get("csrf", ""), request.cookies.get(SIGN_IN, "")):
            return _refused(BAD_FORM)
        session = await self.service.dashboard_link(token, spend=True)
        if not isinstance(session, str):
            return _refused(session)
        response = web.Response(status=303, headers={**HEADERS, "Location": "/admin"})
        self._cookie(response, SESSION, session, SESSION_SECONDS, "/admin")
        response.del_cookie(SIGN_IN, path=f"/admin/signin/{token}")
        return response

    async def sign_out(self, request: web.Request) -> web.Response:
        session = _session(request)
        form = await _form(request)
        if session and not _same(form.get("csrf", ""), self.csrf_of(session)):
            return _refused(BAD_FORM)
        language = await self.service.dashboard_sign_out(session)
        response = _html(html.signed_out(language))
        response.del_cookie(SESSION, path="/admin")
        return response

    async def css(self, _request: web.Request) -> web.Response:
        headers = {**HEADERS, "Cache-Control": "public, max-age=3600"}
        return web.Response(body=CSS, content_type="text/css", charset="utf-8", headers=headers)

    async def _page(self, request: web.Request, name: str, here: str, draft=None) -> web.Response:
        session = _session(request)
        found = await self.service.dashboard_page(session, name, draft) if session else None
        if not isinstance(found, Page):
            return _refused(found)
        return _html(html.page(found, self.csrf_of(session), here))

    def _cookie(self, response: web.StreamResponse, name: str, value: str, seconds: int,
                path: str) -> None:
        response.set_cookie(name, value, max_age=seconds, path=path, httponly=True,
                            samesite="Lax", secure=self.secure)


SIGNED_PATH = re.compile(r"/admin/signin/[^\s?\"]+")


def _session(request: web.Request) -> str:
    value = request.cookies.get(SESSION, "")
    return value if TOKEN.fullmatch(value) else ""


async def _form(request: web.Request) -> dict[str, str]:
    """A posted form's text fields; anything else (a malformed body, a file) is no field."""
    if request.content_type != "application/x-www-form-urlencoded":
        return {}
    try:
        posted = await request.post()
    except (ValueError, UnicodeDecodeError, LookupError):  # LookupError: charset=no-such
        return {}
    return {k: v for k, v in posted.items() if isinstance(v, str) and len(v) <= 200}


def _same(given: str, expected: str) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def _html(body: str, status: int = 200) -> web.Response:
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8",
                        headers=HEADERS)


def _refused(found: Refused | None, status: int = 403) -> web.Response:
    reason = found.reason if isinstance(found, Refused) else (
        "You are not signed in, or this link is not one the bot gave. Say `admin dashboard` to "
        "the bot in chat for a new sign-in link.")
    # in English when nobody is known (no session, no link); else in the manager's language
    return _html(html.refusal(reason, found.language if isinstance(found, Refused) else "en"),
                 status)
