"""`GET /v1/chains`: the chains this server pays out on, and the per-app chain runtime the routers share."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from api.deps import Reader, State
from chain.network import Network, configured_networks

router = APIRouter(prefix="/v1/chains", tags=["chains"])


@dataclass(frozen=True)
class ChainRuntime:
    networks: dict[str, Network]


def get_chain_runtime(request: Request, state: State) -> ChainRuntime:
    """Built on first use per app (no RPC happens here)."""
    runtime: ChainRuntime | None = getattr(request.app.state, "chain_runtime", None)
    if runtime is None:
        runtime = ChainRuntime(networks=configured_networks(state.settings))
        request.app.state.chain_runtime = runtime
    return runtime


Chains = Annotated[ChainRuntime, Depends(get_chain_runtime)]


class ChainOut(BaseModel):
    name: str
    chain_id: int | None
    rpc_url: str
    token_address: str | None
    badge_address: str | None
    decimals: int
    explorer_url: str | None


@router.get("")
def list_chains(_: Reader, chains: Chains) -> list[ChainOut]:
    return [
        ChainOut(
            name=n.name,
            chain_id=n.chain_id,
            rpc_url=n.rpc_url,
            token_address=n.token_address,
            badge_address=n.badge_address,
            decimals=n.token_decimals,
            explorer_url=n.explorer_url,
        )
        for n in chains.networks.values()
    ]
