"""`GET /v1/members/{external_id}/proof`: a member's balance proof against the root anchored on chain."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from anchoring.service import member_proof
from api.chains import Chains
from api.deps import Reader, State
from api.schemas import Key
from core.db import unit_of_work

router = APIRouter(prefix="/v1/members", tags=["members"])
MemberPath = Annotated[str, Path(min_length=1, max_length=128)]


class AnchorOut(BaseModel):
    chain: str
    chain_id: int | None
    contract: str
    status: str
    tx_hash: str | None
    explorer_url: str | None


class ProofOut(BaseModel):
    epoch: int
    taken_at: datetime
    root: str
    leaf: str
    salt: str
    proof: list[str]
    values: dict[str, Any]
    leaf_encoding: dict[str, Any]
    anchors: list[AnchorOut]


@router.get("/{external_id}/proof")
def get_proof(
    external_id: MemberPath,
    principal: Reader,
    state: State,
    chains: Chains,
    program: Annotated[Key | None, Query(description="The program's key; `default` when left out.")] = None,
) -> ProofOut:
    """The member's leaf in the latest epoch (balance at the epoch's time), its salt and sibling hashes, the root,
    and the transactions anchoring it: enough for `laurel verify` to check it against a chain without Laurel."""
    with unit_of_work(state.engine) as session:  # a write unit: the default program is created on first use
        return ProofOut(**member_proof(session, chains.networks, principal.tenant_id, external_id, program))
