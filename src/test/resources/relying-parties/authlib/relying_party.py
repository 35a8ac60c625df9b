"""A relying party built on Authlib (Debian's python3-authlib), driven by the JUnit tests.

Usage: relying_party.py COMMAND, with the command's parameters as one JSON object on standard
input. It prints one JSON object on standard output: what the provider answered, for the test to
assert on. A protocol error the provider names (RFC 6749 section 5.2) is an answer too:
{"error": ..., "error_description": ...}. Anything else (a bug, a provider that does not answer)
ends with a non-zero exit and a trace on standard error.

Authlib does the OAuth work: PKCE (S256), the code exchange, ID token validation (signature from
the provider's JWKS, iss, aud, nonce, at_hash: authlib.oidc.core.CodeIDToken), refresh, token
revocation (RFC 7009), introspection (RFC 7662) and client credentials. Dynamic registration
(RFC 7591) has no client in Authlib: it is a plain JSON POST. The user agent's part of the
authorization request (following redirects with the browser's cookies) is done here with
requests, so that no person needs to click.
"""

import json
import secrets
import sys
from urllib.parse import parse_qs, urljoin, urlparse

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from authlib.jose import JsonWebKey, jwt
from authlib.oidc.core import CodeIDToken

TIMEOUT = 20


def discover(params):
    issuer = params["issuer"].rstrip("/")
    response = requests.get(issuer + "/.well-known/openid-configuration", timeout=TIMEOUT)
    response.raise_for_status()
    return response.json()


def session(params, metadata, **kwargs):
    return OAuth2Session(
        client_id=params["client_id"],
        client_secret=params.get("client_secret"),
        token_endpoint_auth_method=params.get("auth_method", "client_secret_basic"),
        revocation_endpoint_auth_method=params.get("auth_method", "client_secret_basic"),
        default_timeout=TIMEOUT,
        **kwargs,
    )


def authorization_code(params):
    """Code flow with PKCE S256 and a nonce; the ID token is validated by Authlib."""
    metadata = discover(params)
    client = session(params, metadata, scope=params["scope"], redirect_uri=params["redirect_uri"],
                     code_challenge_method="S256")
    verifier = secrets.token_urlsafe(48)
    nonce = secrets.token_urlsafe(16)
    url, state = client.create_authorization_url(metadata["authorization_endpoint"], code_verifier=verifier,
                                                 nonce=nonce, **params.get("extra", {}))
    callback = user_agent(url, params["redirect_uri"], params.get("cookies", {}))
    answer = {k: v[0] for k, v in parse_qs(urlparse(callback).query).items()}
    if "error" in answer:
        return {"authorization_error": answer}
    if answer.get("state") != state:
        raise SystemExit("state mismatch: sent %s, came back %s" % (state, answer.get("state")))
    token = client.fetch_token(metadata["token_endpoint"], code=answer["code"], code_verifier=verifier,
                               grant_type="authorization_code")
    result = {"token": dict(token), "code": answer["code"], "code_verifier": verifier}
    if "id_token" in token:
        jwks = requests.get(metadata["jwks_uri"], timeout=TIMEOUT).json()
        claims = jwt.decode(token["id_token"], JsonWebKey.import_key_set(jwks), claims_cls=CodeIDToken,
                            claims_options={"iss": {"essential": True, "value": metadata["issuer"]}},
                            claims_params={"nonce": nonce, "client_id": params["client_id"],
                                           "access_token": token["access_token"]})
        claims.validate(leeway=60)
        result["id_token_claims"] = dict(claims)
        result["id_token_header"] = dict(claims.header)
    return result


def user_agent(url, redirect_uri, cookies):
    """Follows the provider's redirects like a browser that is signed in, up to the redirect URI."""
    browser = requests.Session()
    for name, value in cookies.items():
        browser.cookies.set(name, value)
    for _ in range(10):
        if url.startswith(redirect_uri):
            return url
        response = browser.get(url, allow_redirects=False, timeout=TIMEOUT, headers={"Accept": "text/html"})
        if response.status_code not in (301, 302, 303, 307, 308):
            raise SystemExit("the authorization request stopped at %s with HTTP %d: %s"
                             % (url, response.status_code, response.text[:500]))
        url = urljoin(url, response.headers["Location"])
    raise SystemExit("too many redirects")


def refresh(params):
    metadata = discover(params)
    token = session(params, metadata).refresh_token(metadata["token_endpoint"],
                                                    refresh_token=params["refresh_token"])
    return {"token": dict(token)}


def client_credentials(params):
    metadata = discover(params)
    client = session(params, metadata, scope=params.get("scope"))
    token = client.fetch_token(metadata["token_endpoint"], grant_type="client_credentials")
    return {"token": dict(token)}


def userinfo(params):
    metadata = discover(params)
    client = OAuth2Session(token={"access_token": params["access_token"], "token_type": "Bearer"})
    response = client.get(metadata["userinfo_endpoint"], timeout=TIMEOUT)
    return http_answer(response)


def introspect(params):
    metadata = discover(params)
    response = session(params, metadata).introspect_token(metadata["introspection_endpoint"],
                                                          token=params["token"],
                                                          token_type_hint=params.get("token_type_hint"))
    return http_answer(response)


def revoke(params):
    metadata = discover(params)
    response = session(params, metadata).revoke_token(metadata["revocation_endpoint"], token=params["token"],
                                                      token_type_hint=params.get("token_type_hint"))
    return http_answer(response)


def register(params):
    """RFC 7591: the client metadata as JSON, the initial access token as a bearer token."""
    metadata = discover(params)
    headers = {"Accept": "application/json"}
    if params.get("initial_access_token"):
        headers["Authorization"] = "Bearer " + params["initial_access_token"]
    response = requests.post(metadata["registration_endpoint"], json=params["metadata"], headers=headers,
                             timeout=TIMEOUT)
    return http_answer(response)


def http_answer(response):
    try:
        body = response.json()
    except ValueError:
        body = response.text
    return {"status": response.status_code, "body": body}


COMMANDS = {
    "discover": lambda params: {"metadata": discover(params)},
    "authorization-code": authorization_code,
    "refresh": refresh,
    "client-credentials": client_credentials,
    "userinfo": userinfo,
    "introspect": introspect,
    "revoke": revoke,
    "register": register,
}


def main():
    params = json.load(sys.stdin)
    try:
        result = COMMANDS[sys.argv[1]](params)
    except AuthlibBaseError as error:
        result = {"error": error.error, "error_description": error.description}
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
