"""The MkDocs adapter: the only part of visionkit that imports MkDocs or Material.

Works unchanged under ProperDocs, the maintained MkDocs 1.6 fork.
"""
