"""The demo files on disk: ``tips.csv``, ``operations.csv`` and the note that says, in
French and English, that every record is fictitious."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hotspots.demo.data import DEMO_PERIOD_END, DEMO_PERIOD_START, DEMO_TIPS_DEFAULT
from hotspots.demo.operations import demo_operations
from hotspots.demo.tips import demo_tips

__all__ = [
    "write_demo_files",
]


def _readme_text(n_tips: int, seed: int, tips: pd.DataFrame, operations: pd.DataFrame) -> str:
    exploitable = tips["exploitable"]
    n_yes, n_no = int((exploitable == "oui").sum()), int((exploitable == "non").sum())
    n_pending = int((exploitable == "").sum())
    first, last = DEMO_PERIOD_START.isoformat(), DEMO_PERIOD_END.isoformat()
    return f"""DONNÉES ENTIÈREMENT FICTIVES — ENTIRELY FICTITIOUS DATA
=======================================================

FR
--
Ces fichiers sont synthétiques. Aucun signalement, aucune opération, aucune
personne réelle : tout est tiré au hasard (graine {seed}, {n_tips} signalements
demandés). Les identifiants commencent par DEMO-.

- tips.csv : {len(tips)} signalements reçus entre le {first} et le {last}
  ({n_yes} exploitables, {n_no} non exploitables, {n_pending} en attente de tri).
- operations.csv : {len(operations)} opérations liées à des signalements exploitables.

Calibrage : douze points de deal placés dans les quartiers prioritaires et le
centre-ville de Besançon (positions, intensités et horaires inventés) ; volume
par défaut de 186 signalements (environ 16 par mois), deux tiers des
signalements triés exploitables, environ 3 % en attente ; 13 opérations pour
186 signalements ; deux opérations reprennent les chiffres d'opérations
relatées par la presse locale en 2025 (fin juillet, centre-ville : 3
interpellations, 5 g de kétamine, 24 g d'herbe, 12 g de cocaïne, 550 € ; fin
octobre, Saint-Ferjeux : 1 interpellation, 950 g de résine de cannabis). Les
autres opérations sont inventées. Ne pas utiliser comme statistique réelle.

EN
--
These files are synthetic. No real tip, operation or person: everything is
drawn at random (seed {seed}, {n_tips} tips requested). Identifiers start with DEMO-.

- tips.csv: {len(tips)} tips received between {first} and {last}
  ({n_yes} exploitable, {n_no} not exploitable, {n_pending} pending triage).
- operations.csv: {len(operations)} operations linked to exploitable tips.

Calibration: twelve deal points in Besançon's priority neighbourhoods and city
centre (positions, intensities and hours made up); 186 tips by default (about
16 a month), two thirds of triaged tips exploitable, about 3 % pending; 13
operations per 186 tips; two operations copy the figures of operations reported
in the local press in 2025 (end of July, city centre: 3 arrests, 5 g ketamine,
24 g herb, 12 g cocaine, EUR 550; end of October, Saint-Ferjeux: 1 arrest,
950 g cannabis resin). The other operations are made up. Not real statistics.
"""


def write_demo_files(
    out_dir: Path, n_tips: int = DEMO_TIPS_DEFAULT, seed: int = 2025
) -> dict[str, Path]:
    """Write ``tips.csv``, ``operations.csv`` and ``LISEZMOI_DONNEES_FICTIVES.txt``.

    Parameters
    ----------
    out_dir
        Folder to write into (created if missing).
    n_tips, seed
        As for :func:`demo_tips`.

    Returns
    -------
    dict
        ``{"tips": path, "operations": path, "readme": path}``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tips = demo_tips(n_tips, seed)
    operations = demo_operations(tips, seed)
    paths = {
        "tips": out_dir / "tips.csv",
        "operations": out_dir / "operations.csv",
        "readme": out_dir / "LISEZMOI_DONNEES_FICTIVES.txt",
    }
    tips.to_csv(paths["tips"], index=False, encoding="utf-8", lineterminator="\n")
    operations.to_csv(paths["operations"], index=False, encoding="utf-8", lineterminator="\n")
    paths["readme"].write_text(_readme_text(n_tips, seed, tips, operations), encoding="utf-8")
    return paths
