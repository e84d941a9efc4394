#!/usr/bin/env python3
"""pandas anchor for bench/fa_run.py: read_csv in 100k-row chunks (all columns as text) + to_sql into SQLite."""
import sqlite3, sys, pandas as pd
src, db = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
for chunk in pd.read_csv(src, dtype=str, keep_default_na=False, chunksize=100_000):
    chunk.to_sql("fa", con, if_exists="append", index=False)
con.commit()
