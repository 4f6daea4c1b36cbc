"""The Redis broker transport, with one guard against a crash when the broker drops.

When the connection to Redis breaks, Celery's consumer collects and then closes the broken connection before it
reconnects. Collecting drops the transport's client; the close can still reach a channel that restores its unacked
messages through a client built from that dropped client's URL, and `_connparams` fails with `'NoneType' object has
no attribute 'hostname'`: an AttributeError, which neither the close (`ignore_errors`) nor an ack (`ack_log_error`)
treats as a connection error, so the worker exits with "Unrecoverable error". Raising Redis's own connection error
there instead lets kombu skip the restore as it would with the broker down (the messages stay in Redis's unacked
hash and come back after the visibility timeout) and the consumer reconnects. Reproduced with Redis restarted under
load (`tests/faults/test_broker_down.py`)."""

from typing import Any

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class _GuardedChannel(kombu_redis.Channel):
    def _connparams(self, asynchronous: bool = False) -> dict[str, Any]:
        if self.connection is None or self.connection.client is None:
            raise RedisConnectionError("the broker connection is already closed")
        params: dict[str, Any] = super()._connparams(asynchronous=asynchronous)  # type: ignore[no-untyped-call]
        return params


class GuardedRedisTransport(kombu_redis.Transport):
    Channel = _GuardedChannel


def transport_for(broker_url: str) -> type[GuardedRedisTransport] | None:
    """The transport class for a broker URL, or None for kombu's choice from the URL's scheme."""
    return GuardedRedisTransport if broker_url.startswith(("redis://", "rediss://")) else None
