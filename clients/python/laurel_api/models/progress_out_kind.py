from enum import StrEnum

class ProgressOutKind(StrEnum):
    QUOTA = "quota"
    TEAM = "team"

    def __str__(self) -> str:
        return str(self.value)
