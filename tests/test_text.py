"""Characters -> cell text: doubled characters, lines, broken words."""
import pytest
from riskreg.extract.settings import ExtractSettings
from riskreg.extract.dedupe import dedupe_chars
from riskreg.extract.text import Line, chars_to_lines, join_lines, vocabulary

S = ExtractSettings()


def chars(text: str, x0: float = 10.0, top: float = 100.0, width: float = 5.0, size: float = 10.0):
    out = []
    for i, ch in enumerate(text):
        out.append({"text": ch, "x0": x0 + i * width, "x1": x0 + (i + 1) * width,
                    "top": top, "bottom": top + size, "size": size})
    return out


def test_fake_bold_characters_are_read_once():
    bold = chars("Risk") + chars("Risk", x0=10.3)
    assert "".join(c["text"] for c in dedupe_chars(bold, S)) == "Risk"


def test_a_line_printed_again_after_itself_is_read_once():
    """A producer's fake bold may print the whole line, then the line again 0.3 pt to the right:
    letters that occur many times in it (t, i) are far apart in the character stream."""
    line = "Motivering till att risken inte tas med"
    bold = chars(line, x0=441.1) + chars(line, x0=441.4)
    assert "".join(c["text"] for c in dedupe_chars(bold, S)) == line


def test_double_letters_of_a_word_are_kept():
    assert "".join(c["text"] for c in dedupe_chars(chars("Kännbar"), S)) == "Kännbar"


def test_chars_to_lines_orders_lines_and_finds_spaces():
    cs = chars("rad", top=120) + chars("Första", top=100) + chars("två", x0=10 + 6 * 5 + 3, top=100.5)
    lines = chars_to_lines(cs, S)
    assert [line.text for line in lines] == ["Första två", "rad"]


def line(text: str, x0: float, x1: float, top: float) -> Line:
    return Line(text, x0, x1, top, top + 10, size=10.0, first_width=5.0)


def test_line_break_hyphen_is_removed_but_compound_hyphen_kept():
    box = (0, 0, 100, 50)
    assert join_lines([line("Brist i ut-", 2, 60, 0), line("redningen", 2, 50, 12)], box, S) == \
        "Brist i utredningen"
    assert join_lines([line("hälso-", 2, 40, 0), line("och sjukvård", 2, 70, 12)], box, S) == \
        "hälso- och sjukvård"
    assert join_lines([line("Hägersten-", 2, 60, 0), line("Liljeholmen", 2, 70, 12)], box, S) == \
        "Hägersten-Liljeholmen"


def test_word_broken_at_the_cell_edge_is_joined():
    box = (0, 0, 100, 50)
    # the line reaches the right edge (98 = 100 less 2 padding): no letter more fitted
    joined = join_lines([line("Konsekven", 2, 97.5, 0), line("s", 2, 7, 12)], box, S, words=set())
    assert joined == "Konsekvens"


def test_a_real_word_after_a_full_line_is_a_new_word():
    box = (0, 0, 100, 50)
    lines = [line("Trygghetsskapande", 2, 97.5, 0), line("arbete", 2, 30, 12)]
    assert join_lines(lines, box, S, words={"arbete"}) == "Trygghetsskapande arbete"
    # a short line never glues, whatever follows
    assert join_lines([line("Brist", 2, 30, 0), line("rutin", 2, 30, 12)], box, S, words=set()) == \
        "Brist rutin"


def test_vocabulary_holds_words_printed_mid_line():
    lines = [[line("Samverkan med skolan", 0, 90, 0), line("komelse", 0, 30, 12)]]
    assert vocabulary(lines) == {"med", "skolan"}


def test_piece_of_a_word_after_other_words_is_joined_when_the_document_knows_the_word():
    box = (0, 0, 100, 50)
    lines = [line("med till inte", 2, 97.5, 0), line("rnkontrollpl", 2, 97.5, 12), line("an", 2, 12, 24)]
    assert join_lines(lines, box, S, words={"internkontrollplan", "med", "till", "inte"}) == \
        "med till internkontrollplan"
    # the same lines in a document that never prints the whole word: a wrap
    assert join_lines([line("en bra", 2, 97.5, 0), line("arbetsgivare", 2, 60, 12)], box, S,
                      words={"en", "bra"}) == "en bra arbetsgivare"


def test_slash_keeps_its_space_when_the_document_prints_it_so():
    box = (0, 0, 100, 50)
    lines = [line("vårdskador/", 2, 60, 0), line("missförhållanden", 2, 80, 12)]
    assert join_lines(lines, box, S, words=set()) == "vårdskador/missförhållanden"
    assert join_lines(lines, box, S, words={"vårdskador/"}) == "vårdskador/ missförhållanden"


