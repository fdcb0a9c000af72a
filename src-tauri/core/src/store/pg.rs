//! The PostgreSQL side of the store seam: a connection to the office server, its statements and
//! rows in rusqlite's value vocabulary, and the rewriting of the SQLite dialect the domain writes.
//!
//! Values cross as SQLite knows them (integer, real, text, blob, null): the server schema keeps
//! dates as ISO text and flags as 0/1 integers (see `migrations/postgres/`), so every statement
//! means the same on both engines. A parameter is encoded for whatever type the server inferred
//! for its place; a column is decoded from whatever type the server returns (`sum` of integers
//! is NUMERIC there, a comparison is BOOLEAN) into the SQLite value it would have been.

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;
use std::sync::Arc;

use bytes::BytesMut;
use postgres::types::{to_sql_checked, FromSql, IsNull, ToSql, Type};
use rusqlite::types::{Value, ValueRef};

use super::dialect::to_postgres;
use crate::error::{CoreError, Result};

/// The key of the advisory lock every write transaction takes: one writer at a time per
/// portfolio database, like the SQLite file's write lock, so the audit chain stays one line.
const WRITE_LOCK: i64 = 0x4348_495A_4149; // "CHIZAI"

type BoxError = Box<dyn StdError + Sync + Send>;

/// An open connection to a PostgreSQL server.
pub struct PgConn {
    client: RefCell<postgres::Client>,
    /// Prepared statements by the SQL the domain wrote (translated once).
    cache: RefCell<HashMap<String, postgres::Statement>>,
    /// `user@host/database`, for the window's header and messages.
    label: String,
    /// A transaction is open (a failed statement would abort it: see [`PgConn::prepared`]).
    in_tx: std::cell::Cell<bool>,
    /// How long a write waits for another desk's write lock (the SQLite busy wait's twin).
    lock_wait: std::cell::Cell<std::time::Duration>,
    /// The `id` the last INSERT into a table with one gave its row (SQLite's `last_insert_rowid`,
    /// explicit ids included: `lastval()` knows only ids the sequence handed out, and fails —
    /// aborting the transaction — before the first).
    last_id: std::cell::Cell<Option<i64>>,
    /// Whether a table has an `id` column, by name.
    has_id: RefCell<HashMap<String, bool>>,
}

impl PgConn {
    pub fn new(client: postgres::Client, label: String) -> PgConn {
        PgConn {
            client: RefCell::new(client),
            cache: RefCell::new(HashMap::new()),
            label,
            in_tx: std::cell::Cell::new(false),
            lock_wait: std::cell::Cell::new(super::DEFAULT_BUSY_WAIT),
            last_id: std::cell::Cell::new(None),
            has_id: RefCell::new(HashMap::new()),
        }
    }

    /// `sql` with `RETURNING id` when it is a plain INSERT into a table that has an `id` column
    /// (so [`PgConn::last_value`] knows the row's id, given or generated).
    fn with_returning_id(&self, sql: &str) -> Result<Option<String>> {
        let Some(table) = insert_table(sql) else {
            return Ok(None);
        };
        let known = self.has_id.borrow().get(&table).copied();
        let has = match known {
            Some(h) => h,
            None => {
                let h: bool = self
                    .client()?
                    .query_one(
                        "SELECT count(*) > 0 FROM information_schema.columns
                         WHERE table_schema = current_schema() AND table_name::text = $1 AND column_name::text = 'id'",
                        &[&table],
                    )?
                    .try_get(0)?;
                self.has_id.borrow_mut().insert(table, h);
                h
            }
        };
        Ok(has.then(|| format!("{} RETURNING id", sql.trim_end().trim_end_matches(';'))))
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    fn client(&self) -> Result<std::cell::RefMut<'_, postgres::Client>> {
        self.client
            .try_borrow_mut()
            .map_err(|_| CoreError::Integrity("the server connection is already in use".into()))
    }

