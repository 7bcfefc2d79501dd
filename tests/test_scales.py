"""Scales: read from the header, the legend or the template, else inferred and flagged."""
import pytest

from riskreg.normalize.register import build_risks
from riskreg.normalize.scales import Legend, apply_scale, inferred_scale, read_legend
from riskreg.normalize.stitch import assemble_tables
from riskreg.normalize.validate import flag_risks

from test_combined import doc, table


def risks_of(header, rows, legend=Legend()):
    (t,) = assemble_tables(doc(table(1, [header] + rows)))
    problems = []
    risks = build_risks(t, "x.pdf", problems, score_words=legend.words)
    product, inferred = apply_scale(t, risks, legend)
    return t, risks, product, inferred, problems


def test_scale_from_the_header():
    _, risks, product, inferred, _ = risks_of(["Nr", "Risk", "S (1-4)", "K (1-4)", "Riskvärde"],
                                              [["1", "A", "2", "3", "6"]])
    assert [r.scale for r in risks] == [4] and not inferred and not product


def test_scale_from_the_legend_and_word_scores():
    legend = read_legend(["Bedömningsskala: Låg = 1, Medel = 2, Hög = 3. Risktal = sannolikhet × konsekvens."])
    assert legend.words == {"låg": 1, "medel": 2, "hög": 3} and legend.product and legend.words_scale == 3
    _, risks, product, inferred, problems = risks_of(
        ["Nr", "Risk", "Sannolikhet", "Konsekvens", "Risktal"],
        [["1", "A", "Hög", "Medel", "6"], ["2", "B", "Låg", "Låg", "1"]], legend)
    assert [(r.probability, r.probability_label, r.consequence, r.consequence_label) for r in risks] == [
        (3, "Hög", 2, "Medel"), (1, "Låg", 1, "Låg")]
    assert [r.scale for r in risks] == [3, 3] and product and not inferred and problems == []


def test_word_scores_without_a_legend_keep_their_words():
    _, risks, _, _, problems = risks_of(["Nr", "Risk", "Sannolikhet", "Konsekvens"], [["1", "A", "Hög", "Låg"]])
    assert (risks[0].probability, risks[0].probability_label) == (None, "Hög")
    assert {p.code for p in problems} == {"score_unreadable"}


@pytest.mark.parametrize("text, scale", [("Riskerna bedöms på en skala 1-4.", 4), ("Bedömningsskala 1–3", 3),
                                         ("skala: 1-5", 5), ("Sida 1 (4)", None)])
def test_scale_in_the_text(text, scale):
    assert read_legend([text]).scale == scale


def test_a_legend_table():
    legend = read_legend([], [["Nivå", "Värde"], ["Liten", "1"], ["Måttlig", "2"], ["Stor", "3"], ["Mycket stor", "4"]])
    assert legend.words == {"liten": 1, "måttlig": 2, "stor": 3, "mycket stor": 4} and legend.words_scale == 4


def test_inferred_when_nothing_says_and_flagged():
    # Risktal: the general template's word (Stockholm's template would say 1-5)
    t, risks, product, inferred, _ = risks_of(["Nr", "Risk", "Sannolikhet", "Konsekvens", "Risktal"],
                                              [["1", "A", "2", "4", "8"], ["2", "B", "1", "1", "1"]])
    assert t.template.name == "general_sv"
    assert [r.scale for r in risks] == [4, 4] and inferred
    assert inferred_scale(risks[1:]) == 3


def test_stockholm_template_says_1_to_5_and_product():
    _, risks, product, inferred, _ = risks_of(
        ["KF:s mål", "Process", "Arbetssätt", "Nr", "Oönskad händelse", "Sannolikhet", "Konsekvens", "RV"],
        [["1.1 Mål", "P", "A", "1", "E", "2. Mindre sannolikt", "2. Lindrig", "4"]])
    assert risks[0].scale == 5 and product and not inferred


def test_risk_value_checked_only_where_the_document_multiplies():
    _, risks, product, _, _ = risks_of(["Nr", "Risk", "S (1-4)", "K (1-4)", "Riskvärde"], [["1", "A", "2", "3", "5"]])
    flag_risks(risks, set(), False, not_product=frozenset() if product else frozenset({0}))
    assert risks[0].flags == ""  # no rule stated: 5 is what the document says
    legend = read_legend(["Riskvärde = S × K"])
    _, risks, product, _, _ = risks_of(["Nr", "Risk", "S (1-4)", "K (1-4)", "Riskvärde"], [["1", "A", "2", "3", "5"]],
                                       legend)
    flag_risks(risks, set(), False, not_product=frozenset() if product else frozenset({0}))
    assert product and risks[0].flags == "risk_value_mismatch"
