"""The TVM: py-evm's Cancun interpreter run message by message, with Tron's block context and energy.

Energy is EVM gas one for one, without Ethereum's intrinsic transaction cost or refunds (Tron has neither);
so a figure here is close to, not equal to, what java-tron charges. TRX balances (in sun) are the EVM
balances, so contracts see `msg.value` and `address.balance` in sun as on Tron.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from eth.abc import AtomicDatabaseAPI, ComputationAPI
from eth.constants import CREATE_CONTRACT_ADDRESS
from eth.exceptions import (
    FullStack,
    InsufficientStack,
    InvalidInstruction,
    InvalidJumpDestination,
    OutOfGas,
    Revert,
    VMError,
    WriteProtection,
)
from eth.vm.execution_context import ExecutionContext
from eth.vm.forks.cancun.state import CancunState
from eth.vm.forks.cancun.transaction_context import CancunTransactionContext
from eth.vm.message import Message
from eth_typing import Address, BlockNumber, Hash32

from chain.tron_devnet.addresses import to_tvm

# The energy a read-only call may burn (java-tron's default for constant calls).
CONSTANT_CALL_ENERGY = 100_000_000

_TRON_RESULTS: tuple[tuple[type[VMError], str], ...] = (
    (Revert, "REVERT"),
    (OutOfGas, "OUT_OF_ENERGY"),
    (InvalidJumpDestination, "BAD_JUMP_DESTINATION"),
    (InsufficientStack, "STACK_TOO_SMALL"),
    (FullStack, "STACK_TOO_LARGE"),
    (InvalidInstruction, "ILLEGAL_OPERATION"),
    (WriteProtection, "ILLEGAL_OPERATION"),
)


@dataclass(frozen=True)
class BlockContext:
    """What the block-level opcodes see while a transaction runs in the block being built."""

    number: int
    timestamp_ms: int
    witness: bytes
    chain_id: int
    energy_price: int
    recent_block_ids: Callable[[], Iterable[bytes]]
    """Block IDs newest first, starting with the parent: BLOCKHASH answers from it."""


@dataclass(frozen=True)
class LogEntry:
    address: bytes
    """The emitting contract's 20-byte TVM address, as Tron stores it in a receipt."""
    topics: tuple[bytes, ...]
    data: bytes


@dataclass(frozen=True)
class Execution:
    """The outcome of one message: Tron's contract result name, return data, energy and logs."""

    result: str
    output: bytes
    energy_used: int
    logs: tuple[LogEntry, ...]
    error: str

    @property
    def succeeded(self) -> bool:
        return self.result == "SUCCESS"


class WorldState:
    """The account state (TRX balances, code, storage) as seen by one transaction or one query.

    Nothing reaches the database until `commit`; a query simply drops the object.
    """

    def __init__(self, db: AtomicDatabaseAPI, state_root: bytes, block: BlockContext) -> None:
        context = ExecutionContext(
            coinbase=Address(to_tvm(block.witness)),
            timestamp=block.timestamp_ms // 1000,
            block_number=BlockNumber(block.number),
            difficulty=0,
            mix_hash=Hash32(b"\0" * 32),
            gas_limit=0,
            prev_hashes=(Hash32(block_id) for block_id in block.recent_block_ids()),
            chain_id=block.chain_id,
            base_fee_per_gas=block.energy_price,
            excess_blob_gas=0,
        )
        self._state = CancunState(db, context, Hash32(state_root))
        self._energy_price = block.energy_price

    def balance(self, address: bytes) -> int:
        return int(self._state.get_balance(Address(to_tvm(address))))

    def add_balance(self, address: bytes, delta: int) -> None:
        self._state.delta_balance(Address(to_tvm(address)), delta)

    def code(self, address: bytes) -> bytes:
        return bytes(self._state.get_code(Address(to_tvm(address))))

    def call(self, sender: bytes, contract: bytes, data: bytes, value: int, energy_limit: int) -> Execution:
        message = Message(
            gas=energy_limit,
            to=Address(to_tvm(contract)),
            sender=Address(to_tvm(sender)),
            value=value,
            data=data,
            code=self._state.get_code(Address(to_tvm(contract))),
        )
        computation = self._state.computation_class.apply_message(
            self._state, message, self._transaction_context(sender)
        )
        return _execution(computation)

    def create(
        self,
        sender: bytes,
        contract: bytes,
        init_code: bytes,
        value: int,
        energy_limit: int,
    ) -> Execution:
        message = Message(
            gas=energy_limit,
            to=CREATE_CONTRACT_ADDRESS,
            sender=Address(to_tvm(sender)),
            value=value,
            data=b"",
            code=init_code,
            create_address=Address(to_tvm(contract)),
        )
        try:
            computation = self._state.computation_class.apply_create_message(
                self._state, message, self._transaction_context(sender)
            )
        except VMError as exc:  # raised before execution starts, e.g. init code over the size limit
            return Execution(_result_name(exc), b"", energy_limit, (), str(exc))
        return _execution(computation)

    def commit(self) -> bytes:
        """Write the changes to the database; returns the new state root."""
        self._state.persist()
        return bytes(self._state.state_root)

    def _transaction_context(self, sender: bytes) -> CancunTransactionContext:
        return CancunTransactionContext(gas_price=self._energy_price, origin=Address(to_tvm(sender)))


def _result_name(error: VMError) -> str:
    for error_class, name in _TRON_RESULTS:
        if isinstance(error, error_class):
            return name
    return "UNKNOWN"


def _execution(computation: ComputationAPI) -> Execution:
    logs = tuple(
        LogEntry(bytes(address), tuple(topic.to_bytes(32, "big") for topic in topics), bytes(data))
        for address, topics, data in computation.get_log_entries()
    )
    if computation.is_success:
        return Execution("SUCCESS", bytes(computation.output), computation.get_gas_used(), logs, "")
    error = computation.error
    # A revert hands back its reason; any other failure burns all the energy it was given and returns nothing.
    output = bytes(computation.output) if isinstance(error, Revert) else b""
    message = "REVERT opcode executed" if isinstance(error, Revert) else str(error)
    return Execution(_result_name(error), output, computation.get_gas_used(), logs, message)
