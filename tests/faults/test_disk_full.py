"""SQLite on a full disk: ingestion answers 507 problem+json saying so, nothing is half-written, and once space is
freed the same batch goes in whole. The data dir sits on a small tmpfs of the test's own."""

import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.faults.conftest import api_process, batch, new_tenant_with_rule, stored_events_and_points


@pytest.fixture
def small_disk() -> Iterator[Path]:
    mount_point = Path(tempfile.mkdtemp(prefix="laurel-small-disk-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount_point)], check=False)
    if mounted.returncode != 0:
        mount_point.rmdir()
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)
        mount_point.rmdir()


def fill(disk: Path, leave: int) -> Path:
    """Take all the space but `leave` bytes."""
    filler = disk / "filler"
    with filler.open("wb") as out:
        chunk = b"\0" * (1 << 20)
        try:
            while True:
                out.write(chunk)
                out.flush()
        except OSError:
            pass
    free = subprocess.run(["df", "--output=avail", "-B1", str(disk)], capture_output=True, text=True, check=True)
    available = int(free.stdout.split()[-1])
    with filler.open("r+b") as out:
        out.truncate(max(0, filler.stat().st_size - max(0, leave - available)))
    return filler


def test_a_full_disk_refuses_events_with_507_writes_nothing_half_and_recovers_when_space_returns(
    small_disk: Path,
) -> None:
    data_dir = small_disk / "var"
    data_dir.mkdir()
    with api_process(data_dir) as api, httpx.Client(base_url=api.url, timeout=120) as http:
        tenant_id, auth = new_tenant_with_rule(api.url)
        assert http.post("/v1/events/batch", json={"events": batch("warm", 200)}, headers=auth).status_code == 200
        filler = fill(small_disk, leave=64 * 1024)
        answers = []
        for n in range(20):
            answer = http.post("/v1/events/batch", json={"events": batch(f"b{n}", 1000)}, headers=auth)
            answers.append(answer)
            if answer.status_code != 200:
                break
        refused = answers[-1]
        filler.unlink()
        database = f"sqlite:///{data_dir / 'laurel.db'}"
        events, points = stored_events_and_points(api.url, database, tenant_id, auth)
        again = http.post("/v1/events/batch", json={"events": batch(f"b{len(answers) - 1}", 1000)}, headers=auth)
        events_after, points_after = stored_events_and_points(api.url, database, tenant_id, auth)

    assert refused.status_code == 507, refused.text
    assert refused.headers["content-type"] == "application/problem+json" and refused.headers["Retry-After"]
    assert "disk is full" in refused.json()["detail"]
    assert events == points == 200 + (len(answers) - 1) * 1000  # the refused batch left nothing behind
    assert again.status_code == 200 and {r["status"] for r in again.json()["results"]} == {201}
    assert events_after == points_after == events + 1000
