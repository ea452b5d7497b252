"""visionkit's version: part of every cache key, so a new release remakes images and PDFs."""

__version__ = "0.1.0"
