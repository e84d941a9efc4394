#!/usr/bin/env python3
"""DuckDB anchor for bench/fa_run.py: read_csv (all columns as text) written into a SQLite file through DuckDB's
sqlite extension (duckdb==1.4.4 with the duckdb-ext-sqlite wheel from PyPI, loaded by path)."""
import duckdb, sys, os, glob
src, db = sys.argv[1], sys.argv[2]
ext = glob.glob(os.path.join(os.path.dirname(duckdb.__file__), "..", "duckdb_ext", "extensions", "*", "*", "sqlite_scanner.duckdb_extension"))[0]
con = duckdb.connect(config={"allow_unsigned_extensions": "true"})
con.execute(f"LOAD '{ext}'")
con.execute(f"ATTACH '{db}' AS out (TYPE sqlite)")
con.execute(f"CREATE TABLE out.fa AS SELECT * FROM read_csv('{src}', header=true, all_varchar=true)")
