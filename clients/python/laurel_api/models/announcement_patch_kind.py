from enum import StrEnum

class AnnouncementPatchKind(StrEnum):
    NEWS = "news"
    PROMOTION = "promotion"

    def __str__(self) -> str:
        return str(self.value)
