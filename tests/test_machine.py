"""When the machine or the cache misbehaves: a message, the last good site, nothing left over.

Each test does what a full disk, a busy folder, a damaged cache or a killed
build does, through the command a workgroup runs where that matters (no
traceback may reach them), and checks what they would see: one line saying
what happened and what to do, exit 1, ``site/`` exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sites import build_site, copy_example, seed_cache, tree_digest

from visionkit.cache import Cache
from visionkit.mkdocs.swap import SiteSwap

#: Run `mkdocs build --strict` in a folder after ``patch`` (Python) has run.
RUNNER = """
import errno, os, sys
{patch}
from mkdocs.__main__ import cli
cli(["build", "--strict"])
"""


def mkdocs_build(folder: Path, patch: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    code = RUNNER.format(patch=textwrap.dedent(patch))
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site."))


@pytest.fixture(scope="module")
def _built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("machine")
    build_site(copy_example(root / "example", cache=root / "cache"))
    return root


@pytest.fixture
def built(_built_once: Path, tmp_path: Path) -> Path:
    """A copy of the example with its own cache, built once (PDFs off).

    Each test's own copy of one build made for this module (its images made
    once, not once a test), ``cache_dir`` in mkdocs.yml made the copy's.
    """
    shutil.copytree(_built_once, tmp_path, symlinks=True, dirs_exist_ok=True)
    config = tmp_path / "example/mkdocs.yml"
    text = config.read_text()
    line = f"      cache_dir: {_built_once / 'cache'}\n"
    assert line in text
    config.write_text(text.replace(line, f"      cache_dir: {tmp_path / 'cache'}\n"))
    return tmp_path / "example"


# The cache is verified before anything in it is published.


def _card(cache: Path, slug: str) -> Path:
    return next(cache.glob(f"card-{slug}-*.png"))


@pytest.mark.slow  # builds the example site in a subprocess
def test_a_truncated_cached_card_is_made_again_with_a_warning(built: Path) -> None:
    cache = built.parent / "cache"
    card = _card(cache, "amira")
    good = card.read_bytes()
    card.write_bytes(b"")
    done = mkdocs_build(built)
    assert done.returncode == 1, done.stderr  # the warning fails a strict build...
    assert f"the cached file {card.name} was made again" in done.stderr
    assert "bytes where" in done.stderr
    assert card.read_bytes() == good  # ...and the cache is whole again
    assert mkdocs_build(built).returncode == 0
    published = built / "site/assets/visionkit/images" / card.name
    assert published.read_bytes() == good


@pytest.mark.slow  # builds the example site in a subprocess
def test_a_cached_pdf_replaced_by_text_is_not_published(
    example_site: Path, example_copy: Path
) -> None:
    folder = example_copy  # the example's PDFs made: a copy of the shared build's cache
    good = (example_site / "handouts/amira.pdf").read_bytes()
    [pdf] = [
        p
        for p in (folder / ".cache/visionkit").glob("handout-amira-*.pdf")
        if p.read_bytes() == good  # English; the other is the Welsh handout
    ]
    pdf.write_bytes(b"not a pdf")
    done = mkdocs_build(folder)
    assert f"the cached file {pdf.name} was made again" in done.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    mkdocs_build(folder)
    published = (folder / "site/handouts/amira.pdf").read_bytes()
    assert published[:5] == b"%PDF-" and len(published) == len(good)


@pytest.mark.slow  # builds the example site in a subprocess
def test_a_cache_entry_linked_to_a_system_file_is_refused(built: Path) -> None:
    cache = built.parent / "cache"
    card = _card(cache, "dylan")
    card.unlink()
    card.symlink_to("/etc/passwd")
    done = mkdocs_build(built)
    assert "it is a link or a special file" in done.stderr
    assert not card.is_symlink() and card.read_bytes()[:4] == b"\x89PNG"
    mkdocs_build(built)
    published = built / "site/assets/visionkit/images" / card.name
    assert published.read_bytes()[:4] == b"\x89PNG"
    assert b"root:" not in published.read_bytes()


class _Job:
    """A job that writes one file and has something to say about it."""

    key, names = "k1", ("a.pdf",)

    def make(self, folder: Path) -> list[str]:
        (folder / "a.pdf").write_bytes(b"made")
        return ["a.pdf: a glyph is missing"]


def test_what_making_a_file_said_is_said_again_when_it_is_reused(tmp_path: Path) -> None:
    first = Cache(tmp_path).run([_Job()], workers=1)
    assert (first.made, first.notes) == (1, ["a.pdf: a glyph is missing"])
    again = Cache(tmp_path).run([_Job()], workers=1)
    assert (again.made, again.reused) == (0, 1)
    assert again.notes == ["a.pdf: a glyph is missing"]  # a strict build fails every time


def test_an_unchanged_cache_is_trusted_without_rehashing(tmp_path: Path) -> None:
    Cache(tmp_path).run([_Job()], workers=1)
    assert Cache(tmp_path).problem("a.pdf") is None
    (tmp_path / "a.pdf").write_bytes(b"edit")  # same size, new content
    assert Cache(tmp_path).problem("a.pdf") == "its content changed after it was made"
    (tmp_path / "b.png").write_bytes(b"someone else's")
    assert Cache(tmp_path).problem("b.png") == "visionkit has no record of making it"


@pytest.mark.parametrize(
    ("cache_dir", "said"),
    [
        ("/", "is the root of the file system"),
        ("content", "overlaps docs_dir"),
        ("stories/cache", "overlaps stories_dir"),
        (".", "overlaps docs_dir"),
    ],
)
@pytest.mark.slow  # builds the example site in a subprocess
def test_a_cache_dir_that_would_eat_the_site_is_a_configuration_error(
    built: Path, cache_dir: str, said: str
) -> None:
    before = tree_digest(built / "site")
    config = built / "mkdocs.yml"
    text = config.read_text()
    start = text.index("      cache_dir:")
    end = text.index("\n", start)
    config.write_text(text[:start] + f"      cache_dir: {cache_dir}" + text[end:])
    done = mkdocs_build(built)
    assert done.returncode == 1
    assert f"cache_dir '{cache_dir}' {said}" in done.stderr
    assert "Traceback" not in done.stderr
    assert tree_digest(built / "site") == before
    assert (built / "stories/vision.yml").is_file()
    assert leftovers(built) == []


# The machine fails: one line, exit 1, site/ untouched, nothing half-built left.

MACHINE_FAILURES = {
    "cache_dir_is_a_file": (
        "",
        "is a file: give a folder, or move the file away",
    ),
    "read_only_cache": (
        """
        import visionkit.files as files
        real = files.stage
        def stage(path, data):
            if "cache" in str(path):
                raise OSError(errno.EROFS, "Read-only file system", str(path))
            return real(path, data)
        files.stage = stage
        """,
        "Read-only file system - it is on a read-only file system",
    ),
    "busy_site": (
        """
        import visionkit.mkdocs.swap as swap
        def refuse(*args, **kwargs):
            raise OSError(errno.EBUSY, "Device or resource busy", "site")
        swap._exchange = refuse
        swap.os.replace = refuse
        """,
        "Device or resource busy - another program is using it",
    ),
    "disk_full_copying_static_files": (
        """
        import shutil
        real = shutil.copyfile
        def copyfile(src, dst, **kwargs):
            if str(dst).endswith(".js"):
                raise OSError(errno.ENOSPC, "No space left on device", str(dst))
            return real(src, dst, **kwargs)
        shutil.copyfile = copyfile
        """,
        "No space left on device - the disk is full: free some space",
    ),
}


@pytest.mark.slow  # builds the example site in a subprocess
@pytest.mark.parametrize("failure", sorted(MACHINE_FAILURES))
def test_the_machine_failing_prints_one_line_and_keeps_the_site(built: Path, failure: str) -> None:
    patch, said = MACHINE_FAILURES[failure]
    if failure == "cache_dir_is_a_file":
        config = built / "mkdocs.yml"
        (built / "cache-file").write_text("not a folder")
        text = config.read_text()
        start = text.index("      cache_dir:")
        config.write_text(
            text[:start] + "      cache_dir: cache-file" + text[text.index("\n", start) :]
        )
    if failure == "read_only_cache":  # one card to make again, into the read-only cache
        _card(built.parent / "cache", "amira").unlink()
    before = tree_digest(built / "site")
    assert "stories/amira/index.html" in before
    done = mkdocs_build(built, patch)
    said_all = done.stdout + done.stderr
    assert done.returncode == 1, said_all
    assert said in said_all
    assert "Traceback" not in said_all, said_all
    assert "the site was not built or changed" in said_all
    assert tree_digest(built / "site") == before
    assert leftovers(built) == []


def test_visionkit_new_into_a_folder_it_cannot_make_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "shared-drive"
    blocker.write_text("a file where a folder should be")
    done = subprocess.run(
        [sys.executable, "-m", "visionkit", "new", str(blocker / "vision")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "a file stands where a folder must be" in done.stderr
    assert "bug" not in done.stderr and "Traceback" not in done.stderr


def test_visionkit_check_of_a_file_is_a_usage_error(tmp_path: Path) -> None:
    story = tmp_path / "amira.yml"
    story.write_text("group: Residents\n")
    done = subprocess.run(
        [sys.executable, "-m", "visionkit", "check", str(story)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "is a file: give the story folder" in done.stderr


# A build killed at any instant: the next build finds or restores the last good site.


@pytest.mark.slow  # builds the example site in a subprocess
def test_a_build_killed_between_the_renames_gets_its_site_back(built: Path) -> None:
    """Without an atomic exchange the swap is two renames; the kill lands between them."""
    site = built / "site"
    before = tree_digest(site)
    os.replace(site, built / ".site.old-999999")  # the last good site, moved aside
    (built / ".site.building-999998").mkdir()  # a half-built one
    (built / ".site.trash-999997").mkdir()  # an old one half deleted
    assert not site.exists()
    SiteSwap(site).recover()
    assert tree_digest(site) == before
    assert leftovers(built) == []


@pytest.mark.slow  # builds the example site in a subprocess
def test_the_next_build_removes_every_leftover_of_a_killed_one(built: Path) -> None:
    site = built / "site"
    (built / ".site.old-999999").mkdir()
    (built / ".site.building-999998").mkdir()
    assert mkdocs_build(built).returncode == 0
    assert "stories/amira/index.html" in tree_digest(site)
    assert leftovers(built) == []


def test_the_swap_is_one_atomic_step_where_the_system_allows(tmp_path: Path) -> None:
    site, new = tmp_path / "site", tmp_path / "new"
    site.mkdir()
    (site / "index.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    swap = SiteSwap(site)
    swap.building = new
    swap.commit()
    assert (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_kill_9_at_random_moments_never_loses_the_site(tmp_path: Path, example_site: Path) -> None:
    folder = copy_example(tmp_path / "example", cache=tmp_path / "cache", pdf=True)
    # The last good site, from the shared example build's images and PDFs (the English
    # ones are the same files); every build killed below makes them all again.
    seed_cache(tmp_path / "cache", example_site)
    assert mkdocs_build(folder).returncode == 0
    site = folder / "site"
    good = tree_digest(site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for moment in (0.3, 0.8, 1.3, 1.8, 2.5, 3.5):
        shutil.rmtree(
            tmp_path / "cache", ignore_errors=True
        )  # every PDF and image made again: workers run
        build = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build"],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(moment)
        workers = _children(build.pid)
        build.kill()
        build.wait()
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], f"workers outlived the build at {moment}s"
        SiteSwap(site).recover()  # what the next build does first
        assert tree_digest(site) == good, f"killed at {moment}s"
        assert leftovers(folder) == []


@pytest.mark.slow
def test_two_cold_builds_anywhere_give_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    sites = []
    for name in ("here", "elsewhere/deeper"):
        folder = copy_example(tmp_path / name, cache=tmp_path / name / "cache", pdf=True)
        sites.append(tree_digest(build_site(folder, strict=True)))
    assert "handouts/amira.pdf" in sites[0]
    assert any(name.startswith("assets/visionkit/images/card-") for name in sites[0])
    assert sites[0] == sites[1]
