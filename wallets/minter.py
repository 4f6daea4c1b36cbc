"""What the minters have left to pay for mints with (ETH on EVM; TRX and staked energy on Tron), for /healthz and
/metrics; and staking the Tron minter's TRX for energy (`laurel tron stake`, and `laurel up`'s devnet).

Read at most once per `chain_health_ttl_seconds` per process (health checks are frequent, nodes may rate-limit),
and a warning is logged when the balance is under `evm_min_eth` / `tron_min_trx`, before payouts start failing, or
when a staking Tron minter has less than `tron_min_energy` left today (mints then burn TRX).
"""

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from prometheus_client import Gauge

from chain.errors import ChainError
from chain.evm import EvmClient
from chain.network import Network
from chain.tron import SUN_PER_TRX, Resources, TronClient
from core.logging import get_logger
from core.settings import Settings
from wallets.keystore import Chain, KeyStore, address_of

log = get_logger(__name__)
WEI_PER_ETH = 10**18
MINTER_TRX = Gauge("laurel_minter_trx", "TRX held by the Tron minter (burned for energy when no stake is left)")
MINTER_ENERGY = Gauge("laurel_minter_energy", "Staked energy the Tron minter has left today")
MINTER_STAKED = Gauge("laurel_minter_staked_trx", "TRX the Tron minter has staked for energy (Stake 2.0)")
MINTER_ENERGY_LIMIT = Gauge("laurel_minter_energy_limit", "Energy a day the Tron minter's stake gives")
MINTER_ETH = Gauge("laurel_minter_eth", "ETH held by the EVM minter to pay gas with")
MINTER_LOW = Gauge(
    "laurel_minter_low", "1 when a minter holds less than LAUREL_EVM_MIN_ETH / LAUREL_TRON_MIN_TRX", ["chain"]
)


@dataclass(frozen=True)
class MinterStatus:
    chain: str
    address: str
    ok: bool
    eth: float | None = None
    trx: float | None = None
    energy_left: int | None = None
    energy_limit: int | None = None
    staked_trx: float | None = None
    """TRX frozen for energy, which gives `energy_limit` a day; mints burn TRX only beyond `energy_left`."""
    unstaking_trx: float | None = None
    warning: str | None = None


_cache: dict[str, tuple[float, MinterStatus]] = {}
_lock = threading.Lock()


def minter_key(settings: Settings, keystore: KeyStore, chain: Chain) -> bytes:
    """The chain's minter key: LAUREL_<CHAIN>_MINTER_KEY when set, else the treasury key of the HD seed."""
    configured = settings.evm_minter_key if chain is Chain.EVM else settings.tron_minter_key
    if configured is None:
        return keystore.treasury_key(chain)
    return bytes.fromhex(configured.get_secret_value().removeprefix("0x"))


def minter_keys(settings: Settings, keystore: KeyStore, chain: Chain) -> list[bytes]:
    """Every key that mints on the chain, one per lane (LAUREL_EVM_MINTER_LANES; Tron has one): the minter key,
    then lane keys derived from the HD seed. Each lane has its own nonce sequence, so batches of different lanes
    are signed and sent without waiting on each other; every lane key needs MINTER_ROLE and coins for gas."""
    lanes = settings.evm_minter_lanes if chain is Chain.EVM else 1
    return [minter_key(settings, keystore, chain)] + [keystore.minter_lane_key(chain, n) for n in range(1, lanes)]


def minter_address(settings: Settings, keystore: KeyStore, chain: Chain) -> str:
    return address_of(chain, minter_key(settings, keystore, chain))


def stake_minter_trx(
    settings: Settings, keystore: KeyStore, client: TronClient, trx: float, resource: str = "ENERGY"
) -> Resources:
    """Freeze `trx` of the minter's TRX for `resource` and wait for it; returns the minter's resources after."""
    key = minter_key(settings, keystore, Chain.TRON)
    client.stake(key, int(trx * SUN_PER_TRX), resource)
    return _fresh_resources(client, key)


def unstake_minter_trx(
    settings: Settings, keystore: KeyStore, client: TronClient, trx: float, resource: str = "ENERGY"
) -> Resources:
    """Unfreeze `trx` of the minter's stake; the TRX can be withdrawn after the network's unfreeze delay."""
    key = minter_key(settings, keystore, Chain.TRON)
    client.unstake(key, int(trx * SUN_PER_TRX), resource)
    return _fresh_resources(client, key)


