from enum import StrEnum

class BadgeSpecNftItem(StrEnum):
    EVM = "evm"
    TRON = "tron"

    def __str__(self) -> str:
        return str(self.value)
