"""The devnet's chain: accounts and TRX, transaction checks and execution, blocks and receipts.

A transaction is checked and executed when it is broadcast, as java-tron does on its pending state, so
queries see its effects at once; its receipt appears when a block takes it in. Blocks come every
`block_interval` seconds, right after each transaction when the interval is 0, and on demand (`mine`).

Resources follow Stake 2.0: TRX frozen for ENERGY (or BANDWIDTH) gives the account its share of the network's
daily limit, `total limit * frozen / total frozen`, used first and recovering linearly over 24 hours; what a
transaction needs beyond it is burned in TRX at the fixed price. The simplification: a devnet has no other
stakers, so "total frozen" is this chain's stakes plus a nominal stake standing for the rest of the network
(`ChainParameters.nominal_energy_weight`), without which one staked TRX would get the whole daily limit.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from eth.constants import BLANK_ROOT_HASH
from eth.db.atomic import AtomicDB
from eth_keys.datatypes import PrivateKey, Signature
from eth_keys.exceptions import BadSignature
from eth_utils.crypto import keccak
from eth_utils.exceptions import ValidationError
from google.protobuf.message import Message

from chain.tron_devnet.addresses import ADDRESS_PREFIX, ADDRESS_SIZE, address_of_public_key, from_tvm
from chain.tron_devnet.encoding import (
    BlockHeader,
    BlockHeaderRaw,
    EncodingError,
    SmartContract,
    Transaction,
    TransactionInfo,
    contract_of,
    new_raw,
    transaction_id,
)
from chain.tron_devnet.errors import ResponseCode, TransactionRejected
from chain.tron_devnet.evm import CONSTANT_CALL_ENERGY, BlockContext, Execution, WorldState
from chain.tron_devnet.store import (
    AccountRecord,
    ChainStore,
    Stake,
    StoredBlock,
    StoredTransaction,
    Unfreezing,
)

SUN_PER_TRX = 1_000_000
DEFAULT_GENESIS_BALANCE = 1_000_000_000 * SUN_PER_TRX  # one billion TRX, in sun
DAY_MS = 86_400_000
MAX_TRANSACTION_SIZE = 500 * 1024
# java-tron bills this many bytes of bandwidth per contract for the result it appends to a transaction.
RESULT_SIZE_IN_TRANSACTION = 64
BUILT_TRANSACTION_LIFETIME_MS = 60_000
BLOCKHASH_DEPTH = 256  # how many recent blocks BLOCKHASH can see, as in the EVM
BLOCK_VERSION = 30
ENERGY, BANDWIDTH = "ENERGY", "BANDWIDTH"
# ResourceCode numbers (common.proto) of the resources a stake can buy here; TRON_POWER (voting) is not run.
STAKE_RESOURCES = {0: BANDWIDTH, 1: ENERGY}
MAX_UNFREEZINGS = 32  # java-tron's limit on unfreezings waiting at once per account


@dataclass(frozen=True)
class ChainParameters:
    """The fee schedule, named as `wallet/getchainparameters` names it. Amounts in sun."""

    energy_fee: int = 420
    transaction_fee: int = 1_000
    free_net_limit: int = 600
    create_account_fee: int = 100_000
    create_new_account_fee_in_system_contract: int = 1_000_000
    max_fee_limit: int = 15_000_000_000
    total_energy_limit: int = 90_000_000_000
    total_net_limit: int = 43_200_000_000
    unfreeze_delay_days: int = 14
    """Days before unfrozen TRX can be withdrawn; 0 (withdrawable at once) is a devnet-only setting for tests."""
    nominal_energy_weight: int = 9_000_000_000
    """TRX the rest of the network is taken to stake for energy: about ten energy a day per staked TRX."""
    nominal_net_weight: int = 43_200_000_000
    """... and for bandwidth: about one byte a day per staked TRX."""

    def as_tron(self) -> list[dict[str, str | int]]:
        return [
            {"key": "getEnergyFee", "value": self.energy_fee},
            {"key": "getTransactionFee", "value": self.transaction_fee},
            {"key": "getFreeNetLimit", "value": self.free_net_limit},
            {"key": "getCreateAccountFee", "value": self.create_account_fee},
            {
                "key": "getCreateNewAccountFeeInSystemContract",
                "value": self.create_new_account_fee_in_system_contract,
            },
            {"key": "getMaxFeeLimit", "value": self.max_fee_limit},
            {"key": "getTotalEnergyLimit", "value": self.total_energy_limit},
            {"key": "getTotalEnergyCurrentLimit", "value": self.total_energy_limit},
            {"key": "getUnfreezeDelayDays", "value": self.unfreeze_delay_days},
        ]


@dataclass(frozen=True)
class Resource:
    """One staked resource of an account, as of now: what its frozen TRX gives a day, and what is used of it."""

    frozen: int
    limit: int
    used: int
    latest_consume_time: int


@dataclass(frozen=True)
class Account:
    address: bytes
    balance: int
    create_time: int
    is_contract: bool
    free_net_used: int
    latest_consume_free_time: int
    energy: Resource
    bandwidth: Resource
    unfreezing: list[Unfreezing]


@dataclass(frozen=True)
class Block:
    number: int
    id: bytes
    header: Message
    transactions: list[Message]
    """Signed transactions with their `ret` (contract result) filled in, in block order."""


@dataclass
class _Outcome:
    """Everything one executed transaction changes; `_record` applies it all or nothing."""

    world: WorldState
    info: Message
    accounts: list[AccountRecord]
    now: int
    """The pending block's time, in ms."""
    contract: Message | None = None
    stakes: list[Stake] = field(default_factory=list)
    unfreezing: tuple[bytes, list[Unfreezing]] | None = None
    """An account's whole list of waiting unfreezings, when the transaction changed it."""