def test_vocabulary_leaves_out_pieces_at_a_full_line_end():
    box = (0, 0, 100, 50)
    lines = [line("Med till v", 2, 97.5, 0), line("äsentlighets- och", 2, 90, 12), line("Slut", 2, 30, 24)]
    assert vocabulary([lines], [box]) == {"med", "till", "och", "slut"}


def test_hyphen_after_a_one_or_two_letter_prefix_is_kept():
    box = (0, 0, 100, 50)
    assert join_lines([line("via e-", 2, 60, 0), line("post", 2, 30, 12)], box, S) == "via e-post"
    assert join_lines([line("och IT-", 2, 60, 0), line("stöd", 2, 30, 12)], box, S) == "och IT-stöd"
    # a longer word's line-end hyphen is still a break
    assert join_lines([line("Brist i ut-", 2, 60, 0), line("redningen", 2, 50, 12)], box, S) == \
        "Brist i utredningen"


def test_hyphen_after_an_abbreviation_in_capitals_is_kept():
    """Issue 26: Writer and Chromium break "HSL-dokumentation" after its hyphen; an abbreviation
    joins the next word by its own hyphen, however long it is (kungsholmen_2017_uppfoljning_writer)."""
    box = (0, 0, 100, 50)
    assert join_lines([line("egenkontroll av HSL-", 2, 60, 0), line("dokumentation", 2, 50, 12)], box, S) == \
        "egenkontroll av HSL-dokumentation"
    # a word in small letters is still broken by its hyphen, an abbreviation hanging before "och" kept
    assert join_lines([line("Följa upp HSL-", 2, 60, 0), line("och SoL", 2, 50, 12)], box, S) == \
        "Följa upp HSL- och SoL"


def test_a_line_ending_in_a_comma_keeps_its_space_even_at_the_cell_edge():
    box = (0, 0, 100, 50)
    lines = [line("befolkningsprognoser,", 2, 97.5, 0), line("rörlighet", 2, 50, 12)]
    assert join_lines(lines, box, S, words=set()) == "befolkningsprognoser, rörlighet"
    # even where the two pieces would make one word ("Kungsholmsmodellen")
    lines = [line("Implementera Kungs,", 2, 97.5, 0), line("holmsmodellen", 2, 60, 12)]
    assert join_lines(lines, box, S, words=_loose()) == "Implementera Kungs, holmsmodellen"


def _loose(*words):
    """The vocabulary of a document whose producer breaks words by characters mid-line."""
    from riskreg.extract.text import Vocabulary
    v = Vocabulary(words)
    v.breaks_mid_line = True
    return v


def test_a_word_printed_once_is_joined_when_it_reads_as_one_swedish_word():
    from riskreg.extract.text import join_cell_lines
    box = (0, 0, 100, 50)
    # "barnomsorgs" cannot stand alone (a compound's linking s); together, one word
    lines = [line("med barnomsorgs", 2, 97.5, 0), line("garantin.", 2, 40, 12)]
    assert join_cell_lines(lines, box, S, words=_loose("med")) == ("med barnomsorgsgarantin.", False)
    # "samverka" is a word, "nspartners" no word at all
    lines = [line("externa samverka", 2, 97.5, 0), line("nspartners inom", 2, 70, 12)]
    assert join_cell_lines(lines, box, S, words=_loose("inom")) == \
        ("externa samverkanspartners inom", False)


def test_two_words_stay_two_and_an_undecided_break_is_kept_as_printed_and_marked():
    from riskreg.extract.text import join_cell_lines
    box = (0, 0, 100, 50)
    # a word that fills its line, then a word: two words (both listed, the join is not)
    lines = [line("Ekonomiavdelningen", 2, 97.5, 0), line("kontrollerar att", 2, 60, 12)]
    text, uncertain = join_cell_lines(lines, box, S, words=_loose("att"))
    assert text == "Ekonomiavdelningen kontrollerar att" and uncertain
    # both readings Swedish ("kompetent personal" / "kompetentpersonal"): as printed, marked
    lines = [line("behålla kompetent", 2, 97.5, 0), line("personal.", 2, 40, 12)]
    assert join_cell_lines(lines, box, S, words=_loose("behålla")) == \
        ("behålla kompetent personal.", True)


