"""``python -m visionkit``: the same command line as ``visionkit``."""

from .cli import main

main()
