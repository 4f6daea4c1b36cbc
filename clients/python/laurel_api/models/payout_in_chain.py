from enum import StrEnum

class PayoutInChain(StrEnum):
    EVM = "evm"
    TRON = "tron"

    def __str__(self) -> str:
        return str(self.value)
