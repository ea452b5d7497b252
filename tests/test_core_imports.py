"""The core knows nothing about MkDocs, so it runs under ProperDocs or any other engine."""

from __future__ import annotations

import subprocess
import sys

BLOCK = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("mkdocs", "properdocs", "material"):
            raise ImportError("blocked: " + name)
sys.meta_path.insert(0, Block())
import visionkit, visionkit.cli, visionkit.check.run, visionkit.check.lint, visionkit.check.report
print("ok")
"""


def test_core_and_cli_import_without_any_site_engine() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr
