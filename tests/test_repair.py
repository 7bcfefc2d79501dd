"""Mending rows whose cells a producer glued together or left out (seed 004)."""
from riskreg.normalize.repair import (looks_like_names, repair_row, split_repeated_measure)
from riskreg.normalize.logical import LogicalRow, Slot

COLUMNS = ["goal", "process", "working_method", "event", "probability", "consequence",
           "risk_value", "handling", "status_measure", "description", "responsible"]


def row(*texts: str) -> LogicalRow:
    return LogicalRow(page=1, slots={name: Slot(t) for name, t in zip(COLUMNS, texts)})


def texts(r: LogicalRow) -> list[str]:
    return [r.slots[name].text for name in COLUMNS[6:]]


def test_glued_risk_value_is_split_and_later_cells_move_right():
    r = row("", "P", "A", "E", "3.Möjlig", "3.Kännbar", "9 Med till väsentlighets- och riskanalysen",
            "Avslutad Följa upp.", "Införa system.", "Lena Slotte", "")
    assert repair_row(COLUMNS, r)
    assert texts(r) == ["9", "Med till väsentlighets- och riskanalysen", "Avslutad Följa upp.",
                        "Införa system.", "Lena Slotte"]


def test_missing_description_cell_gives_the_names_to_responsible():
    r = row("", "P", "A", "E", "2.", "3.", "6 Med till väsentlighets- och riskanalysen",
            "Avslutad Implementera.", "Pål Tennek", "", "")
    repair_row(COLUMNS, r)
    assert texts(r) == ["6", "Med till väsentlighets- och riskanalysen", "Avslutad Implementera.", "",
                        "Pål Tennek"]


def test_a_row_that_reads_right_is_untouched():
    cells = ("", "P", "A", "E", "2.", "3.", "6", "Hantera", "Avslutad X", "Beskrivning av arbetet",
             "Lena Slotte")
    r = row(*cells)
    assert not repair_row(COLUMNS, r)
    assert texts(r) == list(cells[6:])


def test_value_that_is_no_risk_value_is_not_split():
    r = row("", "P", "A", "E", "2.", "3.", "7 dagar", "", "", "", "")
    assert not repair_row(COLUMNS, r)


def test_names():
    assert looks_like_names("Lena Slotte, Snorre Berglund, Pål Tennek")
    assert looks_like_names("Christin Bjuggren")
    assert not looks_like_names("Enhetschefer har ansvar för att rutin följs.")
    assert not looks_like_names("Ekonomiavdelningen")


def test_names_not_from_the_samples():
    for names in ["Anna von Platen", "Carl af Klercker", "Sven-Erik Åberg", "Maria de la Cruz, Johan Öst",
                  "Eva Ek-Lundqvist", "Hans van der Berg", "Zoë Müller"]:
        assert looks_like_names(names), names


def test_organisations_written_like_names_are_not_names():
    for text in ["Socialförvaltningen Stockholms Stad", "Kommunstyrelsen Stockholm", "Stadsledningskontoret Ekonomi",
                 "Ekonomiavdelningen Hägersten", "Göteborgs Stad", "Region Stockholm", "Botkyrka Kommun",
                 "Trafikverket Väst", "Servicenämnden, Kulturnämnden", "Lena Slotte, Ekonomienheten Väster"]:
        assert not looks_like_names(text), text
    assert not looks_like_names("Anna von")  # a particle is no name
    assert not looks_like_names("anna von platen")  # names are capitalised


def test_status_measure_and_identical_description_in_one_cell():
    x = "Implementera Kungsholmsmodellen i hela förvaltningen."
    assert split_repeated_measure(f"{x} {x}", "") == (x, x)
    assert split_repeated_measure(f"{x} {x}", "Annat") == (f"{x} {x}", "Annat")
    assert split_repeated_measure("Uppföljning av rutin", "") == ("Uppföljning av rutin", "")
