from enum import StrEnum

class Scope(StrEnum):
    ADMIN = "admin"
    EVENTSWRITE = "events:write"
    READ = "read"

    def __str__(self) -> str:
        return str(self.value)
