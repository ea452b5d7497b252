"""Reading a story folder: YAML with positions, plain-English validation, pictures.

The lowest layer above the model: it turns files into checked objects
(:class:`~visionkit.read.folder.StoryFolder`) or diagnostics with file and
line, and imports nothing from the layers above it.
"""
