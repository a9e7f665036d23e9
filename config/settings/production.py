"""Settings for a server: secrets from the environment, HTTPS only (redirect and HSTS), secure
cookies."""

from .base import *  # noqa: F403 (settings modules extend the base by design)
from .base import SILENCED_SYSTEM_CHECKS, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True

# HTTPS only. Plain HTTP is redirected, unless the proxy in front already does that
# (SECURE_SSL_REDIRECT=false); /health/ stays reachable over HTTP for a load balancer's check.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
if not SECURE_SSL_REDIRECT:
    # the operator said the proxy redirects: `check --deploy` need not warn about it
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W008"]

# Browsers remember to use HTTPS only (HSTS) for a year, on subdomains too. The preload flag
# only has an effect once someone submits the domain to the browsers' preload list.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