    pub(crate) fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.client()?.batch_execute(&to_postgres(sql))?)
    }

    pub(crate) fn statement(&self, sql: &str) -> Result<PgStmt<'_>> {
        Ok(PgStmt {
            conn: self,
            sql: sql.to_owned(),
        })
    }

    /// The prepared form of `sql` for these values. The server infers each parameter's type from
    /// where it stands; where it cannot (`?1 IS NULL OR …` with `?1` nowhere else typed), the
    /// statement is prepared again with the types of the values given (a SQLite statement runs
    /// with any), and kept under that typing.
    fn prepared(&self, sql: &str, values: &[Value]) -> Result<postgres::Statement> {
        if let Some(stmt) = self.cache.borrow().get(sql) {
            return Ok(stmt.clone());
        }
        let typed_key = format!("{sql}\u{0}{}", signature(values));
        if let Some(stmt) = self.cache.borrow().get(&typed_key) {
            return Ok(stmt.clone());
        }
        let translated = to_postgres(sql);
        // Inside a transaction a failed prepare would abort it: try under a savepoint.
        let guarded = self.in_tx.get();
        if guarded {
            self.client()?.batch_execute("SAVEPOINT chizai_prepare")?;
        }
        let first = self.client()?.prepare(&translated);
        if guarded {
            self.client()?.batch_execute(if first.is_ok() {
                "RELEASE SAVEPOINT chizai_prepare"
            } else {
                "ROLLBACK TO SAVEPOINT chizai_prepare; RELEASE SAVEPOINT chizai_prepare"
            })?;
        }
        let (key, stmt) = match first {
            Ok(stmt) => (sql.to_owned(), stmt),
            Err(e) if e.code() == Some(&postgres::error::SqlState::INDETERMINATE_DATATYPE) => {
                let types: Vec<Type> = values.iter().map(type_of).collect();
                let stmt = self
                    .client()?
                    .prepare_typed(&translated, &types)
                    .map_err(|e| traced(&translated, e))?;
                (typed_key, stmt)
            }
            Err(e) => return Err(traced(&translated, e).into()),
        };
        let mut cache = self.cache.borrow_mut();
        if cache.len() > 1024 {
            // Dynamically built SQL (filters) must not grow the cache without bound.
            cache.clear();
        }
        cache.insert(key, stmt.clone());
        Ok(stmt)
    }

    pub(crate) fn last_value(&self) -> i64 {
        if let Some(id) = self.last_id.get() {
            return id;
        }
        self.client()
            .ok()
            .and_then(|mut c| c.query_one("SELECT lastval()", &[]).ok())
            .and_then(|r| r.try_get::<_, i64>(0).ok())
            .unwrap_or(0)
    }

    pub(crate) fn set_lock_wait(&self, wait: std::time::Duration) {
        self.lock_wait.set(wait);
    }

    pub(crate) fn begin_write(&self) -> Result<()> {
        let mut client = self.client()?;
        // lock_timeout 0 means "wait for ever": a zero wait is 1 ms here.
        let millis = self.lock_wait.get().as_millis().max(1);
        let begun = client.batch_execute(&format!(
            "BEGIN; SET LOCAL lock_timeout = {millis}; SELECT pg_advisory_xact_lock({WRITE_LOCK});"
        ));
        if let Err(e) = begun {
            // The failed lock left an aborted transaction behind: end it.
            let _ = client.batch_execute("ROLLBACK");
            return Err(e.into());
        }
        self.in_tx.set(true);
        Ok(())
    }

    /// Ends the open transaction with `COMMIT` or `ROLLBACK`.
    pub(crate) fn end(&self, how: &str) -> Result<()> {
        self.in_tx.set(false);
        Ok(self.client()?.batch_execute(how)?)
    }
}

/// A statement on the server, prepared at its first run (see [`PgConn::prepared`]).
pub struct PgStmt<'c> {
    conn: &'c PgConn,
    sql: String,
}

/// The table of a plain `INSERT INTO t …` without a RETURNING clause of its own.
fn insert_table(sql: &str) -> Option<String> {
    let t = sql.trim_start();
    let head = t.get(..12)?;
    if !head.eq_ignore_ascii_case("INSERT INTO ") || t.to_ascii_uppercase().contains("RETURNING") {
        return None;
    }
    let rest = t.get(12..)?.trim_start();
    let name: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '(')
        .filter(|c| *c != '"')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The server type a value stands for when the statement does not say.
fn type_of(v: &Value) -> Type {
    match v {
        Value::Integer(_) => Type::INT8,
        Value::Real(_) => Type::FLOAT8,
        Value::Blob(_) => Type::BYTEA,
        Value::Null | Value::Text(_) => Type::TEXT,
    }
}

