"""/api/v1 accounts: admins onboard sellers, buyers and staff; sellers rotate their API keys."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, EmailStr, Field
from starlette.concurrency import run_in_threadpool

from sellerdesk.access import Actor
from sellerdesk.api.deps import current_actor, runtime
from sellerdesk.runtime import Runtime
from sellerdesk.services import accounts

router = APIRouter(prefix="/api/v1", tags=["accounts"])
RT = Annotated[Runtime, Depends(runtime)]
Who = Annotated[Actor, Depends(current_actor)]


class AccountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    email: EmailStr
    language: str = "ru"


class BuyerIn(AccountIn):
    phone: str | None = Field(None, max_length=32)


class StaffIn(AccountIn):
    role: str


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field("default", max_length=100)
    revoke_others: bool = False


class IssuedOut(BaseModel):
    id: int
    client_id: str | None = None
    secret: str = Field(description="Api-Key or bearer token: shown once, stored hashed")


def _out(issued: accounts.Issued) -> IssuedOut:
    return IssuedOut(id=issued.id, client_id=issued.client_id, secret=issued.secret)


@router.post("/admin/sellers", response_model=IssuedOut, status_code=201)
async def create_seller(rt: RT, actor: Who, body: AccountIn) -> IssuedOut:
    return _out(await run_in_threadpool(lambda: accounts.create_seller(
        rt, actor, name=body.name, email=str(body.email), language=body.language)))


@router.post("/admin/buyers", response_model=IssuedOut, status_code=201)
async def create_buyer(rt: RT, actor: Who, body: BuyerIn) -> IssuedOut:
    return _out(await run_in_threadpool(lambda: accounts.create_buyer(
        rt, actor, name=body.name, email=str(body.email), phone=body.phone,
        language=body.language)))


@router.post("/admin/staff", response_model=IssuedOut, status_code=201)
async def create_staff(rt: RT, actor: Who, body: StaffIn) -> IssuedOut:
    return _out(await run_in_threadpool(lambda: accounts.create_staff(
        rt, actor, name=body.name, email=str(body.email), role=body.role,
        language=body.language)))


@router.post("/sellers/me/api-keys", response_model=IssuedOut, status_code=201)
async def rotate_key(rt: RT, actor: Who, body: KeyIn) -> IssuedOut:
    return _out(await run_in_threadpool(lambda: accounts.rotate_api_key(
        rt, actor, revoke_others=body.revoke_others, label=body.label)))
