"""What the deployment tests need from the machine: Debian's nginx,
openssl and systemd-analyze. ``make deploy-deps`` installs them; in CI
(``CI=true``) a missing one fails the test instead of skipping it."""

from __future__ import annotations

import os
import shutil

import pytest


def require(program: str, package: str) -> str:
    found = shutil.which(program, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if found:
        return found
    message = f"{program} is missing: apt-get install {package} (make deploy-deps)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
