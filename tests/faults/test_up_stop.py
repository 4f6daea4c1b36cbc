"""A first Ctrl-C of `laurel up` with nothing in flight stops the whole stack cleanly: the API, the worker and its
beat, anvil and the Tron devnet all end, nothing of it is left running, and the command exits 0."""

import signal
from pathlib import Path

from tests.integration.scale.processes import children
from tests.laurel_up import LaurelUp, pid_alive, wait_until


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        for child in children(todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def test_one_ctrl_c_stops_every_process_of_the_stack_and_leaves_none(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    with LaurelUp(data_dir) as up:
        assert up.process is not None
        wait_until(lambda: "ready." in (data_dir / "worker.log").read_text(errors="replace"), what="the worker")
        stack = _descendants(up.process.pid)
        assert len(stack) >= 4  # anvil, the Tron devnet, the worker and the worker's beat

        up.process.send_signal(signal.SIGINT)
        assert up.process.wait(timeout=120) == 0

    up.wait_for_line(r"stopping the worker and the devnets")
    assert not any("killing the worker" in line for line in up.lines)
    assert [pid for pid in stack if pid_alive(pid)] == []
