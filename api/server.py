"""How the API runs: one uvicorn process, or N of them under gunicorn's supervision.

uvicorn's own `--workers` starts every process fresh (spawn): each imports the whole application again before it
answers the supervisor's health pings, and on a busy machine an import longer than the 5 s ping timeout gets the
process killed and started again, in a loop (57 s to the first answer with two processes on two cores). Here the
application is imported once, migrations run once, and gunicorn forks the processes from it ready to serve
(`preload_app`); each opens its own database pool and threads in the app's lifespan, after the fork.
"""

from typing import Any

import uvicorn
from fastapi import FastAPI
from gunicorn.app.base import BaseApplication

# A process gets this long between heartbeats (its lifespan start-up included) before gunicorn replaces it.
WORKER_TIMEOUT_S = 120


class _Processes(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: FastAPI, options: dict[str, Any]) -> None:
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for name, value in self._options.items():
            self.cfg.set(name, value)

    def load(self) -> FastAPI:
        return self._app


def serve_api(app: FastAPI, *, host: str, port: int, workers: int) -> None:
    """Serve `app` until stopped (SIGINT or SIGTERM), in `workers` processes sharing one listening socket."""
    if workers <= 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        return
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    options = {
        "bind": bind,
        "workers": workers,
        "worker_class": "uvicorn_worker.UvicornWorker",
        "preload_app": True,
        "timeout": WORKER_TIMEOUT_S,
        "graceful_timeout": 30,
        "loglevel": "warning",
        "accesslog": None,
    }
    _Processes(app, options).run()
