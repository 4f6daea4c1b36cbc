"""Every operator mistake on the command line ends in one clear line and a non-zero exit, never a traceback."""

import fcntl
import secrets
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api import cli
from chain.tron_devnet import TronDevnet, state_path
from core import migrate
from core.db import engine_from_settings
from core.settings import Settings
from tests.conftest import free_port
from wallets.keystore import KeyStore, MasterKey

KEY = secrets.token_hex(32)


def run(data_dir: Path, *args: str, **env: str) -> tuple[int, str]:
    environment = {"LAUREL_DATA_DIR": str(data_dir), "LAUREL_MASTER_KEY": KEY, "COLUMNS": "300", **env}
    result = CliRunner().invoke(cli.app, list(args), env=environment)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output.strip()


def sealed_data_dir(tmp_path: Path) -> Path:
    """A data dir whose SQLite database holds a seed sealed under KEY."""
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    engine = engine_from_settings(Settings(data_dir=data_dir, master_key=KEY))
    migrate.upgrade(engine)
    KeyStore(MasterKey.from_text(KEY, passphrase=False), engine).seed()
    engine.dispose()
    return data_dir


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (["migrate"], {"LAUREL_HEARTBEAT_SECONDS": "-1"}, "LAUREL_HEARTBEAT_SECONDS: Input should be greater than 0"),
        (["serve"], {"LAUREL_MASTER_KEY": "not-a-key!"}, "LAUREL_MASTER_KEY is neither hex nor base64"),
        (["worker"], {"LAUREL_MASTER_KEY": secrets.token_hex(32)}, "the configured master key does not open"),
        (
            ["migrate"],
            {"LAUREL_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none"},
            "cannot use the database 127.0.0.1:",
        ),
    ],
    ids=["bad-setting", "malformed-key", "wrong-key", "database-unreachable"],
)
def test_a_bad_setting_or_key_is_one_line_and_exit_1(
    tmp_path: Path, args: list[str], env: dict[str, str], says: str
) -> None:
    code, output = run(sealed_data_dir(tmp_path), *args, **env)
    assert code == 1
    assert says in output and len(output.splitlines()) == 1


def test_laurel_up_on_a_data_dir_another_laurel_up_holds_is_refused(tmp_path: Path) -> None:
    data_dir = sealed_data_dir(tmp_path)
    with (data_dir / "laurel-up.lock").open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242\n")
        held.flush()
        code, output = run(
            data_dir,
            "up",
            "--port",
            str(free_port()),
            LAUREL_EVM_DEVNET_PORT=str(free_port()),
            LAUREL_TRON_DEVNET_PORT=str(free_port()),
        )
    assert code == 1 and len(output.splitlines()) == 1
    assert f"the data dir {data_dir} is in use by another `laurel up` (pid 4242)" in output


def test_a_tron_devnet_on_a_data_dir_holding_another_chain_is_one_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    TronDevnet(bytes.fromhex(secrets.token_hex(32)), 3, state_path(data_dir)).close()

    code, output = run(data_dir, "devnet", "tron", "--port", str(free_port()), "--genesis-key", secrets.token_hex(32))

    assert code == 1 and len(output.splitlines()) == 1
    assert "has another genesis account than the given key's" in output and "another LAUREL_DATA_DIR" in output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["devnet", "tron", "--genesis-key", "zz"], "not a hex private key"),
        (["devnet", "tron", "--genesis-key", "abcd"], "a private key is 32 bytes"),
        (["contracts", "deploy"], "give --rpc-url or set LAUREL_EVM_RPC_URL"),
        (["tron", "stake", "--amount", "0"], "--amount"),
        (["up", "--port", "many"], "--port"),
        (["no-such-command"], "No such command"),
    ],
)
def test_bad_arguments_are_usage_errors_naming_the_argument(tmp_path: Path, args: list[str], says: str) -> None:
    code, output = run(tmp_path / "var", *args)
    assert code == 2 and says in output
