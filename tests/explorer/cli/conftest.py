"""Fixtures of the command tests: the installed entry point run against the test graph."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO, server_environ
from tests.webui.conftest import loaded_graph  # noqa: F401 - a fixture for these tests too

# The installed entry point, run in a child process.
ENTRY = "from explorer.cli.main import main; main()"


@pytest.fixture
def run(server_settings, loaded_graph):  # noqa: F811 - the fixture imported above
    """Run ``explorer ARGS`` against the graph of tests/webui/conftest.py."""
    def run(*args, env_extra=None, timeout=120):
        env = server_environ(server_settings.home, server_settings.bolt_port)
        env.update(env_extra or {})
        return subprocess.run([sys.executable, "-c", ENTRY, "--", *args], env=env,  # noqa: S603
                              capture_output=True, text=True, timeout=timeout, cwd=REPO)
    return run
