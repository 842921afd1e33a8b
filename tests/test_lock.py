"""The build lock: one run per output folder, stale locks of killed runs taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from briefgen.errors import LockedError
from briefgen.lock import BuildLock

HOLD = """
import sys, time
from pathlib import Path
from briefgen.lock import BuildLock
with BuildLock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def _holder(out):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_second_process_is_refused_with_exit_code_75(tmp_path):
    proc = _holder(tmp_path)
    try:
        with pytest.raises(LockedError) as err, BuildLock(tmp_path):
            pass
        assert err.value.exit_code == 75
        assert f"pid {proc.pid}" in str(err.value)  # says who holds it
    finally:
        proc.kill()
        proc.wait()


def test_lock_of_a_killed_run_is_taken_over_and_reported(tmp_path):
    proc = _holder(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (tmp_path / ".briefgen" / "lock.json").exists()  # the killed run could not clean up
    with BuildLock(tmp_path) as lock:
        assert lock.stale is not None and f"pid {proc.pid}" in lock.stale
    assert not (tmp_path / ".briefgen" / "lock.json").exists()


def test_released_lock_leaves_no_stale_note(tmp_path):
    with BuildLock(tmp_path):
        pass
    with BuildLock(tmp_path) as lock:
        assert lock.stale is None


def test_reentrant_in_one_process(tmp_path):
    with BuildLock(tmp_path), BuildLock(tmp_path):
        pass
    # fully released: another process can take it now
    proc = _holder(tmp_path)
    proc.kill()
    proc.wait()


def test_lock_is_released_when_the_body_fails(tmp_path):
    with pytest.raises(RuntimeError), BuildLock(tmp_path):
        raise RuntimeError("boom")
    start = time.monotonic()
    with BuildLock(tmp_path):
        pass
    assert time.monotonic() - start < 5
