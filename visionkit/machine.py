"""When the machine fails (a full disk, a read-only or busy folder): one line, no traceback.

Workgroups run builds on shared drives, laptops and CI runners. When the file
system refuses a write, what they need is which file, what happened in plain
words, and what to do; a Python traceback tells them none of that. Story
problems are diagnostics with file and line; these are about the machine.
"""

from __future__ import annotations

import errno

#: What to do, by what the operating system said.
_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space and build again",
    errno.EDQUOT: "the disk quota is used up: free some space and build again",
    errno.EROFS: "it is on a read-only file system: build on a writable one",
    errno.EACCES: "you may not write there: make it writable, or build somewhere you may",
    errno.EPERM: "you may not change it: make it writable, or build somewhere you may",
    errno.EBUSY: (
        "another program is using it (a file explorer, a preview, a sync client): "
        "close it and build again"
    ),
    errno.ENOTDIR: "a file stands where a folder must be: move the file away",
    errno.EISDIR: "a folder stands where a file must be: move the folder away",
    errno.EEXIST: "something is already there: move it away and build again",
    errno.ENOENT: "a folder on the way is missing: create it, or check the path",
    errno.EMFILE: "too many files are open: close some programs and build again",
    errno.EIO: "the disk reported an input/output error: check the disk",
}


def machine_problem(exc: OSError, doing: str = "write") -> str:
    """``could not write site/x.html: No space left on device - the disk is full: ...``."""
    where = exc.filename if exc.filename is not None else ""
    reason = exc.strerror or str(exc) or type(exc).__name__
    advice = _ADVICE.get(exc.errno or 0, "check the folder and the disk, then build again")
    target = f" {where}" if where else ""
    return f"could not {doing}{target}: {reason} - {advice}"
