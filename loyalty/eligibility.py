"""Who may use a promo code or a reward that names a `segment`: members for whom the segment's condition holds now,
judged on the same `member` context the engine's rules see."""

from sqlmodel import Session

from achievements.catalog import load_rulebook
from achievements.expressions import EvaluationError, bind
from achievements.state import load_states
from core.errors import InvalidInput
from core.types import utcnow
from loyalty.errors import NotEligible
from targeting.segments import attach_windows


def check_segment_exists(session: Session, tenant_id: str, program_id: int, segment: str | None) -> None:
    if segment is not None and segment not in load_rulebook(session, tenant_id, program_id).segments:
        raise InvalidInput(f"unknown segment {segment!r} (in this program)", field="segment")


def require_segment(
    session: Session, tenant_id: str, program_id: int, member_id: int, segment: str | None, what: str
) -> None:
    """Raise NotEligible unless the member is in the segment (a condition that fails on the member counts as out)."""
    if segment is None:
        return
    book = load_rulebook(session, tenant_id, program_id)
    compiled = book.segments.get(segment)
    inside = False
    if compiled is not None:  # a segment deleted since: nobody qualifies rather than everybody
        state = load_states(
            session, tenant_id, program_id, [member_id], streak_windows={}, lock=False, parts=frozenset({"badges"})
        )[member_id]
        now = utcnow()
        attach_windows(session, tenant_id, program_id, book, [state], now)
        try:
            inside = compiled.condition.evaluate_bool(bind({"member": state.context(now)}))
        except EvaluationError:
            inside = False
    if not inside:
        raise NotEligible(f"{what} is only for members of segment {segment!r}")
