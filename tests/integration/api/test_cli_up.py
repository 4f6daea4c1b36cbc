"""`laurel up` refuses, before starting anything, a port that is already taken, and says which setting moves it."""

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api import cli
from tests.conftest import free_port


@pytest.mark.parametrize("taken", ["api", "evm", "tron"])
def test_up_names_the_port_already_in_use_and_starts_nothing(
    taken: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ports = {"api": free_port(), "evm": free_port(), "tron": free_port()}
    monkeypatch.setenv("LAUREL_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("LAUREL_EVM_DEVNET_PORT", str(ports["evm"]))
    monkeypatch.setenv("LAUREL_TRON_DEVNET_PORT", str(ports["tron"]))
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", ports[taken]))
        holder.listen()
        result = CliRunner().invoke(cli.app, ["up", "--port", str(ports["api"])])

    assert result.exit_code == 1
    assert f"127.0.0.1:{ports[taken]} is already in use" in result.output
    setting = {"api": "--port", "evm": "LAUREL_EVM_DEVNET_PORT", "tron": "LAUREL_TRON_DEVNET_PORT"}[taken]
    assert setting in result.output
    assert not (tmp_path / "var").exists()  # nothing was set up
