"""First run: create the demo database when the configured store is empty."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import func, select

from hotspots.config import DEMO_SECRET, Settings
from hotspots.demo import DEMO_TIPS_DEFAULT, write_demo_files
from hotspots.ingest import IngestSummary, ingest_file
from hotspots.privacy import secret_fingerprint
from hotspots.schema import RecordKind
from hotspots.store import DEMO_DATASET, Store, operations, tips

__all__ = ["ensure_demo_database"]


def ensure_demo_database(
    settings: Settings, n_tips: int = DEMO_TIPS_DEFAULT, seed: int = 2025
) -> list[IngestSummary]:
    """Fill the configured store with demo data if it holds nothing yet.

    Returns the ingest summaries, or an empty list when the store already had data.
    """
    store = Store.open(settings.effective_ingest_url)
    try:
        with store.engine.connect() as conn:
            count = conn.execute(select(func.count()).select_from(tips)).scalar_one()
            count += conn.execute(select(func.count()).select_from(operations)).scalar_one()
        if count or (store.get_meta("dataset") not in (None, DEMO_DATASET)):
            return []
        with store.transaction() as conn:
            store.set_meta(conn, "dataset", DEMO_DATASET)
            store.set_meta(conn, "secret_fingerprint", secret_fingerprint(DEMO_SECRET))
        with tempfile.TemporaryDirectory(prefix="hotspots-demo-") as tmp:
            files = write_demo_files(Path(tmp), n_tips=n_tips, seed=seed)
            return [
                ingest_file(files["tips"], RecordKind.TIPS, store, settings, demo_data=True),
                ingest_file(
                    files["operations"], RecordKind.OPERATIONS, store, settings, demo_data=True
                ),
            ]
    finally:
        store.close()
