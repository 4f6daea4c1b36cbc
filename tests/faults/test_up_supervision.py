"""`laurel up` keeps its stack alive: a SIGKILLed worker comes back and payouts still confirm; a process that keeps
dying stops the stack with an error; Ctrl-C stops it in order, a second one at once."""

import os
import signal
from pathlib import Path

from tests.laurel_up import LaurelUp, pid_alive, wait_until


def test_a_killed_worker_comes_back_and_a_payout_still_confirms_then_one_that_keeps_dying_stops_the_stack(
    tmp_path: Path,
) -> None:
    with LaurelUp(tmp_path / "var", LAUREL_SUPERVISOR_BACKOFF_SECONDS="0.2", LAUREL_SUPERVISOR_MAX_FAILURES="2") as up:
        worker = int(up.wait_for_line(r"worker and beat: pid (\d+)").group(1))
        anvil = int(up.wait_for_line(r"anvil on \S+ \(pid (\d+)\)").group(1))
        tron = int(up.wait_for_line(r"Tron devnet on \S+ \(pid (\d+)\)").group(1))
        with up.client() as http:
            rule = {"key": "spend", "event_type": "purchase", "points": "event.amount"}
            assert http.post("/v1/rules", json=rule).status_code == 201
            event = {"id": "order-1", "member": "alice", "type": "purchase", "properties": {"amount": 70}}
            assert http.post("/v1/events", json=event).status_code == 201

            os.kill(worker, signal.SIGKILL)
            up.wait_for_line(rf"worker and beat \(pid {worker}\) killed by SIGKILL; restarting it in")
            restarted = int(up.wait_for_line(r"worker and beat restarted, pid (\d+)").group(1))
            assert restarted != worker

            answer = http.post("/v1/payouts", json={"member": "alice", "amount": 50, "chain": "evm"})
            assert answer.status_code == 202, answer.text
            payout = answer.json()["id"]
            wait_until(lambda: http.get(f"/v1/payouts/{payout}").json()["status"] == "confirmed", what="the payout")

        os.kill(restarted, signal.SIGKILL)  # the second death within the window: the supervisor gives up
        up.wait_for_line(r"failed 2 times within .* giving up")
        assert up.process is not None
        assert up.process.wait(timeout=120) == 1
        up.wait_for_line(r"stopped: worker and beat kept dying")
        assert not any(pid_alive(pid) for pid in (anvil, tron))


def test_a_second_ctrl_c_kills_the_stack_at_once(tmp_path: Path) -> None:
    with LaurelUp(tmp_path / "var") as up:
        pids = [
            int(up.wait_for_line(pattern).group(1))
            for pattern in (
                r"worker and beat: pid (\d+)",
                r"anvil on \S+ \(pid (\d+)\)",
                r"Tron devnet on \S+ \(pid (\d+)\)",
            )
        ]
        assert up.process is not None
        up.process.send_signal(signal.SIGINT)
        up.wait_for_line(r"stopping the worker and the devnets")
        still_stopping = up.process.poll() is None  # an orderly stop takes seconds (the worker finishes its task)
        up.process.send_signal(signal.SIGINT)
        up.process.wait(timeout=60)
        if still_stopping:
            up.wait_for_line(r"killing the worker and the devnets")
        assert not any(pid_alive(pid) for pid in pids)
