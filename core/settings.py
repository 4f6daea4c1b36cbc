"""All configuration in one object, read from `LAUREL_*` environment variables (or a `.env` file)."""

from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.outbound import parse_networks


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LAUREL_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("./var"), description="Local state: SQLite database, master key file, devnets.")
    database_url: str = Field("", description="SQLAlchemy URL; empty means SQLite under data_dir.")
    admin_token: SecretStr | None = Field(None, description="Bearer token allowed to create tenants.")
    master_key: SecretStr | None = Field(None, description="32-byte key (hex or base64) sealing the HD seed.")
    master_passphrase: SecretStr | None = Field(None, description="Passphrase turned into the key by scrypt.")
    auto_migrate: bool = True
    log_level: str = "INFO"
    log_json: bool = False
    redis_url: str = Field("", description="Redis for leaderboards (and the broker); empty: the database only.")
    redis_prefix: str = Field("laurel", description="Prefix of every Redis key, so stacks can share a Redis.")
    public_url: str = Field("", description="Base URL of links handed to members; else the request's own.")
    db_pool_size: int = Field(10, ge=1, le=200)
    max_batch_events: int = Field(1000, ge=1, le=10_000)
    max_batch_payouts: int = Field(1000, ge=1, le=10_000, description="Most payouts in one POST /v1/payouts/batch.")
    max_event_bytes: int = Field(32_768, ge=256, description="Largest accepted event `properties`, as JSON.")
    max_expression_length: int = Field(2_000, ge=16)
    # Console sign-in: failed attempts allowed per window, per client address and per API key tried.
    signin_failures_per_address: int = Field(20, ge=1, description="Failed console sign-ins from one address.")
    signin_failures_per_account: int = Field(5, ge=1, description="Failed console sign-ins with one API key id.")
    signin_window_seconds: float = Field(900.0, gt=0, description="The window those counts cover.")
    # Email to members and staff; unset: no email is sent (invitation links are only returned by the API).
    smtp_url: SecretStr | None = Field(
        None,
        description="smtp://[user:password@]host:port (smtps:// for TLS, ?starttls=1 to upgrade); unset: no email.",
    )
    smtp_from: str = Field("Laurel <laurel@localhost>", description="The From address of every email.")
    email_batch_seconds: float = Field(
        300.0, ge=0, description="Points earned within this window reach a member as one email."
    )
    # Request rate limits (fixed windows, counted in Redis when configured, else in the database); 0: no limit.
    rate_limit_per_key: int = Field(0, ge=0, description="Requests one API key may make per window; 0: unlimited.")
    rate_limit_per_tenant: int = Field(0, ge=0, description="Requests all of a tenant's keys may make per window.")
    rate_limit_window_seconds: int = Field(60, ge=1, le=86_400, description="The window those limits cover.")
    key_last_used_resolution_seconds: float = Field(
        60.0, ge=0, description="An API key's `last_used_at` is written at most this often per API process."
    )
    # Events acknowledged with 202 (`Prefer: respond-async`): each API process evaluates them under a lease.
    pending_event_lease_seconds: float = Field(
        10.0, gt=0, description="A process's claim on pending events; a killed one's are taken over after it."
    )
    pending_event_poll_seconds: float = Field(
        0.5, gt=0, description="How often each API process looks for pending events it was not nudged about."
    )

    # Queue (worker/). Empty broker_url: Redis when redis_url is set, else a SQLite broker under data_dir.
    broker_url: str = ""
    broker_prefix: str = Field("", description="Key prefix on a shared Redis broker.")
    # EVM chain. Empty evm_rpc_url: no EVM chain (`laurel up` fills it with its own anvil).
    evm_rpc_url: str = ""
    evm_chain_id: int | None = Field(None, description="Expected chain id; the node's answer when empty.")
    evm_token_address: str = Field("", description="RewardToken address; else the one `laurel up` deployed.")
    evm_badge_address: str = ""
    evm_anchor_address: str = Field("", description="BalanceAnchor address; else the one `laurel up` deployed.")
    evm_token_decimals: int = Field(18, ge=0, le=36)
    evm_explorer_url: str = Field("", description="e.g. https://sepolia.etherscan.io; links are <url>/tx/<hash>.")
    evm_minter_key: SecretStr | None = Field(None, description="Minter key; else derived from the HD seed.")
    evm_minter_lanes: int = Field(
        1,
        ge=1,
        le=16,
        description="EVM minter keys sending payout batches in parallel, each with its own nonces: the minter key "
        "and lanes derived from the HD seed (each needs MINTER_ROLE and ETH; `laurel up` grants and funds them).",
    )
    evm_min_eth: float = Field(0.05, ge=0, description="Health is degraded when the minter holds less ETH for gas.")
    evm_confirmations: int = Field(2, ge=1, le=100)
    evm_max_fee_gwei: float = Field(200.0, gt=0, description="Cap on maxFeePerGas, re-pricing included.")
    evm_max_priority_fee_gwei: float = Field(5.0, gt=0)
    evm_stuck_after_seconds: float = Field(60.0, gt=0, description="Re-price a transaction unmined this long.")
    evm_devnet_port: int = 8545
    evm_devnet_block_time: float = Field(1.0, ge=0, description="anvil's block interval under `laurel up`.")
    evm_devnet_gas_limit: int | None = Field(
        None, ge=1_000_000, description="anvil's block gas limit under `laurel up`; empty: anvil's own (30M)."
    )
    # Tron chain. Empty tron_full_node_url: no Tron chain (`laurel up` fills it with its own devnet).
    tron_full_node_url: str = Field("", description="Full node HTTP API, e.g. https://nile.trongrid.io.")
    tron_api_key: SecretStr | None = Field(None, description="TronGrid key, sent as the TRON-PRO-API-KEY header.")
    tron_token_address: str = Field("", description="RewardToken (TRC-20) address; else the one `laurel up` deployed.")
    tron_badge_address: str = ""
    tron_anchor_address: str = Field("", description="BalanceAnchor address; else the one `laurel up` deployed.")
    tron_token_decimals: int = Field(18, ge=0, le=36)
    tron_explorer_url: str = Field("", description="e.g. https://nile.tronscan.org/#: <url>/transaction/<id>.")
    tron_minter_key: SecretStr | None = Field(None, description="Minter key; else derived from the HD seed.")
    tron_fee_limit_sun: int = Field(1_000_000_000, gt=0, description="Most one transaction may spend on energy.")
    tron_max_energy_price_sun: int = Field(1_000, gt=0, description="Wait rather than pay more per unit of energy.")
    tron_expiration_seconds: float = Field(600.0, ge=10, le=86_400, description="Lifetime of signed bytes.")
    tron_min_trx: float = Field(100.0, ge=0, description="Health is degraded when the minter holds less TRX.")
    tron_min_energy: int = Field(
        500_000, ge=0, description="Health warns when a staking minter has less energy left today (mints burn TRX)."
    )
    tron_devnet_port: int = 8090
    tron_devnet_block_interval: float = Field(1.0, ge=0, description="The devnet's block interval under `laurel up`.")
    tron_devnet_stake_trx: float = Field(
        1_000_000, ge=0, description="TRX `laurel up` keeps staked for energy by the minter on its own Tron devnet."
    )
    tron_batch_size: int | None = Field(
        None, ge=1, le=1000, description="Most recipients in one Tron mintBatch; empty: what the fee limit pays for."
    )
    chain_health_ttl_seconds: float = Field(
        15.0, gt=0, description="How often the API refreshes, in the background, the chain state /healthz shows."
    )
    supervisor_backoff_seconds: float = Field(
        1.0, gt=0, description="`laurel up`: the first pause before restarting a dead process; doubles each time."
    )
    supervisor_max_failures: int = Field(
        5, ge=1, description="`laurel up`: deaths of one process within 5 minutes after which the stack stops."
    )
    heartbeat_seconds: float = Field(5.0, gt=0, description="How often a worker records that it is alive.")
    # Payouts.
    payout_batch_size: int = Field(
        1000, ge=1, le=5000, description="Most recipients in one mint batch (EVM: never more than fit a block)."
    )
    payout_interval_seconds: float = Field(2.0, gt=0, description="How often beat advances payouts.")
    chain_lease_seconds: float = Field(30.0, gt=0, description="A worker's claim on a transaction or a sweep.")
    withdrawal_daily_limit: int = Field(100_000, ge=0, description="Points per member per UTC day to outside.")
    reconcile_interval_seconds: float = Field(600.0, gt=0)
    auto_payout_interval_seconds: float = Field(3600.0, gt=0, description="How often automatic payouts run.")
    anchor_interval_seconds: float = Field(3600.0, gt=0, description="How often balances are anchored on chain.")
    anchor_grace_seconds: float = Field(
        600.0, gt=0, description="/healthz reports an epoch no chain confirmed within this long as unanchored."
    )
    webhook_interval_seconds: float = Field(2.0, gt=0, description="How often beat sweeps the webhook outbox.")
    webhook_max_backoff_seconds: float = Field(
        3600.0, gt=0, description="Longest pause between two attempts at a webhook delivery (doubling from 2 s)."
    )
    allow_http_webhooks: bool = Field(False, description="Accept plain-http webhook URLs (local development).")
    webhook_allow_networks: str = Field(
        "", description="Comma-separated private networks webhooks may reach (on-premises receivers), e.g. 10.8.0.0/16."
    )

    @field_validator("webhook_allow_networks")
    @classmethod
    def _networks(cls, value: str) -> str:
        parse_networks(value)
        return value

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @cached_property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'laurel.db'}"

    @property
    def effective_broker_url(self) -> str:
        if self.broker_url:
            return self.broker_url
        if self.redis_url:
            return self.redis_url
        return f"sqla+sqlite:///{self.data_dir / 'broker.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")
