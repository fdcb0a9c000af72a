-- A lean docket (PostgreSQL): the same data change as migrations/0005_lean_docket.sql. No
-- translation needed: the UPDATE is portable. SQLite's store then runs VACUUM; on PostgreSQL the
-- space is reused by autovacuum (VACUUM cannot run inside the migration's transaction anyway).
--
-- A lean docket: a generated deadline's explanation is rebuilt from its rule, its application's
-- facts and the calendar when shown (src-tauri/core/src/deadlines/explained.rs), no longer stored
-- with every row (about 1.2 KB each: most of a 100,000-application database). Obsolete rows keep
-- what they stored, since their trigger is gone and could not explain them again. The space is
-- returned to the file by the VACUUM the store runs after a migration that freed much of it.
UPDATE deadline SET explanation_json = '{}'
WHERE origin = 'generated' AND status <> 'obsolete' AND explanation_json <> '{}';
