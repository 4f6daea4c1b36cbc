"""Regenerate the SDKs from the app's OpenAPI document: `make clients` (or `python clients/generate.py [OUT]`).

The document is exported with the app factory (no server, no database), written to `openapi.json`, and fed to
openapi-python-client (run by uv at a pinned version: its own pins clash with the app's) and openapi-typescript
(package.json). With OUT, everything is written under OUT instead of beside this file: the staleness test compares.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON_GENERATOR = "openapi-python-client==0.29.1"
PYTHON_PACKAGE = "laurel_api"
GENERATED = (
    Path("openapi.json"),
    Path("python") / PYTHON_PACKAGE,
    Path("typescript") / "src" / "schema.d.ts",
)
GENERATOR_CONFIG = {"package_name_override": PYTHON_PACKAGE, "project_name_override": "laurel-api", "post_hooks": []}


def openapi_document() -> dict[str, object]:
    """The document the app serves at /openapi.json, built without starting anything."""
    sys.path.insert(0, str(ROOT))
    from api.app import create_app
    from core.settings import Settings

    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(data_dir=Path(data_dir), master_key="00" * 32, admin_token="unused")  # noqa: S106
        return create_app(settings).openapi()


def generate(out: Path) -> None:
    document = out / "openapi.json"
    document.parent.mkdir(parents=True, exist_ok=True)
    document.write_text(json.dumps(openapi_document(), indent=2, sort_keys=True, ensure_ascii=False) + "\n")

    package = out / "python" / PYTHON_PACKAGE
    shutil.rmtree(package, ignore_errors=True)
    with tempfile.NamedTemporaryFile("w", suffix=".json") as config:
        json.dump(GENERATOR_CONFIG, config)
        config.flush()
        uv = Path(sys.executable).parent / "uv"
        generator = [str(uv), "tool", "run", "--quiet", "--from", PYTHON_GENERATOR, "openapi-python-client"]
        options = ["--meta", "none", "--config", config.name, "--overwrite"]
        subprocess.run(  # noqa: S603 (pinned programs, arguments of our own)
            [*generator, "generate", "--path", str(document), "--output-path", str(package), *options],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )

    schema = out / "typescript" / "src" / "schema.d.ts"
    schema.parent.mkdir(parents=True, exist_ok=True)
    typescript = str(ROOT / "node_modules" / ".bin" / "openapi-typescript")
    # The document first (its CLI takes a flag before it for the input). A field with a default is optional in a
    # request: not `required`, whatever the answer's shape.
    options = ["--silent", "--default-non-nullable", "false"]
    subprocess.run(  # noqa: S603 (pinned programs, arguments of our own)
        [typescript, str(document), "-o", str(schema), *options],
        check=True,
        cwd=ROOT,
    )


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
