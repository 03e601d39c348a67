"""Run in a child process by the kill test: start a build that stalls just before its switch."""

from __future__ import annotations

import time
from pathlib import Path

from tests.warehouse.test_versioned_build import _generation


def stall(root: Path) -> None:
    _generation(root, 99, before_switch=lambda _path: time.sleep(120))
