"""Every message code is explained in REFERENCE.md, where the workgroup looks it up."""

from __future__ import annotations

import re

from conftest import ROOT

from visionkit import Code
from visionkit.authoring.reference import with_keys


def test_every_code_has_a_section() -> None:
    text = (ROOT / "REFERENCE.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### (VK\d{3}) ", text, re.MULTILINE))
    assert documented == {code.value for code in Code}


def test_the_keys_section_is_made_from_the_model() -> None:
    text = (ROOT / "REFERENCE.md").read_text(encoding="utf-8")
    assert text == with_keys(text), (
        "REFERENCE.md's keys are stale: python -m visionkit.authoring.reference"
    )
    for key in ["`persona.alt`", "`themes[].stories`", "`agenda[].indicators[].measures`"]:
        assert key in text
