from enum import StrEnum

class ImportKind(StrEnum):
    MEMBERS = "members"
    POINTS = "points"

    def __str__(self) -> str:
        return str(self.value)
