"""What an event may award given its program's status and budget, applied to the engine's outcome.

The engine credits points without knowing the budget; when the program's remaining budget is smaller, the excess
is withheld after evaluation: off the outcome, the member's state (balance, lifetime and rolling points) and the
`points.earned` notice. Badges, quests and xp stay awarded: only points cost the program money.
"""

from achievements.engine import Outcome
from achievements.state import MemberState


def withhold_over_budget(outcome: Outcome, state: MemberState, remaining: int) -> int:
    """Cut the outcome's points to `remaining`; returns the points withheld (0 when they fit)."""
    withheld = outcome.points - remaining if outcome.points > remaining else 0
    if withheld <= 0:
        return 0
    outcome.points -= withheld
    state.available -= withheld
    state.lifetime -= withheld
    state.rolling_points -= withheld
    notices = []
    for kind, data in outcome.notifications:
        if kind == "points.earned":
            data = {**data, "points": data["points"] - withheld, "balance": data["balance"] - withheld}
            if not data["points"] and not data["xp"]:
                continue
        notices.append((kind, data))
    outcome.notifications = notices
    return withheld
