"""Options for the child processes of a stack that supervises them (`laurel up`)."""

import ctypes
import signal
import subprocess
from collections.abc import Sequence
from typing import IO

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: SIGTERM when the parent dies, even by SIGKILL (Linux only).
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn_child(
    argv: Sequence[str], *, env: dict[str, str] | None = None, log: IO[bytes] | int | None = None
) -> subprocess.Popen[bytes]:
    """A child in its own session, so a terminal's Ctrl-C reaches only the parent (which stops the children in
    order), and one that dies with its parent, so nothing outlives a killed stack."""
    return subprocess.Popen(  # noqa: S603 - argv built by the caller from fixed parts
        list(argv),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )
