#!/usr/bin/env bash
# Checks that migrations/postgres/*.sql build the same schema as migrations/*.sql (issue 12).
#
#   scripts/compare-schemas.sh [POSTGRES_URL]
#
# Applies the SQLite migrations to a temporary file (`chizai init`, see below) and the PostgreSQL ones, in
# order and with ON_ERROR_STOP, to a fresh database on the server at POSTGRES_URL (a database is
# created there and dropped afterwards; the URL's role must be allowed to CREATE DATABASE). Without a
# URL it starts a throwaway cluster with scripts/pg-test-cluster.sh and stops it at the end.
#
# Compared, table by table: the tables; each column's position, name, type class (INTEGER~bigint,
# TEXT~text, REAL~double precision, BLOB~bytea), nullability, default and primary-key position; the
# explicitly created indexes (name, table, unique, columns, partial predicate); UNIQUE constraints;
# foreign keys with their ON DELETE / ON UPDATE; the number of CHECK constraints per table; triggers
# and views. Also the migration files themselves: the same numbers and names on both sides.
# The documented translations are allowed and checked for separately: search_index (FTS5 in SQLite,
# a pg_trgm table here), the append-only triggers on audit_log, every foreign key DEFERRABLE and
# every text column COLLATE "C".
# Exits 1 on any difference.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
for tool in sqlite3 psql; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is required" >&2; exit 1; }
done

work="$(mktemp -d)"
cluster=""
db=""
cleanup() {
    if [ -n "$db" ]; then psql "$admin_url" -qAtc "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; fi
    if [ -n "$cluster" ]; then "$root/scripts/pg-test-cluster.sh" stop "$cluster" || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [ $# -ge 1 ]; then
    admin_url="$1"
else
    cluster="$work/pg"
    admin_url="$("$root/scripts/pg-test-cluster.sh" start "$cluster")"
fi

fail=0
section() { printf '\n== %s\n' "$1"; }
# compare NAME FILE_A FILE_B: prints the differences (< sqlite, > postgres) and remembers a failure.
compare() {
    if diff -u --label "sqlite: $1" --label "postgres: $1" "$2" "$3" >"$work/diff"; then
        echo "$1: same ($(wc -l <"$2") lines)"
    else
        echo "$1: DIFFERENT"
        cat "$work/diff"
        fail=1
    fi
}

section "migration files"
(cd "$root/migrations" && ls -1 [0-9]*.sql) >"$work/files.sqlite"
(cd "$root/migrations/postgres" && ls -1 [0-9]*.sql) >"$work/files.pg"
compare "migration files" "$work/files.sqlite" "$work/files.pg"

section "applying"
sq="$work/chizai.sqlite"
# The file's schema is built by chizai itself (the migrations it embeds, run by the SQLite it is
# built with): Debian 12's sqlite3 shell (3.40) lacks functions the migrations use (unhex, 3.41).
# CHIZAI_BIN names the binary; else a built one in target/ is used; else the sqlite3 shell.
chizai_bin="${CHIZAI_BIN:-}"
for candidate in "$root/target/debug/chizai" "$root/target/release/chizai"; do
    if [ -z "$chizai_bin" ] && [ -x "$candidate" ]; then chizai_bin="$candidate"; fi
done
if [ -n "$chizai_bin" ]; then
    "$chizai_bin" --db "$sq" init --institution "schema comparison" >/dev/null ||
        { echo "$chizai_bin init failed" >&2; exit 1; }
    echo "sqlite: migrations applied by $chizai_bin"
else
    for f in "$root"/migrations/[0-9]*.sql; do
        sqlite3 -bail "$sq" <"$f" || { echo "sqlite3 failed on $f (SQLite ≥ 3.41 needed, or set CHIZAI_BIN)" >&2; exit 1; }
    done
    echo "sqlite: $(ls "$root"/migrations/[0-9]*.sql | wc -l) migrations applied"
fi
db="chizai_compare_$$"
psql "$admin_url" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null
# The same URL with the database name replaced (postgres://user@host[:port]/NAME[?params]).
pg_url="$(printf '%s' "$admin_url" | sed -E "s#^(postgres(ql)?://[^/]*)(/[^?]*)?#\1/$db#")"
for f in "$root"/migrations/postgres/[0-9]*.sql; do
    psql "$pg_url" -q -X -1 -v ON_ERROR_STOP=1 -f "$f" >/dev/null || { echo "psql failed on $f" >&2; exit 1; }
done
echo "postgres: $(ls "$root"/migrations/postgres/[0-9]*.sql | wc -l) migrations applied"

sql() { sqlite3 -bail -noheader -separator '|' "$sq" "$1"; }
pg() { psql "$pg_url" -X -qAt -F '|' -v ON_ERROR_STOP=1 -c "$1"; }

# Tables compared column for column: every ordinary table except search_index (documented below).
# schema_migration is the migration runner's own ledger (created by chizai on both engines, by
# no migration file): left out on the side where `chizai init` made it.
sq_tables="m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE 'search_index%' AND m.name <> 'schema_migration'"
# attachment_content is the server's alone: a desk's file keeps attachment contents as files
# (migrations/0008_shared_attachments.sql).
pg_tables="c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND c.relname NOT IN ('search_index', 'attachment_content')"

section "tables and columns"
# table|position|column|type class|not null|default|pk position
sql "SELECT m.name, p.cid + 1, p.name,
            CASE upper(p.type) WHEN 'INTEGER' THEN 'int' WHEN 'TEXT' THEN 'text' WHEN 'REAL' THEN 'real'
                               WHEN 'BLOB' THEN 'blob' ELSE 'other:' || p.type END,
            CASE WHEN p.\"notnull\" OR p.pk > 0 THEN 'not null' ELSE 'null' END,
            coalesce(p.dflt_value, ''), p.pk
     FROM sqlite_master m, pragma_table_info(m.name) p WHERE $sq_tables ORDER BY 1, 2" >"$work/cols.sqlite"
pg "SELECT c.relname, row_number() OVER (PARTITION BY c.relname ORDER BY a.attnum), a.attname,
           CASE format_type(a.atttypid, a.atttypmod) WHEN 'bigint' THEN 'int' WHEN 'text' THEN 'text'
                WHEN 'double precision' THEN 'real' WHEN 'bytea' THEN 'blob'
                ELSE 'other:' || format_type(a.atttypid, a.atttypmod) END,
           CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END,
           coalesce(regexp_replace(pg_get_expr(d.adbin, d.adrelid), '::(text|bigint|integer|double precision)', '', 'g'), ''),
           coalesce((SELECT array_position(k.conkey, a.attnum) FROM pg_constraint k
                     WHERE k.conrelid = c.oid AND k.contype = 'p'), 0)
    FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE $pg_tables ORDER BY 1, 2" >"$work/cols.pg"
compare "columns" "$work/cols.sqlite" "$work/cols.pg"

section "indexes"
# name|table|unique|columns|partial predicate (normalised: no casts, no outer parentheses, one space)
norm_pred="sed -E -e 's/::text//g' -e 's/[[:space:]]+/ /g' -e 's/^ //; s/ \$//' -e 's/\\|\\((.*)\\)\$/|\\1/'"
sql "SELECT m.name, m.tbl_name, l.\"unique\",
            (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno)),
            CASE WHEN l.partial THEN substr(replace(m.sql, char(10), ' '), instr(upper(replace(m.sql, char(10), ' ')), ' WHERE ') + 7) ELSE '' END
     FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
     WHERE m.type = 'index' AND m.sql IS NOT NULL AND m.tbl_name NOT LIKE 'search_index%' ORDER BY 1" | eval "$norm_pred" | sort >"$work/idx.sqlite"
pg "SELECT ic.relname, c.relname, i.indisunique::int,
           array_to_string(ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(n, o)
                                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o), ','),
           coalesce(pg_get_expr(i.indpred, i.indrelid), '')
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
    WHERE $pg_tables AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
    ORDER BY 1" | eval "$norm_pred" | sort >"$work/idx.pg"
compare "indexes" "$work/idx.sqlite" "$work/idx.pg"

section "unique constraints"
# table|columns (UNIQUE in a column or table definition; SQLite backs each with an autoindex)
sql "SELECT m.name, (SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno))
     FROM sqlite_master m JOIN pragma_index_list(m.name) l ON l.origin = 'u' WHERE $sq_tables" | sort >"$work/uniq.sqlite"
pg "SELECT c.relname, array_to_string(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                                            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.n ORDER BY u.o), ',')
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'u' AND $pg_tables" | sort >"$work/uniq.pg"
compare "unique constraints" "$work/uniq.sqlite" "$work/uniq.pg"

section "foreign keys"
# table|columns|referenced table|referenced columns|on delete|on update
sql "SELECT m.name, group_concat(f.\"from\", ','), f.\"table\", group_concat(coalesce(f.\"to\", '?'), ','),
            f.on_delete, f.on_update
     FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE $sq_tables
     GROUP BY m.name, f.id" | sort >"$work/fk.sqlite"
pg "SELECT c.relname,
           array_to_string(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                                 JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o), ','),
           r.relname,
           array_to_string(ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                                 JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o), ','),
           CASE k.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                              WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END,
           CASE k.confupdtype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                              WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
    WHERE k.contype = 'f' AND $pg_tables" | sort >"$work/fk.pg"
compare "foreign keys" "$work/fk.sqlite" "$work/fk.pg"

section "check constraints"
# table|number of CHECKs (SQLite keeps them only in the table's SQL: counted there, comments removed)
sql "SELECT name, sql FROM sqlite_master m WHERE $sq_tables ORDER BY name" \
    | awk -F'|' '
        /^[a-z_]+\|CREATE TABLE/ { if (t != "") print t "|" n; t = $1; n = 0; sub(/^[^|]*\|/, "") }
        { sub(/--.*/, ""); n += gsub(/CHECK[[:space:]]*\(/, "") }
        END { if (t != "") print t "|" n }' | grep -v '|0$' | sort >"$work/chk.sqlite"
pg "SELECT c.relname, count(*) FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    WHERE k.contype = 'c' AND $pg_tables GROUP BY 1" | sort >"$work/chk.pg"
compare "check constraints" "$work/chk.sqlite" "$work/chk.pg"

section "triggers and views (none in SQLite; on PostgreSQL only the documented audit_log and chizai_row_id triggers)"
sql "SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('trigger', 'view')" | sort >"$work/trg.sqlite"
pg "SELECT 'trigger', t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace
      AND NOT (c.relname = 'audit_log' AND t.tgname IN ('audit_log_no_update_delete', 'audit_log_no_truncate'))
      -- SQLite's rowid rules (NULL → next id, an explicit id moves the sequence), one per table
      AND t.tgname <> 'chizai_row_id'
    UNION ALL SELECT 'view', viewname, viewname FROM pg_views WHERE schemaname = 'public'" | sort >"$work/trg.pg"
compare "triggers and views" "$work/trg.sqlite" "$work/trg.pg"

section "documented translations"
expect() { # expect WHAT EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then echo "$1: as documented"; else
        echo "$1: NOT as documented"; echo "  expected: $2"; echo "  found:    $3"; fail=1; fi
}
expect "search_index in SQLite (FTS5, trigram)" "1" \
    "$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'search_index' AND sql LIKE '%fts5%trigram%'")"
expect "search_index columns" "entity|text|t;entity_id|bigint|t;text|text|t" \
    "$(pg "SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute
          WHERE attrelid = 'search_index'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum" | paste -sd ';')"
expect "search_index indexes" "search_index_entry|btree|t|entity, entity_id;search_index_text_trgm|gin|f|text gin_trgm_ops" \
    "$(pg "SELECT ic.relname, am.amname, i.indisunique,
                  regexp_replace(pg_get_indexdef(i.indexrelid), '^.*USING [a-z]+ \((.*)\)$', '\1')
          FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
          WHERE i.indrelid = 'search_index'::regclass ORDER BY 1" | paste -sd ';')"
expect "every foreign key DEFERRABLE INITIALLY IMMEDIATE (for SET CONSTRAINTS ALL DEFERRED)" "0" \
    "$(pg "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace
          AND NOT (condeferrable AND NOT condeferred)")"
expect "every text column COLLATE \"C\" (SQLite's BINARY)" "0" \
    "$(pg "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0
            AND a.atttypid = 'text'::regtype AND a.attcollation <> '\"C\"'::regcollation")"
expect "pg_trgm" "1" "$(pg "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")"
expect "audit_log triggers" "audit_log_no_truncate|BEFORE TRUNCATE|STATEMENT;audit_log_no_update_delete|BEFORE DELETE OR UPDATE|ROW" \
    "$(pg "SELECT tgname, regexp_replace(pg_get_triggerdef(oid), '^.* (BEFORE [A-Z ]+) ON .*$', '\1'),
                  CASE WHEN tgtype & 1 = 1 THEN 'ROW' ELSE 'STATEMENT' END
          FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY 1" | paste -sd ';')"
expect "audit_log refuses UPDATE" "refused" \
    "$(pg "INSERT INTO audit_log (at, actor, entity, entity_id, action, hash)
          VALUES ('t', 'a', 'e', '1', 'create', decode(repeat('00', 32), 'hex'))" >/dev/null 2>&1 &&
       pg "UPDATE audit_log SET actor = actor" >/dev/null 2>&1 && echo allowed || echo refused)"
# The row above must have gone in: otherwise "refused" would say nothing about the trigger.
expect "audit_log accepts an INSERT" "1" "$(pg "SELECT count(*) FROM audit_log WHERE actor = 'a' AND entity = 'e'")"

echo
if [ "$fail" -ne 0 ]; then
    echo "schemas DIFFER"
    exit 1
fi
echo "schemas match"
