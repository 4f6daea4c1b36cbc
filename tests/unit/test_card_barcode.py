"""Card barcodes scan back to the card's number, whatever digits it starts with."""

import io

import pytest
import zxingcpp
from PIL import Image

from loyalty.cards import card_barcode


@pytest.mark.parametrize("number", ["9912345678901234", "9929563779877881", "0012345678901234", "4000123412341237"])
def test_a_card_barcode_scans_as_its_number_even_when_it_starts_with_99(number: str) -> None:
    image = Image.open(io.BytesIO(card_barcode(number, "png")))
    assert [(r.text, r.format.name) for r in zxingcpp.read_barcodes(image)] == [(number, "Code128")]
