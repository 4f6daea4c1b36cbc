"""growth indexes: a leaderboard's page read in index order, ties included

Revision ID: 0012
Revises: 0002

At 100,000 members a leaderboard page (ordered by score, then member id, for ties) sorted every member sharing the
scores it crossed, and ranking a member counted through heap pages: with the member id in the ranking index the
page is the index read backwards and the rank an index-only count (`python -m tests.bench.run --only growth`).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD = ["tenant_id", "program_id", "board", "period", "scope", "score"]


def upgrade() -> None:
    op.create_index("ix_leaderboard_rank_member", "leaderboard_scores", [*_OLD, "member_id"], unique=False)
    op.drop_index("ix_leaderboard_rank", table_name="leaderboard_scores")


def downgrade() -> None:
    op.create_index("ix_leaderboard_rank", "leaderboard_scores", _OLD, unique=False)
    op.drop_index("ix_leaderboard_rank_member", table_name="leaderboard_scores")
