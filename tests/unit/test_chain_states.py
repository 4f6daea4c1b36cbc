"""The transaction state machine: which moves exist, and that final states stay final."""

import pytest

from chain.models import TxStatus
from chain.transactions import TRANSITIONS, IllegalTransition, check_transition

S = TxStatus


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (S.PLANNED, S.SIGNED),
        (S.SIGNED, S.BROADCAST),
        (S.BROADCAST, S.INCLUDED),
        (S.INCLUDED, S.CONFIRMED),
        (S.INCLUDED, S.FAILED),
        (S.PLANNED, S.FAILED),
        (S.BROADCAST, S.REPLACED),
        (S.INCLUDED, S.BROADCAST),
        (S.REPLACED, S.INCLUDED),
    ],
)
def test_the_pipeline_moves_exist(old: TxStatus, new: TxStatus) -> None:
    check_transition(old, new)


@pytest.mark.parametrize("final", [S.CONFIRMED, S.FAILED])
def test_confirmed_and_failed_are_final(final: TxStatus) -> None:
    assert TRANSITIONS[final] == frozenset()
    for new in TxStatus:
        with pytest.raises(IllegalTransition):
            check_transition(final, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [(S.PLANNED, S.BROADCAST), (S.PLANNED, S.CONFIRMED), (S.SIGNED, S.CONFIRMED), (S.BROADCAST, S.CONFIRMED)],
)
def test_no_skipping_to_a_later_state(old: TxStatus, new: TxStatus) -> None:
    with pytest.raises(IllegalTransition):
        check_transition(old, new)


def test_every_status_has_its_moves_listed() -> None:
    assert set(TRANSITIONS) == set(TxStatus)