fn signature(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| type_of(v).oid().to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// A statement the server cannot prepare is a defect of ours: `CHIZAI_TRACE_SQL` says which one.
fn traced(sql: &str, e: postgres::Error) -> postgres::Error {
    if std::env::var_os("CHIZAI_TRACE_SQL").is_some() {
        eprintln!("chizai: the server could not prepare:\n{sql}\n{e}");
    }
    e
}

impl PgStmt<'_> {
    fn bind<'v>(values: &'v [Value]) -> Vec<Param<'v>> {
        values.iter().map(Param).collect()
    }

    pub(crate) fn execute(&mut self, values: &[Value]) -> Result<usize> {
        let params = Self::bind(values);
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        if let Some(sql) = self.conn.with_returning_id(&self.sql)? {
            let stmt = self.conn.prepared(&sql, values)?;
            let rows = self.conn.client()?.query(&stmt, &refs)?;
            if let Some(id) = rows.last().and_then(|r| r.try_get::<_, i64>(0).ok()) {
                self.conn.last_id.set(Some(id));
            }
            return Ok(rows.len());
        }
        let stmt = self.conn.prepared(&self.sql, values)?;
        let n = self.conn.client()?.execute(&stmt, &refs)?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    pub(crate) fn query(&mut self, values: &[Value]) -> Result<Vec<PgRow>> {
        let params = Self::bind(values);
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        let stmt = self.conn.prepared(&self.sql, values)?;
        let rows = self.conn.client()?.query(&stmt, &refs)?;
        let names: Arc<[String]> = stmt.columns().iter().map(|c| c.name().to_owned()).collect();
        rows.iter()
            .map(|r| {
                let values = (0..r.len())
                    .map(|i| r.try_get::<_, Any>(i).map(|a| a.0))
                    .collect::<std::result::Result<Vec<_>, _>>()?;
                Ok(PgRow {
                    values,
                    names: names.clone(),
                })
            })
            .collect()
    }
}

/// One row from the server, decoded into SQLite values.
#[derive(Debug, Clone)]
pub struct PgRow {
    values: Vec<Value>,
    names: Arc<[String]>,
}

impl PgRow {
    pub(crate) fn value(&self, i: usize) -> Result<ValueRef<'_>> {
        self.values
            .get(i)
            .map(ValueRef::from)
            .ok_or_else(|| CoreError::Sqlite(rusqlite::Error::InvalidColumnIndex(i)))
    }

    pub(crate) fn position(&self, name: &str) -> Result<usize> {
        self.names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))
            .ok_or_else(|| CoreError::Sqlite(rusqlite::Error::InvalidColumnName(name.to_owned())))
    }
}

