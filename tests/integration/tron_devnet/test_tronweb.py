"""TronWeb 6 (package.json's devDependencies) drives the devnet as a Tron app would, and tronpy reads the result.

The node script builds a TRX transfer and a contract deployment locally (on `wallet/getblock`'s reference), has the
node build the token's calls (`wallet/triggersmartcontract`), signs and broadcasts all of them, and reads back.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from tronpy import Tron
from tronpy.keys import PrivateKey

from chain.tron_devnet import DevnetServer
from contracts.artifacts import load_artifact

ROOT = Path(__file__).parents[3]
SCRIPT = Path(__file__).parent / "tronweb" / "token_roundtrip.js"
ARTIFACT = ROOT / "contracts" / "build" / "RewardToken.json"


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None or not (ROOT / "node_modules" / "tronweb").is_dir():
        pytest.fail("node and node_modules/tronweb are needed: make setup")
    return found


def test_tronweb_deploys_a_token_and_transfers_it(
    node: str, devnet_server: DevnetServer, tron: Tron, genesis_key: PrivateKey
) -> None:
    recipient = PrivateKey.random().public_key.to_base58check_address()
    args = {
        "url": devnet_server.url,
        "private_key": genesis_key.hex(),
        "artifact": str(ARTIFACT),
        "recipient": recipient,
        "amount": 1234,
    }
    run = subprocess.run([node, str(SCRIPT), json.dumps(args)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["owner"] == genesis_key.public_key.to_base58check_address()
    assert result["owner_balance"] > 0
    assert (result["mint"]["result"], result["transfer"]["result"]) == ("SUCCESS", "SUCCESS")
    assert (result["symbol"], result["decimals"], result["recipient_balance"]) == ("DVT", 6, "1234")

    # tronpy sees what TronWeb did: the TRX that activated the recipient, the token and its balances.
    assert tron.get_account_balance(recipient) == 1
    token = tron.get_contract(result["contract"])
    token.abi = load_artifact("RewardToken").abi
    assert token.functions.balanceOf(recipient) == 1234
    assert token.functions.balanceOf(result["owner"]) == 1234
    assert token.functions.symbol() == "DVT"
    deployment = tron.get_transaction_info(result["deploy_txid"])
    assert deployment["receipt"]["result"] == "SUCCESS"
    assert tron.get_transaction(result["transfer"]["txid"])["ret"][0]["contractRet"] == "SUCCESS"
