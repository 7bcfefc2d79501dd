"""Evidence for diff's default threshold: how true pairs and false candidates score.

    python bench/pairing_threshold.py

Uses the next-year sample (true pairing known by construction, see
samples/next_year.py) and two unrelated documents (seed 000 and seed 004 are
different nämnder's registers, so none of their risk pairs is a true pair).
The numbers are quoted in docs/cli.md, "How diff pairs risks".
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

import riskreg
from riskreg.match.pairing import PairSettings, score_matrix

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def main() -> None:
    s = PairSettings()
    old = riskreg.extract_register(SAMPLES / "hagersten_liljeholmen_2020.pdf").risks
    new = riskreg.extract_register(SAMPLES / "hagersten_liljeholmen_2021.pdf").risks
    scores, events = score_matrix(old, new, s)
    index_old = {int(n): i for i, n in enumerate(old["risk_nr"])}
    index_new = {int(n): j for j, n in enumerate(new["risk_nr"])}
    with (SAMPLES / "expected" / "hagersten_liljeholmen_2020_2021.pairs.csv").open(encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))
    true = [(index_old[int(r["old_risk_nr"])], index_new[int(r["new_risk_nr"])]) for r in truth
            if r["old_risk_nr"] and r["new_risk_nr"]]
    removed = [index_old[int(r["old_risk_nr"])] for r in truth if not r["new_risk_nr"]]
    added = [index_new[int(r["new_risk_nr"])] for r in truth if not r["old_risk_nr"]]
    t_scores = sorted(scores[i, j] for i, j in true)
    t_events = sorted(events[i, j] for i, j in true)
    f = sorted(((scores[i, j], events[i, j], i, j) for i in removed for j in added), reverse=True)
    print(f"next-year sample: {len(true)} true pairs, {len(removed)} removed, {len(added)} new")
    print(f"  true pairs: lowest score {t_scores[0]:.1f}, next {t_scores[1]:.1f}; lowest event similarity "
          f"{t_events[0]:.1f}")
    print("  removed x new (pairs that must not be made), highest:")
    for sc, ev, i, j in f[:3]:
        print(f"    {sc:.1f} (event {ev:.1f}): {old['event'][i]!r} / {new['event'][j]!r}")
    a = riskreg.extract_register(SAMPLES / "kungsholmen_2017_uppfoljning.pdf").risks
    u_scores, u_events = score_matrix(a, old, s)
    i, j = np.unravel_index(u_scores.argmax(), u_scores.shape)
    print(f"unrelated registers (seed 004 x seed 000, {u_scores.size} pairs): highest score "
          f"{u_scores[i, j]:.1f} (event {u_events[i, j]:.1f}): {a['event'][i]!r} / {old['event'][j]!r}; "
          f"highest event similarity {u_events.max():.1f}")
    print(f"defaults: threshold {s.threshold}, min_event_similarity {s.min_event_similarity}")


if __name__ == "__main__":
    main()
