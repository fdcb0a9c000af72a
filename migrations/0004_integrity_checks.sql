-- Integrity checks (SQLite's quick_check) as they run: after an unclean shutdown, after a
-- migration, while the last one failed, once a day in the background and on demand — no longer
-- on every open. The latest row is what settings shows; a failed one makes every open check again.
CREATE TABLE IF NOT EXISTS integrity_check (
    id          INTEGER PRIMARY KEY,
    checked_at  TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN
                ('unclean_shutdown', 'migration', 'previous_failure', 'schedule', 'on_demand')),
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    detail      TEXT NOT NULL,
    millis      INTEGER NOT NULL CHECK (millis >= 0)
) STRICT;
