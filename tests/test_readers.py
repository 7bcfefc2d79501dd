"""The pdfium reader (the default) gives exactly the register pdfminer's reader gives, on every sample."""
from __future__ import annotations

import pytest

import riskreg
from golden import SAMPLES
from riskreg.extract import ExtractSettings
from riskreg.pipeline import Settings

NAMES = sorted(p.stem for p in SAMPLES.glob("*.pdf"))


@pytest.mark.parametrize("name", NAMES)
def test_pdfium_and_pdfminer_readers_give_the_same_register(name):
    a = riskreg.extract(SAMPLES / f"{name}.pdf", settings=Settings(extract=ExtractSettings(reader="pdfminer")))
    b = riskreg.extract(SAMPLES / f"{name}.pdf", settings=Settings(extract=ExtractSettings(reader="pdfium")))
    assert len(a.risks) > 0
    for table in ("risks", "controls", "problems"):
        assert getattr(a, table).equals(getattr(b, table)), f"{name}: {table} differ"


def test_reader_setting_is_checked():
    with pytest.raises(ValueError, match="unknown reader"):
        ExtractSettings(reader="ocr")