def contract_address(transaction_id_: bytes, owner: bytes) -> bytes:
    """Where CreateSmartContract puts a contract: keccak256(txID ‖ owner)[12:] behind the 0x41 prefix."""
    return from_tvm(keccak(transaction_id_ + owner)[12:])


def _now_ms() -> int:
    return int(time.time() * 1000)


def _recovered(used: int, since: int, now: int) -> int:
    """Used bandwidth or energy recovers linearly over a day, as on Tron (rounded up, as java-tron rounds)."""
    elapsed = now - since
    if elapsed >= DAY_MS:
        return 0
    return -(-used * (DAY_MS - elapsed) // DAY_MS)


def _merkle_root(transactions: list[bytes]) -> bytes:
    """java-tron's txTrieRoot: pairwise sha256 over sha256 of each transaction; an odd node moves up as is."""
    level = [hashlib.sha256(body).digest() for body in transactions]
    if not level:
        return b"\0" * 32
    while len(level) > 1:
        pairs = [level[i : i + 2] for i in range(0, len(level), 2)]
        level = [hashlib.sha256(p[0] + p[1]).digest() if len(p) == 2 else p[0] for p in pairs]
    return level[0]


def _invalid(message: str) -> TransactionRejected:
    return TransactionRejected(ResponseCode.CONTRACT_VALIDATE_ERROR, message)


class TronDevnet:
    """One Tron node with a single block producer, its chain in memory or in a SQLite file at `state_path`.

    A fresh chain gives `genesis_balance` sun to the genesis account: `genesis_key`'s address, or that of a
    new key kept in `generated_genesis_key` for the caller to print. A chain reopened from `state_path`
    keeps its accounts, balances, contracts, blocks and pending transactions.
    """

    def __init__(
        self,
        genesis_key: bytes | None = None,
        block_interval: float = 3.0,
        state_path: Path | None = None,
        *,
        genesis_balance: int = DEFAULT_GENESIS_BALANCE,
        parameters: ChainParameters | None = None,
    ) -> None:
        self.block_interval = block_interval
        self.parameters = parameters or ChainParameters()
        self.generated_genesis_key: bytes | None = None
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._producer: threading.Thread | None = None
        self._store = ChainStore(state_path)
        self._db = AtomicDB(self._store.trie)
        if self._store.head_block() is None:
            self._create_genesis(genesis_key, genesis_balance)
        self.genesis_address = self._meta("genesis_address")
        if genesis_key is not None and self._address_of_key(genesis_key) != self.genesis_address:
            self._store.close()
            raise ValueError(f"the chain at {state_path} has another genesis account than the given key's")
        self._witness_key = PrivateKey(self._meta("witness_key"))
        self.witness_address = self._address_of_key(self._witness_key.to_bytes())
        self._state_root = self._meta("state_root")
        genesis = self._store.block_by_number(0)
        assert genesis is not None
        # CHAINID in the TVM: the last four bytes of the genesis block ID, as on Tron.
        self.chain_id = int.from_bytes(genesis.id[-4:], "big")

    # --- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Start producing a block every `block_interval` seconds (no-op when the interval is 0)."""
        if self.block_interval > 0 and self._producer is None:
            self._stopping.clear()
            self._producer = threading.Thread(target=self._produce_blocks, name="tron-blocks", daemon=True)
            self._producer.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._producer is not None:
            self._producer.join()
            self._producer = None

    def close(self) -> None:
        self.stop()
        with self._lock:
            self._store.close()

    def _produce_blocks(self) -> None:
        while not self._stopping.wait(self.block_interval):
            self.mine()

    # --- transactions ------------------------------------------------------------------------------

    def broadcast(self, transaction: Message) -> bytes:
        """Check, execute and keep a signed transaction; returns its txID or raises TransactionRejected."""
        txid = transaction_id(transaction.raw_data)
        with self._lock:
            self._check_envelope(transaction, txid)
            self._check_signature(transaction, txid)
            outcome = self._execute(transaction, txid)
            self._record(transaction, txid, outcome)
            if self.block_interval == 0:
                self._seal_block()
        return txid

    def build(self, contract_type: str, contract: Message, fee_limit: int = 0) -> Message:
        """An unsigned transaction referring to the head block, valid for 60 s, checked by a dry run."""
        now = _now_ms()
        with self._lock:
            head = self._head_stored()
            raw = new_raw(
                contract_type,
                contract,
                ref_block_bytes=head.id[6:8],
                ref_block_hash=head.id[8:16],
                expiration=now + BUILT_TRANSACTION_LIFETIME_MS,
                timestamp=now,
                fee_limit=fee_limit,
            )
            transaction = Transaction(raw_data=raw)
            self._execute(transaction, transaction_id(raw))
        return transaction

    def _check_envelope(self, transaction: Message, txid: bytes) -> None:
        raw = transaction.raw_data
        if transaction.ByteSize() > MAX_TRANSACTION_SIZE:
            raise TransactionRejected(ResponseCode.TOO_BIG_TRANSACTION_ERROR, "too big transaction")
        if self._store.has_transaction(txid):
            raise TransactionRejected(ResponseCode.DUP_TRANSACTION_ERROR, "dup trans")
        now = _now_ms()
        if raw.expiration <= now:
            raise TransactionRejected(ResponseCode.TRANSACTION_EXPIRATION_ERROR, "Transaction expired")
        if raw.expiration > now + DAY_MS:
            raise TransactionRejected(
                ResponseCode.TRANSACTION_EXPIRATION_ERROR,
                "Transaction expiration time is more than one day ahead",
            )
        self._check_tapos(raw)

    def _check_tapos(self, raw: Message) -> None:
        """The transaction must name a recent block of this chain: its number's low 2 bytes and 8 ID bytes."""
        head = self._head_stored()
        if len(raw.ref_block_bytes) == 2 and len(raw.ref_block_hash) == 8:
            low_bits = int.from_bytes(raw.ref_block_bytes, "big")
            referenced = self._store.block_by_number(head.number - ((head.number - low_bits) % 0x10000))
            if referenced is not None and referenced.id[8:16] == raw.ref_block_hash:
                return
        reference = f"{raw.ref_block_bytes.hex()}/{raw.ref_block_hash.hex()}"
        raise TransactionRejected(ResponseCode.TAPOS_ERROR, f"Tapos check error: no recent block {reference}")

    def _check_signature(self, transaction: Message, txid: bytes) -> None:
        _, contract = self._contract(transaction.raw_data)
        owner = contract.owner_address
        if transaction.raw_data.contract[0].Permission_id != 0:
            raise TransactionRejected(ResponseCode.SIGERROR, "only the owner permission (id 0) is supported")
        if len(transaction.signature) != 1:
            raise TransactionRejected(
                ResponseCode.SIGERROR,
                f"expected one signature by the owner, got {len(transaction.signature)}",
            )
        signature = transaction.signature[0]
        if len(signature) != 65:
            raise TransactionRejected(ResponseCode.SIGERROR, f"a signature is 65 bytes, got {len(signature)}")
        # tronpy signs with a recovery byte of 0 or 1, TronWeb with 27 or 28.
        v = signature[64] - 27 if signature[64] >= 27 else signature[64]
        try:
            public_key = Signature(signature[:64] + bytes([v])).recover_public_key_from_msg_hash(txid)
        except (BadSignature, ValidationError) as exc:
            raise TransactionRejected(ResponseCode.SIGERROR, f"Validate signature error: {exc}") from exc
        signer = address_of_public_key(public_key.to_bytes())
        if signer != owner:
            raise TransactionRejected(
                ResponseCode.SIGERROR,
                f"Validate signature error: signed by {signer.hex()}, but the owner is {owner.hex()}",
            )

    def _contract(self, raw: Message) -> tuple[str, Message]:
        try:
            contract_type, contract = contract_of(raw)
        except EncodingError as exc:
            raise _invalid(str(exc)) from exc
        owner = contract.owner_address
        if len(owner) != ADDRESS_SIZE or owner[0] != ADDRESS_PREFIX:
            raise _invalid("Invalid ownerAddress!")
        return contract_type, contract

    # --- execution ---------------------------------------------------------------------------------

    def _execute(self, transaction: Message, txid: bytes) -> _Outcome:
        """Validate the contract and run it on a fresh view of the state; nothing is stored yet."""
        contract_type, contract = self._contract(transaction.raw_data)
        owner = self._store.account(contract.owner_address)
        if owner is None:
            raise _invalid(f"Validate {contract_type} error, no OwnerAccount.")
        context = self._pending_block_context()
        outcome = _Outcome(
            world=WorldState(self._db, self._state_root, context),
            info=TransactionInfo(id=txid),
            accounts=[],
            now=context.timestamp_ms,
        )
        if contract_type == "TransferContract":
            self._transfer(transaction, contract, owner, outcome)
        elif contract_type == "TriggerSmartContract":
            self._trigger(transaction, contract, owner, outcome)
        elif contract_type == "CreateSmartContract":
            self._create(transaction, txid, contract, owner, outcome)
        elif contract_type == "FreezeBalanceV2Contract":
            self._freeze(transaction, contract, owner, outcome)
        elif contract_type == "UnfreezeBalanceV2Contract":
            self._unfreeze(transaction, contract, owner, outcome)
        else:
            self._withdraw_unfrozen(transaction, owner, outcome)
        return outcome

    def _transfer(
        self,
        transaction: Message,
        contract: Message,
        owner: AccountRecord,
        outcome: _Outcome,
    ) -> None:
        to, amount, world = contract.to_address, contract.amount, outcome.world
        if len(to) != ADDRESS_SIZE or to[0] != ADDRESS_PREFIX:
            raise _invalid("Invalid toAddress!")
        if to == owner.address:
            raise _invalid("Cannot transfer TRX to yourself.")
        if amount <= 0:
            raise _invalid("Amount must be greater than 0.")
        recipient = self._store.account(to)
        fee = 0
        if recipient is None:
            # Activating an account is paid in TRX, never from free bandwidth.
            parameters = self.parameters
            fee = parameters.create_account_fee + parameters.create_new_account_fee_in_system_contract
            outcome.info.receipt.net_fee = parameters.create_account_fee
            outcome.info.fee = fee
            outcome.accounts.append(AccountRecord(to, create_time=outcome.now, is_contract=False))
        elif recipient.is_contract:
            raise _invalid("Cannot transfer TRX to a smartContract.")
        else:
            self._charge_bandwidth(transaction, owner, outcome)
        if world.balance(owner.address) < amount + fee:
            raise _invalid("Validate TransferContract error, balance is not sufficient.")
        world.add_balance(owner.address, -(amount + fee))
        world.add_balance(to, amount)
        outcome.info.contractResult.append(b"")

    def _trigger(
        self,
        transaction: Message,
        contract: Message,
        owner: AccountRecord,
        outcome: _Outcome,
    ) -> None:
        if contract.call_token_value or contract.token_id:
            raise _invalid("TRC-10 tokens are not supported by this devnet")
        if self._store.contract(contract.contract_address) is None:
            raise _invalid("No contract or not a smart contract")
        self._charge_bandwidth(transaction, owner, outcome)
        energy_limit = self._energy_limit(transaction, owner, contract.call_value, outcome)
        execution = outcome.world.call(
            owner.address, contract.contract_address, contract.data, contract.call_value, energy_limit
        )
        self._charge_energy(owner, execution, outcome)

    def _create(
        self, transaction: Message, txid: bytes, contract: Message, owner: AccountRecord, outcome: _Outcome
    ) -> None:
        new = contract.new_contract
        if new.origin_address != owner.address:
            raise _invalid("OwnerAddress is not equals OriginAddress")
        if not new.bytecode:
            raise _invalid("the contract's bytecode is empty")
        if len(new.name.encode()) > 32:
            raise _invalid("contractName's length cannot be greater than 32")
        if not 0 <= new.consume_user_resource_percent <= 100:
            raise _invalid("percent must be >= 0 and <= 100")
        if new.origin_energy_limit <= 0:
            raise _invalid("The originEnergyLimit must be > 0")
        if contract.call_token_value or contract.token_id:
            raise _invalid("TRC-10 tokens are not supported by this devnet")
        address = contract_address(txid, owner.address)
        if self._store.account(address) is not None:
            raise _invalid(f"Trying to create a contract with existing contract address: {address.hex()}")
        self._charge_bandwidth(transaction, owner, outcome)
        energy_limit = self._energy_limit(transaction, owner, new.call_value, outcome)
        execution = outcome.world.create(owner.address, address, new.bytecode, new.call_value, energy_limit)
        self._charge_energy(owner, execution, outcome)
        if execution.succeeded:
            outcome.info.contract_address = address
            stored = SmartContract()
            stored.CopyFrom(new)
            stored.contract_address = address
            stored.code_hash = keccak(execution.output)
            stored.trx_hash = txid
            outcome.contract = stored
            outcome.accounts.append(AccountRecord(address, create_time=outcome.now, is_contract=True))

    # --- Stake 2.0 ----------------------------------------------------------------------------------

    def _freeze(self, transaction: Message, contract: Message, owner: AccountRecord, outcome: _Outcome) -> None:
        """FreezeBalanceV2: TRX leaves the balance into a stake for ENERGY or BANDWIDTH."""
        resource = self._stake_resource(contract.resource)
        amount = contract.frozen_balance
        if amount <= 0:
            raise _invalid("frozenBalance must be positive")
        if amount < SUN_PER_TRX:
            raise _invalid("frozenBalance must be greater than or equal to 1 TRX")
        if amount > outcome.world.balance(owner.address):
            raise _invalid("frozenBalance must be less than or equal to accountBalance")
        outcome.world.add_balance(owner.address, -amount)
        self._charge_bandwidth(transaction, owner, outcome)
        stake = self._store.stake(owner.address, resource)
        outcome.stakes.append(replace(stake, frozen=stake.frozen + amount))
        outcome.info.contractResult.append(b"")

    def _unfreeze(self, transaction: Message, contract: Message, owner: AccountRecord, outcome: _Outcome) -> None:
        """UnfreezeBalanceV2: the stake shrinks at once; the TRX waits `unfreeze_delay_days` before it can be
        withdrawn. Unfreezings already due are withdrawn on the way, as java-tron does."""
        resource = self._stake_resource(contract.resource)
        stake = self._store.stake(owner.address, resource)
        if stake.frozen <= 0:
            raise _invalid(f"no frozenBalance({resource})")
        amount = contract.unfreeze_balance
        if not 0 < amount <= stake.frozen:
            raise _invalid(f"Invalid unfreeze_balance, [{amount}] is invalid")
        due, waiting = self._split_unfreezings(owner.address, outcome.now)
        if len(waiting) >= MAX_UNFREEZINGS:
            raise _invalid("Invalid unfreeze operation, unfreezing times is over limit")
        self._charge_bandwidth(transaction, owner, outcome)
        expire_time = outcome.now + self.parameters.unfreeze_delay_days * DAY_MS
        outcome.stakes.append(replace(stake, frozen=stake.frozen - amount))
        outcome.unfreezing = (owner.address, [*waiting, Unfreezing(resource, amount, expire_time)])
        if due:
            outcome.world.add_balance(owner.address, due)
            outcome.info.withdraw_expire_amount = due
        outcome.info.contractResult.append(b"")

    def _withdraw_unfrozen(self, transaction: Message, owner: AccountRecord, outcome: _Outcome) -> None:
        """WithdrawExpireUnfreeze: unfrozen TRX whose delay is over goes back to the balance."""
        due, waiting = self._split_unfreezings(owner.address, outcome.now)
        if due <= 0:
            raise _invalid("no unFreeze balance to withdraw ")
        self._charge_bandwidth(transaction, owner, outcome)
        outcome.world.add_balance(owner.address, due)
        outcome.unfreezing = (owner.address, waiting)
        outcome.info.withdraw_expire_amount = due
        outcome.info.contractResult.append(b"")

    def _split_unfreezings(self, address: bytes, now: int) -> tuple[int, list[Unfreezing]]:
        """The sum of an account's unfreezings that are due, and those still waiting."""
        unfreezings = self._store.unfreezings(address)
        due = sum(u.amount for u in unfreezings if u.expire_time <= now)
        return due, [u for u in unfreezings if u.expire_time > now]

    @staticmethod
    def _stake_resource(code: int) -> str:
        if code not in STAKE_RESOURCES:
            raise _invalid("ResourceCode error, valid ResourceCode[BANDWIDTH、ENERGY] (this devnet has no voting)")
        return STAKE_RESOURCES[code]

    def total_weight(self, resource: str) -> int:
        """TRX staked for `resource` network-wide, in whole TRX: this chain's stakes and the nominal rest."""
        with self._lock:
            nominal = (
                self.parameters.nominal_energy_weight if resource == ENERGY else self.parameters.nominal_net_weight
            )
            return nominal + self._store.total_frozen(resource) // SUN_PER_TRX

    def total_limit(self, resource: str) -> int:
        return self.parameters.total_energy_limit if resource == ENERGY else self.parameters.total_net_limit

    def _resource_limit(self, frozen: int, resource: str) -> int:
        """What a stake gives a day: its share of the network's limit, as java-tron computes it."""
        weight = self.total_weight(resource)
        if frozen < SUN_PER_TRX or weight <= 0:
            return 0
        return int(frozen / SUN_PER_TRX * (self.total_limit(resource) / weight))

    def _resource(self, address: bytes, resource: str, now: int) -> tuple[Stake, Resource]:
        stake = self._store.stake(address, resource)
        used = _recovered(stake.used, stake.used_time, now)
        return stake, Resource(stake.frozen, self._resource_limit(stake.frozen, resource), used, stake.used_time)

    # --- resources ---------------------------------------------------------------------------------

    def _charge_bandwidth(self, transaction: Message, owner: AccountRecord, outcome: _Outcome) -> None:
        """Spend staked bandwidth on the transaction's bytes, else the free daily bandwidth, else burn TRX."""
        size = transaction.ByteSize() + RESULT_SIZE_IN_TRANSACTION
        stake, staked = self._resource(owner.address, BANDWIDTH, outcome.now)
        if staked.used + size <= staked.limit:
            outcome.info.receipt.net_usage = size
            outcome.stakes.append(replace(stake, used=staked.used + size, used_time=outcome.now))
            return
        used = _recovered(owner.free_net_used, owner.free_net_time, outcome.now)
        if used + size <= self.parameters.free_net_limit:
            outcome.info.receipt.net_usage = size
            outcome.accounts.append(replace(owner, free_net_used=used + size, free_net_time=outcome.now))
            return
        fee = size * self.parameters.transaction_fee
        if outcome.world.balance(owner.address) < fee:
            raise TransactionRejected(ResponseCode.BANDWITH_ERROR, "Account resource insufficient error.")
        outcome.world.add_balance(owner.address, -fee)
        outcome.info.receipt.net_fee = fee
        outcome.info.fee += fee

    def _energy_limit(self, transaction: Message, owner: AccountRecord, call_value: int, outcome: _Outcome) -> int:
        """Staked energy left plus what the balance (after call_value) can burn, capped by fee_limit at the fixed
        price: java-tron's fixed-ratio rule, so fee_limit bounds the energy a call may use, staked or not."""
        fee_limit = int(transaction.raw_data.fee_limit)
        if not 0 <= fee_limit <= self.parameters.max_fee_limit:
            raise _invalid(f"feeLimit must be >= 0 and <= {self.parameters.max_fee_limit}")
        balance = outcome.world.balance(owner.address)
        if call_value < 0 or balance < call_value:
            raise _invalid("Validate InternalTransfer error, balance is not sufficient.")
        price = self.parameters.energy_fee
        _, staked = self._resource(owner.address, ENERGY, outcome.now)
        left = max(staked.limit - staked.used, 0)
        return min(left + (balance - call_value) // price, fee_limit // price)

    def _charge_energy(self, owner: AccountRecord, execution: Execution, outcome: _Outcome) -> None:
        """Staked energy pays first; the rest is burned at the fixed price."""
        info = outcome.info
        stake, staked = self._resource(owner.address, ENERGY, outcome.now)
        from_stake = min(execution.energy_used, max(staked.limit - staked.used, 0))
        if from_stake:
            outcome.stakes.append(replace(stake, used=staked.used + from_stake, used_time=outcome.now))
        fee = (execution.energy_used - from_stake) * self.parameters.energy_fee
        outcome.world.add_balance(owner.address, -fee)
        info.fee += fee
        info.receipt.energy_usage = from_stake
        info.receipt.energy_usage_total = execution.energy_used
        info.receipt.energy_fee = fee
        info.receipt.result = execution.result
        info.contractResult.append(execution.output)
        for log in execution.logs:
            info.log.add(address=log.address, topics=list(log.topics), data=log.data)
        if not execution.succeeded:
            info.result = TransactionInfo.FAILED
            info.resMessage = execution.error.encode()

    def _record(self, transaction: Message, txid: bytes, outcome: _Outcome) -> None:
        try:
            state_root = outcome.world.commit()
            self._store.set_meta("state_root", state_root)
            for account in outcome.accounts:
                self._store.put_account(account)
            for stake in outcome.stakes:
                self._store.put_stake(stake)
            if outcome.unfreezing is not None:
                self._store.replace_unfreezings(*outcome.unfreezing)
            contract = outcome.contract
            if contract is not None:
                self._store.put_contract(contract.contract_address, contract.SerializeToString())
            body, info = transaction.SerializeToString(), outcome.info.SerializeToString()
            self._store.add_transaction(StoredTransaction(txid, body, info, block_number=None))
            self._store.commit()
        except BaseException:
            self._store.rollback()
            raise
        self._state_root = state_root

    # --- blocks ------------------------------------------------------------------------------------

    def mine(self, count: int = 1) -> Block:
        """Seal `count` blocks now (the pending transactions go into the first); returns the new head."""
        with self._lock:
            for _ in range(count):
                self._seal_block()
            return self._load_block(self._head_stored())

    def _seal_block(self) -> None:
        parent = self._head_stored()
        parent_time = BlockHeader.FromString(parent.header).raw_data.timestamp
        timestamp = max(_now_ms(), parent_time + 1)
        pending = self._store.block_transactions(None)
        try:
            bodies = [t.body for t in pending]
            self._append_block(parent.number + 1, parent.id, timestamp, bodies, self._state_root)
            for stored in pending:
                info = TransactionInfo.FromString(stored.info)
                info.blockNumber = parent.number + 1
                info.blockTimeStamp = timestamp
                self._store.include_transaction(stored.id, parent.number + 1, info.SerializeToString())
            self._store.commit()
        except BaseException:
            self._store.rollback()
            raise

    def _append_block(
        self, number: int, parent_id: bytes, timestamp: int, transactions: list[bytes], state_root: bytes
    ) -> None:
        raw = BlockHeaderRaw(
            timestamp=timestamp,
            txTrieRoot=_merkle_root(transactions),
            parentHash=parent_id,
            number=number,
            witness_address=self.witness_address,
            version=BLOCK_VERSION,
            accountStateRoot=state_root,
        )
        digest = hashlib.sha256(raw.SerializeToString()).digest()
        signature = self._witness_key.sign_msg_hash(digest).to_bytes()
        header = BlockHeader(raw_data=raw, witness_signature=signature)
        # A block ID is the header hash with its first 8 bytes replaced by the block number.
        block_id = number.to_bytes(8, "big") + digest[8:]
        self._store.add_block(StoredBlock(number, block_id, header.SerializeToString()))

    def _create_genesis(self, genesis_key: bytes | None, balance: int) -> None:
        if genesis_key is None:
            genesis_key = self.generated_genesis_key = PrivateKey(secrets.token_bytes(32)).to_bytes()
        genesis_address = self._address_of_key(genesis_key)
        witness_key = PrivateKey(secrets.token_bytes(32))
        self.witness_address = self._address_of_key(witness_key.to_bytes())
        self._witness_key = witness_key
        now = _now_ms()
        context = BlockContext(0, now, self.witness_address, 0, self.parameters.energy_fee, lambda: ())
        world = WorldState(self._db, BLANK_ROOT_HASH, context)
        world.add_balance(genesis_address, balance)
        state_root = world.commit()
        self._store.put_account(AccountRecord(genesis_address, create_time=now, is_contract=False))
        self._store.set_meta("genesis_address", genesis_address)
        # The block producer's key signs blocks only; it holds no TRX.
        self._store.set_meta("witness_key", witness_key.to_bytes())
        self._store.set_meta("state_root", state_root)
        self._append_block(0, b"\0" * 32, now, [], state_root)
        self._store.commit()

    # --- queries -----------------------------------------------------------------------------------

    def head(self) -> Block:
        with self._lock:
            return self._load_block(self._head_stored())

    def block(self, number: int) -> Block | None:
        with self._lock:
            stored = self._store.block_by_number(number)
            return self._load_block(stored) if stored else None

    def block_by_id(self, block_id: bytes) -> Block | None:
        with self._lock:
            stored = self._store.block_by_id(block_id)
            return self._load_block(stored) if stored else None

    def transaction(self, txid: bytes, *, solidified: bool = False) -> Message | None:
        """A transaction the node took, with its contract result: from its broadcast on (a full node answers for
        its pending ones too), or only once a block holds it when `solidified`."""
        with self._lock:
            stored = self._store.transaction(txid)
            if stored is None or (solidified and stored.block_number is None):
                return None
            return self._with_result(stored)

    def transaction_info(self, txid: bytes) -> Message | None:
        """The receipt, once a block holds the transaction."""
        with self._lock:
            stored = self._store.transaction(txid)
            if stored is None or stored.block_number is None:
                return None
            return TransactionInfo.FromString(stored.info)

    def block_transaction_infos(self, number: int) -> list[Message]:
        with self._lock:
            return [TransactionInfo.FromString(t.info) for t in self._store.block_transactions(number)]

    def account(self, address: bytes) -> Account | None:
        with self._lock:
            record = self._store.account(address)
            if record is None:
                return None
            now = _now_ms()
            return Account(
                address=address,
                balance=self._world().balance(address),
                create_time=record.create_time,
                is_contract=record.is_contract,
                free_net_used=_recovered(record.free_net_used, record.free_net_time, now),
                latest_consume_free_time=record.free_net_time,
                energy=self._resource(address, ENERGY, now)[1],
                bandwidth=self._resource(address, BANDWIDTH, now)[1],
                unfreezing=self._store.unfreezings(address),
            )

    def smart_contract(self, address: bytes) -> Message | None:
        with self._lock:
            body = self._store.contract(address)
            return SmartContract.FromString(body) if body else None

    def runtime_code(self, address: bytes) -> bytes:
        with self._lock:
            return self._world().code(address)

    def constant_call(self, owner: bytes, contract: bytes, data: bytes, call_value: int = 0) -> Execution:
        """Run a call on the current state and throw its changes away (triggerconstantcontract)."""
        with self._lock:
            if self._store.contract(contract) is None:
                raise _invalid("No contract or not a smart contract")
            world = self._world()
            if not 0 <= call_value <= world.balance(owner):
                raise _invalid("Validate InternalTransfer error, balance is not sufficient.")
            return world.call(owner, contract, data, call_value, CONSTANT_CALL_ENERGY)

    # --- internals ---------------------------------------------------------------------------------

    def _meta(self, key: str) -> bytes:
        value = self._store.get_meta(key)
        if value is None:
            raise RuntimeError(f"the devnet state has no {key!r}; is it a Tron devnet database?")
        return value

    @staticmethod
    def _address_of_key(private_key: bytes) -> bytes:
        return address_of_public_key(PrivateKey(private_key).public_key.to_bytes())

    def _head_stored(self) -> StoredBlock:
        head = self._store.head_block()
        assert head is not None, "a devnet always has its genesis block"
        return head

    def _pending_block_context(self) -> BlockContext:
        head = self._head_stored()
        return BlockContext(
            number=head.number + 1,
            timestamp_ms=_now_ms(),
            witness=self.witness_address,
            chain_id=self.chain_id,
            energy_price=self.parameters.energy_fee,
            recent_block_ids=lambda: self._store.block_ids_descending(head.number, BLOCKHASH_DEPTH),
        )

    def _world(self) -> WorldState:
        return WorldState(self._db, self._state_root, self._pending_block_context())

    def _load_block(self, stored: StoredBlock) -> Block:
        transactions = [self._with_result(t) for t in self._store.block_transactions(stored.number)]
        return Block(stored.number, stored.id, BlockHeader.FromString(stored.header), transactions)

    @staticmethod
    def _with_result(stored: StoredTransaction) -> Message:
        transaction = Transaction.FromString(stored.body)
        result = TransactionInfo.FromString(stored.info).receipt.result
        # A TRX transfer runs no contract code, so its receipt has no result: the node reports SUCCESS.
        transaction.ret.add(contractRet=result or "SUCCESS")
        return transaction
