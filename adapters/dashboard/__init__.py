"""The managers' web dashboard under /admin: sign-in links, session cookies, pages and charts."""