def _fresh_resources(client: TronClient, key: bytes) -> Resources:
    """The minter's resources now; health reads them afresh too, instead of its cached status."""
    with _lock:
        _cache.clear()
    return client.resources(address_of(Chain.TRON, key))


def top_up_minter_stake(settings: Settings, keystore: KeyStore, client: TronClient, target_trx: float) -> Resources:
    """Stake for energy whatever the minter lacks to have `target_trx` staked (the devnet bootstrap of `laurel up`);
    nothing when it already has that much."""
    resources = client.resources(minter_address(settings, keystore, Chain.TRON))
    missing = int(target_trx * SUN_PER_TRX) - resources.energy_staked_sun
    if missing < SUN_PER_TRX:
        return resources
    return stake_minter_trx(settings, keystore, client, missing / SUN_PER_TRX)


def minter_statuses(settings: Settings, keystore: KeyStore, networks: Mapping[str, Network]) -> list[MinterStatus]:
    """Each configured chain's minter: what it holds to pay for mints, and a warning when that runs low."""
    statuses = []
    for network in networks.values():
        if isinstance(network.client, TronClient):
            read = partial(_tron_status, settings, network.client, minter_address(settings, keystore, Chain.TRON))
        elif isinstance(network.client, EvmClient):
            read = partial(_evm_status, settings, network.client, minter_address(settings, keystore, Chain.EVM))
        else:
            continue
        statuses.append(_cached(settings, network.rpc_url, read))
    return statuses


def _cached(settings: Settings, rpc_url: str, read: Callable[[], MinterStatus]) -> MinterStatus:
    now = time.monotonic()
    with _lock:
        cached = _cache.get(rpc_url)
        if cached is not None and now - cached[0] < settings.chain_health_ttl_seconds:
            return cached[1]
    status = read()
    with _lock:
        _cache[rpc_url] = (now, status)
    return status


def _evm_status(settings: Settings, client: EvmClient, address: str) -> MinterStatus:
    try:
        eth = client.native_balance(address) / WEI_PER_ETH
    except ChainError as exc:
        return MinterStatus(chain="evm", address=address, ok=False, warning=exc.detail)
    MINTER_ETH.set(eth)
    low = eth < settings.evm_min_eth
    MINTER_LOW.labels(chain="evm").set(1 if low else 0)
    warning = None
    if low:
        warning = f"the EVM minter {address} holds {eth:,.4f} ETH, under LAUREL_EVM_MIN_ETH={settings.evm_min_eth:g}"
        log.warning("minter running dry", chain="evm", address=address, eth=eth, threshold=settings.evm_min_eth)
    return MinterStatus(chain="evm", address=address, ok=not low, eth=eth, warning=warning)


def _tron_status(settings: Settings, client: TronClient, address: str) -> MinterStatus:
    try:
        resources = client.resources(address)
    except ChainError as exc:
        return MinterStatus(chain="tron", address=address, ok=False, warning=exc.detail)
    trx = resources.balance_sun / SUN_PER_TRX
    staked = resources.energy_staked_sun / SUN_PER_TRX
    MINTER_TRX.set(trx)
    MINTER_ENERGY.set(resources.energy_left)
    MINTER_STAKED.set(staked)
    MINTER_ENERGY_LIMIT.set(resources.energy_limit)
    low = trx < settings.tron_min_trx
    MINTER_LOW.labels(chain="tron").set(1 if low else 0)
    warning = None
    if low:
        warning = f"the Tron minter {address} holds {trx:,.2f} TRX, under LAUREL_TRON_MIN_TRX={settings.tron_min_trx:g}"
        log.warning("minter running dry", chain="tron", address=address, trx=trx, threshold=settings.tron_min_trx)
    elif resources.energy_limit and resources.energy_left < settings.tron_min_energy:
        # Not an outage: mints go on, burning TRX for the energy the stake no longer covers today.
        warning = (
            f"the Tron minter {address} has {resources.energy_left:,} staked energy left today, under "
            f"LAUREL_TRON_MIN_ENERGY={settings.tron_min_energy:,}: mints burn TRX until it recovers; stake more"
        )
        log.warning("minter energy low", chain="tron", address=address, energy_left=resources.energy_left)
    return MinterStatus(
        chain="tron",
        address=address,
        ok=not low,
        trx=trx,
        energy_left=resources.energy_left,
        energy_limit=resources.energy_limit,
        staked_trx=staked,
        unstaking_trx=resources.unfreezing_sun / SUN_PER_TRX,
        warning=warning,
    )
