from enum import StrEnum

class AnnouncementInKind(StrEnum):
    NEWS = "news"
    PROMOTION = "promotion"

    def __str__(self) -> str:
        return str(self.value)
