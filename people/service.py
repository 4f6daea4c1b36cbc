"""The people package's public face: transfers, recognitions with their allowances and approvals, and goals."""

from people.goals import GoalSpec, GoalView, TeamProgress, create_goal, goal_progress, list_goals, member_goals
from people.recognition import (
    Given,
    Pair,
    RecognitionSpec,
    RecognitionView,
    allowance_left,
    decide_recognition,
    get_recognition,
    give_recognition,
    list_recognitions,
    reciprocal_pairs,
)
from people.terms import FeatureOff
from people.transfers import TransferSpec, TransferView, get_transfer, member_transfers, transfer_points

__all__ = [
    "FeatureOff",
    "Given",
    "GoalSpec",
    "GoalView",
    "Pair",
    "RecognitionSpec",
    "RecognitionView",
    "TeamProgress",
    "TransferSpec",
    "TransferView",
    "allowance_left",
    "create_goal",
    "decide_recognition",
    "get_recognition",
    "get_transfer",
    "give_recognition",
    "goal_progress",
    "list_goals",
    "list_recognitions",
    "member_goals",
    "member_transfers",
    "reciprocal_pairs",
    "transfer_points",
]
