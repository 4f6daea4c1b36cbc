from enum import StrEnum

class Role(StrEnum):
    ADMIN = "admin"
    CASHIER = "cashier"
    MODERATOR = "moderator"
    OWNER = "owner"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
