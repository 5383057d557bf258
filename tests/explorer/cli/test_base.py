"""The command group: each command's module is imported when that command is asked for."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

from click.testing import CliRunner

from explorer.cli.base import COMMAND_MODULES, main
from tests.conftest import REPO


def test_the_table_names_every_command_and_the_module_that_attaches_it():
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(f"explorer.cli.{module}")
    assert set(main.commands) == set(COMMAND_MODULES)
    for name, command in main.commands.items():
        assert command.callback is not None
        assert command.callback.__module__ == f"explorer.cli.{COMMAND_MODULES[name]}", name


def test_help_lists_every_command_with_its_summary():
    shown = CliRunner().invoke(main, ["--help"])
    assert shown.exit_code == 0, shown.output
    listed = shown.output.split("Commands:", 1)[1].split()
    for name in COMMAND_MODULES:
        assert name in listed, name
    unknown = CliRunner().invoke(main, ["nosuchcommand"])
    assert unknown.exit_code == 2 and "No such command" in unknown.output


def test_a_command_imports_its_own_module_only():
    probe = ("import json, sys\n"
             "from explorer.cli.main import main\n"
             "try:\n"
             "    main(['query', '--help'])\n"
             "except SystemExit as end:\n"
             "    code = end.code\n"
             "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,  # noqa: S603
                            cwd=REPO, timeout=60, check=True)
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["code"] == 0
    modules = set(answer["modules"])
    assert "explorer.cli.query" in modules
    for other in ("explorer.cli.serve", "explorer.cli.index", "explorer.cli.export",
                  "flask", "scipy.sparse", "networkx"):
        assert other not in modules, other
