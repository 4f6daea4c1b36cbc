from enum import StrEnum

class GoalInPeriod(StrEnum):
    DATES = "dates"
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    WEEK = "week"

    def __str__(self) -> str:
        return str(self.value)
