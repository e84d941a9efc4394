#!/usr/bin/env python3
"""SQLite's own share of an IATI import (not a test): copies every row a finished import wrote into an empty ledger
of the same schema with `INSERT … SELECT`, in one transaction as the import does, search entries included. No
parsing, no classification, no per-row statements: what SQLite alone needs to store these rows, the floor under
any importer that writes this schema. Usage: bench/sqlite_floor.py IMPORTED_LEDGER EMPTY_LEDGER TARGET
"""
import shutil
import sqlite3
import sys

source, empty, target = sys.argv[1:4]
# Parents before children, so that foreign keys are checked as the import has them checked.
tables = ["classification", "import_run", "import_warning", "activity", "narrative", "participating_org",
          "activity_recipient", "activity_sector", "txn", "txn_sector", "txn_recipient", "budget", "result",
          "indicator", "indicator_period", "allocation", "allocation_rollup"]
shutil.copyfile(empty, target)
db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA foreign_keys = ON")
db.execute("PRAGMA cache_size = -2048")
db.execute("ATTACH ? AS imported", (source,))
db.execute("BEGIN IMMEDIATE")
for table in tables:
    db.execute(f"INSERT INTO main.{table} SELECT * FROM imported.{table}")
db.execute("INSERT INTO main.narrative_search (rowid, text) SELECT id, text FROM imported.narrative")
db.execute("COMMIT")
db.close()
