"""The branding's contrast check against WCAG 2's figures."""

from hypothesis import given
from hypothesis import strategies as st

from loyalty.branding import DEFAULT_COLORS, BrandingView, contrast_failures, contrast_ratio

colors = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


def test_black_on_white_is_21_to_1_and_grey_777_just_fails_aa() -> None:
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54


def test_laurels_own_colours_pass_and_a_pale_primary_fails_by_name() -> None:
    assert contrast_failures(DEFAULT_COLORS) == []
    failures = contrast_failures({**DEFAULT_COLORS, "primary": "#9fd3a8"})
    assert [(f["foreground"], f["background"]) for f in failures] == [("on_primary", "primary"), ("primary", "surface")]
    assert all(f["ratio"] < 4.5 for f in failures)


def test_card_ink_is_the_brand_text_only_when_it_is_darker_than_the_surface() -> None:
    assert BrandingView().ink_on_paper() == ("#1d1d1f", "#ffffff")
    inverted = BrandingView(colors={**DEFAULT_COLORS, "text": "#ffffff", "surface": "#1d1d1f"})
    assert inverted.ink_on_paper() is None


@given(colors, colors)
def test_contrast_is_symmetric_and_between_1_and_21(a: str, b: str) -> None:
    ratio = contrast_ratio(a, b)
    assert ratio == contrast_ratio(b, a)
    assert 1.0 <= ratio <= 21.0 + 1e-9
