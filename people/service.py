"""The people package's public face: transfers, recognitions with their allowances and approvals, and goals."""

from people.goals import GoalSpec, GoalView, TeamProgress, create_goal, goal_progress, list_goals, member_goals
from people.page import PeopleSection, member_people
from people.recognition import (
    AllowanceRow,
    Given,
    Pair,
    RecognitionSpec,
    RecognitionView,
    allowance_left,
    allowances_this_month,
    decide_recognition,
    get_recognition,
    give_recognition,
    list_recognitions,
    reciprocal_pairs,
)
from people.terms import FeatureOff
from people.transfers import TransferSpec, TransferView, get_transfer, member_transfers, transfer_points

__all__ = [
    "AllowanceRow",
    "FeatureOff",
    "Given",
    "GoalSpec",
    "GoalView",
    "Pair",
    "PeopleSection",
    "RecognitionSpec",
    "RecognitionView",
    "TeamProgress",
    "TransferSpec",
    "TransferView",
    "allowance_left",
    "allowances_this_month",
    "create_goal",
    "decide_recognition",
    "get_recognition",
    "get_transfer",
    "give_recognition",
    "goal_progress",
    "list_goals",
    "list_recognitions",
    "member_goals",
    "member_people",
    "member_transfers",
    "reciprocal_pairs",
    "transfer_points",
]
