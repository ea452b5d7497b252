"""The core knows nothing about MkDocs, so it runs under ProperDocs or any other engine.

`make lint` checks the same statically (import-linter's contracts in
pyproject.toml); this runs it: every module outside the MkDocs adapter
imports with MkDocs, Material and ProperDocs made unimportable.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import visionkit

BLOCK = """
import importlib, importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("mkdocs", "properdocs", "material"):
            raise ImportError("blocked: " + name)
sys.meta_path.insert(0, Block())
for name in sys.argv[1:]:
    importlib.import_module(name)
print("ok", len(sys.argv) - 1)
"""


def core_modules() -> list[str]:
    found = pkgutil.walk_packages(visionkit.__path__, "visionkit.")
    return sorted(
        m.name
        for m in found
        if not m.name.startswith("visionkit.mkdocs") and m.name != "visionkit.__main__"
    )


def test_every_core_module_imports_without_any_site_engine() -> None:
    modules = core_modules()
    assert {"visionkit.cli", "visionkit.site.pages", "visionkit.pdf.render"} <= set(modules)
    done = subprocess.run(
        [sys.executable, "-c", BLOCK, *modules], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == f"ok {len(modules)}", done.stderr


def test_the_adapter_is_what_needs_an_engine() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BLOCK, "visionkit.mkdocs.plugin"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "blocked: mkdocs" in done.stderr
