"""The Swedish word list as evidence for a broken word: one word or two?"""
import pytest

from riskreg.extract.lexicon import is_word, join_verdict, word_cost


def test_the_word_list_is_there_offline():
    assert is_word("kontrollerar") and is_word("en") and not is_word("nspartners")
    assert not is_word("s")  # the list holds every letter; a lone letter is no word here


def test_compounds_read_as_chains_of_words():
    assert word_cost("barnomsorgsgarantin") == 2.0  # barnomsorg-s-garantin
    assert word_cost("barnomsorgs") == 1.5  # a linking s at the end: no word on its own
    assert word_cost("nspartners") > 2.0


@pytest.mark.parametrize("left, right, verdict", [
    ("barnomsorgs", "garantin", True),
    ("samverka", "nspartners", True),
    ("säkerhetsbesik", "tningarna", True),
    ("personalsam", "mansättning", True),
    ("barnantalsprognos", "en", True),
    ("en", "bra", False),
    ("kompetent", "personal", None),
    ("ekonomiavdelningen", "kontrollerar", None),
    # a definite genitive ending a full line, then a word: no compound (the layout fuzzer's cases)
    ("äldreomsorgens", "verksamheter", None),
    ("Fältassistenternas", "samverkan", None),
    ("stadsdelsområdets", "parker", None),
    # a definite noun filling its line, then "en gång": no "verksamhetssystem|enen" through a
    # compound part as rare as "enen" (Zipf 1.52; the layout fuzzer's seeds 400, 454, 738, 1413)
    ("verksamhetssystemen", "en", None),
])
def test_join_verdict(left, right, verdict):
    assert join_verdict(left, right) is verdict


def test_the_list_is_read_as_wordfreq_reads_it():
    """riskreg reads wordfreq's file itself (importing wordfreq costs more than the list); the
    words and Zipf values must be exactly wordfreq's own."""
    import math

    import wordfreq

    from riskreg.extract.lexicon import _zipf

    theirs = {w: math.log10(f) + 9 for w, f in wordfreq.get_frequency_dict("sv", "large").items() if f > 0}
    ours = _zipf()
    assert ours.keys() == theirs.keys()
    assert all(abs(ours[w] - z) < 1e-9 for w, z in theirs.items())
