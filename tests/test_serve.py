"""``mkdocs serve`` rebuilds on a story save and survives a broken one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from sites import copy_example


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(what: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if what():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


@pytest.mark.slow  # starts `mkdocs serve` and waits for its rebuilds
def test_saving_a_story_rebuilds_and_a_broken_save_keeps_the_last_good_site(
    tmp_path: Path,
) -> None:
    folder = copy_example(tmp_path, pdf=None)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    # `mkdocs serve` builds into a new temporary folder, which it leaves behind
    # when it is stopped: make it one in this test's own folder.
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-q", "-a", f"127.0.0.1:{port}"],
        cwd=folder,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/stories/amira/"

    def shows(text: str) -> Callable[[], bool]:
        return lambda: text in urllib.request.urlopen(url, timeout=5).read().decode()

    try:
        assert _wait(shows("I told my story once")), (tmp_path / "serve.log").read_text()
        # `mkdocs serve` makes no PDFs unless the site asks for them: saves stay quick.
        assert not shows("handouts/")()
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/handouts/vision.pdf", timeout=5)
        amira = folder / "stories/people/amira.yml"
        amira.write_text(amira.read_text().replace("I told my story once", "I said it just once"))
        assert _wait(shows("I said it just once")), (tmp_path / "serve.log").read_text()
        amira.write_text(amira.read_text().replace("kind: user", "kind: usr"))
        assert _wait(lambda: "error VK103" in (tmp_path / "serve.log").read_text())
        assert "last good version" in (tmp_path / "serve.log").read_text()
        assert "Traceback" not in (tmp_path / "serve.log").read_text()
        assert shows("I said it just once")()
    finally:
        server.terminate()
        server.wait(10)
        log.close()
