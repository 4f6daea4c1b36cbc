from enum import StrEnum

class ProgramPatchStatusType0(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"
    CLOSING = "closing"
    DRAFT = "draft"

    def __str__(self) -> str:
        return str(self.value)
