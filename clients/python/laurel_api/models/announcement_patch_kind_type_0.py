from enum import StrEnum

class AnnouncementPatchKindType0(StrEnum):
    NEWS = "news"
    PROMOTION = "promotion"

    def __str__(self) -> str:
        return str(self.value)
