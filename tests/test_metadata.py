"""Organisation and year from the document's own text."""
from riskreg.normalize.metadata import find_organisation, find_year


def test_organisation_named_most_often():
    texts = ["V ä s e n t l i g h e t s -  o c h  r i s k a n a l y s",
             "Hägersten-Liljeholmens stadsdelsnämnd", "Dnr HL-2019/123",
             "Beslut i Hägersten-Liljeholmens stadsdelsnämnd", "Kommunstyrelsen och Socialnämnden"]
    assert find_organisation(texts) == "Hägersten-Liljeholmens stadsdelsnämnd"


def test_organisation_from_letter_spaced_title_when_nothing_else():
    assert find_organisation(["U t b i l d n i n g s n ä m n d e n"]) == "Utbildningsnämnden"


def test_year_from_plan_name_before_other_years():
    texts = ["Beslutad 2019-11-21", "Internkontrollplan 2020", "Väsentlighets- och riskanalys för 2020"]
    assert find_year(texts, "dokument_2018.pdf") == 2020


def test_year_falls_back_to_file_name():
    assert find_year(["Beslutad 2019-11-21"], "farsta_2022.pdf") == 2022
    assert find_year(["Ingen årtal här"], "rapport.pdf") is None
