"""Validation: flag what does not add up, never rewrite what the document says."""
from __future__ import annotations

from ..i18n import _
from ..schema import Problem, Risk
from .logical import fill_merged_cells
from .parse import clean_text


def flag_risks(risks: list[Risk], controlled: set[int], has_control_plan: bool,
               not_product: frozenset[int] = frozenset()) -> None:
    """Set each risk's flags.

    risk_value_mismatch: the printed risk value is not probability x consequence.
    in_ikp_but_no_control / control_but_not_in_ikp: the VoR's IKP column and the
    internkontrollplan tables disagree (only checked where the document has both).
    ``controlled`` holds the positions in ``risks`` that some control links to;
    ``not_product`` those whose document does not say its risk value is
    probability x consequence (their risk value is not checked).
    """
    for i, risk in enumerate(risks):
        flags = []
        if (i not in not_product and risk.probability is not None and risk.consequence is not None
                and risk.risk_value is not None and risk.probability * risk.consequence != risk.risk_value):
            flags.append("risk_value_mismatch")
        if has_control_plan and risk.in_ikp is not None:
            if risk.in_ikp and i not in controlled:
                flags.append("in_ikp_but_no_control")
            if not risk.in_ikp and i in controlled:
                flags.append("control_but_not_in_ikp")
        risk.flags = ";".join(flags)


def check_read_whole(table, source: str) -> list[Problem]:
    """Problems for a register table that was not read whole: no rows, or rows without an event.

    ``table`` is a LogicalTable. Each problem names the page, so a person can look.
    """
    what = "väsentlighets- och riskanalys" if table.kind == "vor" else "internkontrollplan"  # the documents' terms
    page = table.pages[0] if table.pages else None
    if not table.rows:
        pages = f" --pages {page}" if page else ""
        return [Problem(source, page, "error", "table_not_read_whole", _(
            "The {what} table on page {page} has a header but no rows could be read under it; check the page, "
            "it may be an image or drawn in an unusual way. Run 'riskreg debug {source}{pages}' to see what was "
            "read.").format(what=what, page=page, source=source, pages=pages))]
    out = []
    for row in table.rows:
        if not clean_text(row.text("event")):
            out.append(Problem(source, row.page, "warning", "table_not_read_whole", _(
                "A row of the {what} table on page {page} has no Oönskad händelse; the table may not have been "
                "read whole there. Run 'riskreg debug {source} --pages {page}' to see what was read.")
                .format(what=what, page=row.page, source=source)))
    return out


def check_unknown_columns(table, source: str) -> list[Problem]:
    """A warning naming the columns of a register table that no template maps (their text is
    kept per row in ``extra``). ``table`` is a LogicalTable."""
    if not table.extra_columns:
        return []
    page = table.pages[0] if table.pages else None
    names = ", ".join(repr(c) for c in table.extra_columns)
    return [Problem(source, page, "warning", "unknown_columns", _(
        "The register table on page {page} has columns riskreg cannot map: {names}. Their text is kept in the "
        "extra column of each row; a template of your own (--template) can name them.")
        .format(page=page, names=names))]



def check_merged_start(tables: list, source: str) -> list[Problem]:
    """A warning for each register table whose first row has no value in its highest merged
    column (goal, or process) where the document's other rows of that kind have one: the merged
    cell the row sits under is not in the table. The table goes on, unseen, from a page before
    (text not printed read as a heading between them, say), or that cell was not read.
    ``tables`` are a document's LogicalTables."""
    starts = []  # (table, its highest merged column, the first row's value there)
    has_value = set()  # (kind, column) some row of the document holds
    for table in tables:
        top = next((name for name in table.merged if name in table.columns), None)
        if top is None or not table.rows:
            continue
        values = [row[top] for row in fill_merged_cells(table.rows, table.merged)]
        starts.append((table, top, values[0]))
        if any(values):
            has_value.add((table.kind, top))
    out = []
    for table, top, first in starts:
        if first or (table.kind, top) not in has_value:
            continue
        page = table.rows[0].page
        column = table.headers.get(top) or top
        out.append(Problem(source, page, "warning", "table_not_read_whole", _(
            "The first row of the register table on page {page} has no {column}, though the document's other "
            "rows have one: it stands under a merged cell that is not in the table. The table may go on from a "
            "page before without riskreg seeing it, or that cell was not read. Run 'riskreg debug {source} "
            "--pages {page}' to see what was read.").format(page=page, column=repr(column), source=source)))
    return out
