"""API keys: `X-API-Key: <key>` or `Authorization: Bearer <key>`; stored as sha256 digests."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request

from api.store import Organisation, Store


@dataclass(frozen=True)
class Principal:
    org: Organisation
    key_id: str


def key_from_headers(x_api_key: str | None, authorization: str | None) -> str | None:
    if x_api_key:
        return x_api_key.strip()
    if authorization:
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    return None


def authenticate(store: Store, request: Request) -> Principal:
    key = key_from_headers(request.headers.get("x-api-key"), request.headers.get("authorization"))
    if not key:
        raise HTTPException(401, "missing API key: send it as `X-API-Key: <key>` or `Authorization: Bearer <key>`",
                            headers={"WWW-Authenticate": "Bearer"})
    found = store.authenticate(key)
    if found is None:
        raise HTTPException(401, "invalid or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    return Principal(org=found[0], key_id=found[1])
