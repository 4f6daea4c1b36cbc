from enum import StrEnum

class GetFeedV1RecognitionsGetStatusType0(StrEnum):
    APPROVED = "approved"
    DENIED = "denied"
    GIVEN = "given"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)
