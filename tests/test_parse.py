"""Reading cell text into values, one normalisation step at a time."""
import pytest

from riskreg.normalize.parse import (CONSEQUENCE_SCALE, PROBABILITY_SCALE, clean_text,
                                     parse_in_ikp, parse_int, parse_score, split_glued_value,
                                     split_goal)
from riskreg.normalize.register import split_status


@pytest.mark.parametrize("raw, expected", [
    ("\uf06e Brist på  kompetens", "Brist på kompetens"),      # Wingdings square, double space
    ("■ Felaktig\nhantering", "Felaktig hantering"),           # ■ glyph, line break
    ("ut\u00adredning", "utredning"),                          # soft hyphen
    ("★", ""),
    (None, ""),
])
def test_clean_text_drops_glyphs_and_spacing(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("3. Möjlig", (3, "Möjlig")),
    ("3.Möjlig", (3, "Möjlig")),
    ("3 Möjlig", (3, "Möjlig")),
    ("3", (3, "")),
    ("2. Mindre\nsannolikt", (2, "Mindre sannolikt")),
    ("Möjlig", (3, "Möjlig")),
    ("", (None, "")),
])
def test_parse_score(raw, expected):
    assert parse_score(raw, PROBABILITY_SCALE) == expected


def test_parse_score_rejects_what_is_no_score():
    with pytest.raises(ValueError):
        parse_score("7. Katastrofal", CONSEQUENCE_SCALE)
    with pytest.raises(ValueError):
        parse_score("Ganska illa", CONSEQUENCE_SCALE)


def test_parse_int():
    assert parse_int(" 12 ") == 12
    assert parse_int("") is None
    with pytest.raises(ValueError):
        parse_int("tolv")


@pytest.mark.parametrize("raw, expected", [
    ("1.2. Stockholm är en trygg stad", ("1.2", "Stockholm är en trygg stad")),
    ("1.2 Stockholm är en trygg stad", ("1.2", "Stockholm är en trygg stad")),
    ("3.10.Ekonomi", ("3.10", "Ekonomi")),
    ("Ekonomi i balans", (None, "Ekonomi i balans")),
])
def test_split_goal(raw, expected):
    assert split_goal(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("16 Samverkan med förskolor brister", ("Samverkan med förskolor brister", 16)),
    ("Anseendeskada 9", ("Anseendeskada", 9)),
    ("7 dagar försenad", ("7 dagar försenad", None)),     # 7 is no product of two 1-5 scores
    ("Brist i rutin", ("Brist i rutin", None)),
])
def test_split_glued_value(raw, expected):
    assert split_glued_value(raw) == expected


def test_parse_in_ikp():
    assert parse_in_ikp("★", column_says_no=True) is True
    assert parse_in_ikp("\uf0ab", column_says_no=False) is True
    assert parse_in_ikp("Nej, endast VoR", column_says_no=True) is False
    assert parse_in_ikp("Ja", column_says_no=False) is True
    # a blank is a glyph that did not extract only when the column writes its "no" in words
    assert parse_in_ikp("", column_says_no=True) is True
    assert parse_in_ikp("", column_says_no=False) is False
    assert parse_in_ikp("kanske", column_says_no=True) is None


def test_split_status():
    assert split_status("Avslutad Uppföljning av rutin") == ("Avslutad", "Uppföljning av rutin")
    assert split_status("Pågående") == ("Pågående", "")
    assert split_status("Ej påbörjad, planeras hösten") == ("", "Ej påbörjad, planeras hösten")
    assert split_status("Ny rutin tas fram") == ("Ny", "rutin tas fram")
    assert split_status("Rutin tas fram") == ("", "Rutin tas fram")