def test_the_document_printing_the_word_whole_decides_before_the_word_list():
    from riskreg.extract.text import join_cell_lines
    box = (0, 0, 100, 50)
    lines = [line("behålla kompetent", 2, 97.5, 0), line("personal.", 2, 40, 12)]
    # the word list alone cannot tell; a document printing the joined word whole can
    assert join_cell_lines(lines, box, S, words=_loose("behålla", "kompetentpersonal")) == \
        ("behålla kompetentpersonal.", False)


def test_word_never_breaks_a_word_after_other_words_on_its_line():
    box = (0, 0, 100, 50)
    from riskreg.extract.text import join_cell_lines
    lines = [line("Drift av stadsdelsområdets", 2, 97.5, 0), line("parker", 2, 30, 12)]
    # decided by the producer's habit, not left to the word list (which cannot tell)
    assert join_cell_lines(lines, box, S, words={"drift", "av", "parker"}) == \
        ("Drift av stadsdelsområdets parker", False)


def test_a_producer_that_breaks_words_by_characters_keeps_the_space_after_a_slash():
    box = (0, 0, 100, 50)
    lines = [line("enheternas rapporter/", 2, 97.5, 0), line("registreringar.", 2, 60, 12)]
    assert join_lines(lines, box, S, words=_loose("enheternas")) == \
        "enheternas rapporter/ registreringar."
    # Word breaks after a slash: joined, as before
    assert join_lines(lines, box, S, words={"enheternas"}) == "enheternas rapporter/registreringar."


def test_a_space_printed_after_a_slash_at_the_line_end_is_kept():
    """LibreOffice prints the space it wrapped at as a glyph at the line's end: after a slash it is
    the text's own space ("vårdskador/ " / "missförhållanden"), though the document prints that
    slash nowhere mid-line; a slash with no space glyph after it is joined as before."""
    box = (0, 0, 100, 50)
    spaced = chars_to_lines(chars("vårdskador/ ", x0=2, top=0) + chars("missförhållanden", x0=2, top=12), S)
    assert spaced[0].text == "vårdskador/" and spaced[0].spaced_end
    assert join_lines(spaced, box, S, words=set()) == "vårdskador/ missförhållanden"
    bare = chars_to_lines(chars("vårdskador/", x0=2, top=0) + chars("missförhållanden", x0=2, top=12), S)
    assert not bare[0].spaced_end
    assert join_lines(bare, box, S, words=set()) == "vårdskador/missförhållanden"


def test_the_vocabulary_answers_word_starts_as_a_scan_of_its_words_would():
    """Word starts are found by bisecting the sorted words, kept until the words change: a word
    removed and another added (the same count) must not leave a stale answer."""
    from riskreg.extract.text import Vocabulary, _starts_a_word
    words = Vocabulary(["internkontrollplan", "inte", "rapportering", "år"])
    scan = lambda piece: any(w.startswith(piece) for w in words)  # noqa: E731
    for piece in ["", "inte", "inter", "internkontrollplanen", "in", "rap", "r", "å", "ö", "zz", "a"]:
        assert _starts_a_word(piece, words) == scan(piece), piece
    words.discard("rapportering")
    words.add("rutin")  # the same count as before
    assert not _starts_a_word("rap", words) and _starts_a_word("rut", words)
    words -= {"inte", "internkontrollplan"}
    assert not _starts_a_word("int", words)
    words.add("intern")
    assert _starts_a_word("inte", words)


def _dedupe_by_brute_force(chars, tol):
    kept = []
    for ch in chars:
        if not any(k["text"] == ch["text"] and abs(k["x0"] - ch["x0"]) < tol and abs(k["top"] - ch["top"]) < tol
                   for k in kept):
            kept.append(ch)
    return kept


@pytest.mark.parametrize("tol", [0.3, 1.0, 2.5])
def test_dedupe_chars_keeps_what_a_comparison_of_every_pair_keeps(tol):
    # the grid squares dedupe_chars files characters under must find every repeat within the
    # tolerance, also on a square's border (coordinates on a 0.1 pt grid put many there)
    import random
    rng = random.Random(7)
    settings = ExtractSettings(duplicate_tolerance=tol)
    for _ in range(60):
        chars = [{"x0": round(rng.uniform(0, 20), 1), "top": round(rng.uniform(0, 20), 1),
                  "text": rng.choice("ab")} for _ in range(200)]
        for c in chars:  # a character's box (dedupe_chars reads all of it)
            c["x1"], c["bottom"] = c["x0"] + 0.5, c["top"] + 1.0
        want = _dedupe_by_brute_force(chars, tol)
        assert [id(c) for c in dedupe_chars(chars, settings)] == [id(c) for c in want]