/// A parameter, encoded for the type the server expects in its place.
#[derive(Debug)]
struct Param<'v>(&'v Value);

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                Type::NUMERIC => {
                    encode_numeric(*i, out);
                    Ok(IsNull::No)
                }
                _ => i.to_string().to_sql(&Type::TEXT, out),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                Type::INT8 if f.fract() == 0.0 => (*f as i64).to_sql(ty, out),
                _ => f.to_string().to_sql(&Type::TEXT, out),
            },
            Value::Text(s) => match *ty {
                Type::INT8 => s.trim().parse::<i64>()?.to_sql(ty, out),
                Type::INT4 => s.trim().parse::<i32>()?.to_sql(ty, out),
                Type::FLOAT8 => s.trim().parse::<f64>()?.to_sql(ty, out),
                Type::BYTEA => s.as_bytes().to_sql(ty, out),
                Type::JSONB => {
                    out.extend_from_slice(&[1]);
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                }
                _ => {
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                }
            },
            Value::Blob(b) => match *ty {
                Type::BYTEA => b.as_slice().to_sql(ty, out),
                _ => std::str::from_utf8(b)?.to_sql(&Type::TEXT, out),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A column of any type, as the SQLite value it stands for.
struct Any(Value);

impl<'a> FromSql<'a> for Any {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(Any(match *ty {
            Type::BOOL => Value::Integer(i64::from(bool::from_sql(ty, raw)?)),
            Type::INT2 => Value::Integer(i64::from(i16::from_sql(ty, raw)?)),
            Type::INT4 => Value::Integer(i64::from(i32::from_sql(ty, raw)?)),
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::OID => Value::Integer(i64::from(u32::from_sql(ty, raw)?)),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(ty, raw)?)),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::NUMERIC => decode_numeric(raw)?,
            Type::BYTEA => Value::Blob(raw.to_vec()),
            Type::JSONB => {
                Value::Text(std::str::from_utf8(raw.get(1..).unwrap_or(&[]))?.to_owned())
            }
            _ => Value::Text(std::str::from_utf8(raw)?.to_owned()),
        }))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(Any(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// NUMERIC's binary form: digit count, weight (of the first base-10000 digit), sign, display
/// scale, then the base-10000 digits. Whole numbers that fit become integers (a `sum` of
/// integers), the rest reals — what SQLite returns for the same expression.
fn decode_numeric(raw: &[u8]) -> std::result::Result<Value, BoxError> {
    let word = |i: usize| -> std::result::Result<i16, BoxError> {
        let b = raw.get(i * 2..i * 2 + 2).ok_or("truncated NUMERIC value")?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    };
    let (ndigits, weight, sign, dscale) = (word(0)?, word(1)?, word(2)? as u16, word(3)?);
    if sign == 0xC000 {
        return Ok(Value::Null); // NaN: SQLite has no such value
    }
    let mut whole: Option<i128> = Some(0);
    let mut real = 0f64;
    for k in 0..ndigits.max(0) as usize {
        let d = word(4 + k)?;
        let exp = i32::from(weight) - k as i32;
        real += f64::from(d) * 10000f64.powi(exp);
        whole = match (whole, exp >= 0) {
            (Some(w), true) => 10000i128
                .checked_pow(exp as u32)
                .and_then(|p| w.checked_add(i128::from(d) * p)),
            (w, false) if d == 0 => w,
            _ => None,
        };
    }
    let negative = sign == 0x4000;
    match whole.and_then(|w| i64::try_from(if negative { -w } else { w }).ok()) {
        Some(i) if dscale == 0 => Ok(Value::Integer(i)),
        _ => Ok(Value::Real(if negative { -real } else { real })),
    }
}

fn encode_numeric(i: i64, out: &mut BytesMut) {
    let mut digits = Vec::new();
    let mut n = i.unsigned_abs();
    while n > 0 {
        digits.push((n % 10000) as i16);
        n /= 10000;
    }
    digits.reverse();
    let weight = digits.len() as i16 - 1;
    let sign: u16 = if i < 0 { 0x4000 } else { 0 };
    out.extend_from_slice(&(digits.len() as i16).to_be_bytes());
    out.extend_from_slice(&weight.max(0).to_be_bytes());
    out.extend_from_slice(&sign.to_be_bytes());
    out.extend_from_slice(&0i16.to_be_bytes());
    for d in digits {
        out.extend_from_slice(&d.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(i: i64) -> Value {
        let mut out = BytesMut::new();
        encode_numeric(i, &mut out);
        decode_numeric(&out).unwrap_or(Value::Null)
    }

    #[test]
    fn numeric_integers_survive_the_binary_form() {
        // sum() of integer columns comes back as NUMERIC: it must read as the same integer.
        for i in [
            0,
            1,
            -1,
            9999,
            10000,
            123_456_789,
            -987_654_321_012,
            i64::MAX,
            i64::MIN + 1,
        ] {
            assert_eq!(roundtrip(i), Value::Integer(i), "{i}");
        }
    }

    #[test]
    fn an_insert_names_its_table_for_the_returned_id() {
        assert_eq!(
            insert_table("INSERT INTO person (id, name) VALUES (?1, ?2)").as_deref(),
            Some("person")
        );
        assert_eq!(
            insert_table("  insert into \"agreement_party\"(a) VALUES (1)").as_deref(),
            Some("agreement_party")
        );
        assert_eq!(
            insert_table("INSERT INTO t (a) VALUES (1) RETURNING a"),
            None
        );
        assert_eq!(insert_table("UPDATE t SET a = 1"), None);
    }

    #[test]
    fn numeric_fractions_read_as_reals() {
        // 12.5 = digits [12, 5000], weight 0, scale 1.
        let raw: Vec<u8> = [2i16, 0, 0, 1, 12, 5000]
            .iter()
            .flat_map(|w| w.to_be_bytes())
            .collect();
        assert_eq!(decode_numeric(&raw).ok(), Some(Value::Real(12.5)));
    }
}
