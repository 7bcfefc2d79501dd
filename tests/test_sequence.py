"""Risk numbers read by OCR against the document's sequence (issue 27, item 4's numbers):
a number outside it or twice in it is doubtful and gets a warning, never silence."""
from __future__ import annotations

from riskreg.i18n import use_language
from riskreg.normalize.sequence import doubtful_numbers
from riskreg.schema import Risk


def risks(numbers, source="ocr"):
    return [Risk(source_file="a.pdf", page=1 + i // 10, risk_nr=n, source=source) for i, n in enumerate(numbers)]


def test_numbers_in_order_give_nothing():
    assert doubtful_numbers(risks(range(1, 92)), "a.pdf") == []


def test_a_number_outside_the_sequence_is_doubtful():
    numbers = list(range(1, 92))
    numbers[71] = 172  # 72 read as 172 in a 91-risk register
    with use_language("en"):
        problems = doubtful_numbers(risks(numbers), "a.pdf")
    assert [p.code for p in problems] == ["risk_nr_doubtful"]
    assert "172 on page 8" in problems[0].message and "(71 and 73)" in problems[0].message
    assert "1 to 91" in problems[0].message and problems[0].severity == "warning"
    [swedish] = doubtful_numbers(risks(numbers), "a.pdf")  # Swedish outside any use_language
    assert "172 på sidan 8" in swedish.message and "(71 och 73)" in swedish.message


def test_a_number_read_twice_is_doubtful_both_times():
    numbers = list(range(1, 92))
    numbers[26] = 21  # 27 read as 21
    with use_language("en"):
        problems = doubtful_numbers(risks(numbers), "a.pdf")
    assert sorted(p.page for p in problems) == [3, 3]
    assert all("more than once" in p.message for p in problems)


def test_printed_numbers_and_registers_numbered_otherwise_are_left_alone():
    numbers = list(range(1, 92))
    numbers[71] = 172
    assert doubtful_numbers(risks(numbers, source="pdf"), "a.pdf") == []
    # numbered again from 1 under each process: no document-wide sequence to read against
    per_process = [n for _ in range(15) for n in (1, 2, 3, 4)]
    assert doubtful_numbers(risks(per_process), "a.pdf") == []
