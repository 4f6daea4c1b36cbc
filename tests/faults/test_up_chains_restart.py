"""Under `laurel up`, anvil restarted and the Tron devnet SIGKILLed mid-payout come back by themselves, and every
payout confirms, each once."""

import os
import signal
from pathlib import Path

from tests.laurel_up import LaurelUp, wait_until


def test_anvil_and_the_tron_devnet_restarted_mid_payout_come_back_and_every_payout_confirms_once(
    tmp_path: Path,
) -> None:
    with LaurelUp(tmp_path / "var", LAUREL_SUPERVISOR_BACKOFF_SECONDS="0.2") as up:
        anvil = int(up.wait_for_line(r"anvil on \S+ \(pid (\d+)\)").group(1))
        tron = int(up.wait_for_line(r"Tron devnet on \S+ \(pid (\d+)\)").group(1))
        with up.client() as http:
            rule = {"key": "spend", "event_type": "purchase", "points": "event.amount"}
            assert http.post("/v1/rules", json=rule).status_code == 201
            event = {"id": "order-1", "member": "alice", "type": "purchase", "properties": {"amount": 100}}
            assert http.post("/v1/events", json=event).status_code == 201
            payouts = [
                http.post("/v1/payouts", json={"member": "alice", "amount": 10, "chain": chain}).json()["id"]
                for chain in ("evm", "tron")
                for _ in range(3)
            ]
            os.kill(anvil, signal.SIGTERM)  # a restart: anvil writes its state as it stops
            os.kill(tron, signal.SIGKILL)  # a crash: the devnet keeps its chain in SQLite
            up.wait_for_line(r"anvil restarted, pid \d+")
            up.wait_for_line(r"Tron devnet restarted, pid \d+")
            wait_until(
                lambda: all(http.get(f"/v1/payouts/{p}").json()["status"] == "confirmed" for p in payouts),
                timeout=240,
                what="every payout to confirm",
            )
            balance = http.get("/v1/members/alice/balance").json()
            paid = {
                c: int(http.get(f"/v1/payouts/{payouts[i]}").json()["token_amount"])
                for c, i in (("evm", 0), ("tron", 3))
            }

    assert balance["available"] == 40
    assert balance["on_chain"] == {"evm": str(3 * paid["evm"]), "tron": str(3 * paid["tron"])}  # each paid once
