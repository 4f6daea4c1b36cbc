"""What the minter has left to pay for mints with: TRX and staked energy on Tron, for /healthz and /metrics.

Read at most once per `chain_health_ttl_seconds` per process (health checks are frequent, nodes may rate-limit),
and a warning is logged when the TRX balance is under `tron_min_trx`, before payouts start failing.
"""

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from prometheus_client import Gauge

from chain.errors import ChainError
from chain.network import Network
from chain.tron import SUN_PER_TRX, TronClient
from core.logging import get_logger
from core.settings import Settings
from wallets.keystore import Chain, KeyStore, address_of

log = get_logger(__name__)
MINTER_TRX = Gauge("laurel_minter_trx", "TRX held by the Tron minter (burned for energy when no stake is left)")
MINTER_ENERGY = Gauge("laurel_minter_energy", "Staked energy the Tron minter has left today")
MINTER_LOW = Gauge("laurel_minter_low", "1 when the Tron minter holds less TRX than LAUREL_TRON_MIN_TRX")


@dataclass(frozen=True)
class MinterStatus:
    chain: str
    address: str
    ok: bool
    trx: float | None = None
    energy_left: int | None = None
    energy_limit: int | None = None
    warning: str | None = None


_cache: dict[str, tuple[float, MinterStatus]] = {}
_lock = threading.Lock()


def tron_minter_address(settings: Settings, keystore: KeyStore) -> str:
    key = settings.tron_minter_key
    private_key = bytes.fromhex(key.get_secret_value().removeprefix("0x")) if key else keystore.treasury_key(Chain.TRON)
    return address_of(Chain.TRON, private_key)


def minter_statuses(settings: Settings, keystore: KeyStore, networks: Mapping[str, Network]) -> list[MinterStatus]:
    network = networks.get("tron")
    if network is None or not isinstance(network.client, TronClient):
        return []
    now = time.monotonic()
    with _lock:
        cached = _cache.get(network.rpc_url)
        if cached is not None and now - cached[0] < settings.chain_health_ttl_seconds:
            return [cached[1]]
    status = _tron_status(settings, network.client, tron_minter_address(settings, keystore))
    with _lock:
        _cache[network.rpc_url] = (now, status)
    return [status]


def _tron_status(settings: Settings, client: TronClient, address: str) -> MinterStatus:
    try:
        resources = client.resources(address)
    except ChainError as exc:
        return MinterStatus(chain="tron", address=address, ok=False, warning=exc.detail)
    trx = resources.balance_sun / SUN_PER_TRX
    MINTER_TRX.set(trx)
    MINTER_ENERGY.set(resources.energy_left)
    low = trx < settings.tron_min_trx
    MINTER_LOW.set(1 if low else 0)
    warning = None
    if low:
        warning = f"the Tron minter {address} holds {trx:,.2f} TRX, under LAUREL_TRON_MIN_TRX={settings.tron_min_trx:g}"
        log.warning("minter running dry", chain="tron", address=address, trx=trx, threshold=settings.tron_min_trx)
    return MinterStatus(
        chain="tron",
        address=address,
        ok=not low,
        trx=trx,
        energy_left=resources.energy_left,
        energy_limit=resources.energy_limit,
        warning=warning,
    )
