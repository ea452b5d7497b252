"""``python -m visionkit``: the same command line as ``visionkit``."""

from visionkit.cli import main

main()
