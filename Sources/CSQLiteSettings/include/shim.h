#include <sqlite3.h>

/// Turns off SQLite's allocation statistics (SQLITE_CONFIG_MEMSTATUS), which take a process-wide mutex on every
/// allocation SQLite makes; nothing in Atalaya or GRDB reads them (sqlite3_memory_used, sqlite3_status64, the heap
/// limits). Only before SQLite is initialised: afterwards it returns SQLITE_MISUSE and changes nothing.
/// A wrapper because sqlite3_config is variadic, which Swift cannot call.
static inline int atalaya_sqlite3_memstatus_off(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// Keeps a statement journal (the pages a multi-row statement changes, for undoing it alone) in memory up to
/// `bytes` before it spills to a temporary file; SQLite's default is 64 KiB. Only before SQLite is initialised.
static inline int atalaya_sqlite3_statement_journal_spill(int bytes) {
    return sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, bytes);
}

/// Has SQLite's unix VFS start writing a named file's pages to disk each time `bytes` more have been written to it,
/// rather than leave them all to the sync at its commit or checkpoint, which then waited on the whole file (26 ms
/// of a 52 MB import's 0.45 s, for a 30 MB ledger; 3 ms with this). Changes no data and no durability. Call before
/// any database is opened, from one thread: it swaps an entry in the VFS's table of system calls. SQLITE_NOTFOUND
/// when this SQLite has no such table or does not write with pwrite64, which leaves everything as it was.
int atalaya_sqlite3_write_back_early(long long bytes);
