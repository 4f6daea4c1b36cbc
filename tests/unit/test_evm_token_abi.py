"""chain/ carries its own two-function view of RewardToken; it must agree with the compiled contract."""

from chain.evm import TOKEN_ABI
from contracts.artifacts import load_artifact


def signature(entry: dict[str, object]) -> tuple[object, ...]:
    inputs = entry["inputs"]
    assert isinstance(inputs, list)
    return entry["name"], tuple(i["type"] for i in inputs), entry["stateMutability"]


def test_chain_token_abi_matches_the_reward_token_artifact() -> None:
    compiled = {signature(e) for e in load_artifact("RewardToken").abi if e.get("type") == "function"}
    assert {signature(e) for e in TOKEN_ABI} <= compiled
