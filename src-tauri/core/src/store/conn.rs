//! The store's one seam between the domain and the database engine.
//!
//! The domain modules speak to [`Conn`] in the shape rusqlite taught them — `execute`,
//! `query_row`, `prepare(_cached)` → `query_map`/`query` — with rusqlite's value types
//! (`ToSql`/`FromSql`, `params!`) as the vocabulary of values on both engines. Behind it sit the
//! embedded SQLite file and a PostgreSQL server ([`super::pg`]). SQL is written once, in the
//! SQLite dialect; the PostgreSQL side rewrites what differs (placeholders, `group_concat`,
//! case-insensitive `LIKE` …) in one place. What cannot be rewritten (full-text search, integrity
//! checks, `VACUUM INTO`) asks [`Conn::engine`] and keeps both forms side by side, in the module
//! that owns the feature.
//!
//! Transactions are opened by the store's write path only ([`Conn::begin_write`]); the domain sees
//! one connection whether or not a write is open.

use rusqlite::types::{FromSql, ToSql, ToSqlOutput, Value, ValueRef};

use super::pg::{PgConn, PgRow};
use crate::error::{CoreError, Result};

/// Which engine a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A connection to the portfolio's database: the embedded SQLite file or an office server.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    /// Boxed: the server's connection is several times the size of SQLite's handle.
    Postgres(Box<PgConn>),
}

impl std::fmt::Debug for Conn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Conn::Sqlite(c) => c.fmt(f),
            Conn::Postgres(_) => f.write_str("Conn::Postgres"),
        }
    }
}

/// The "no row" error both engines report from [`Conn::query_row`]; [`OptionalExtension`] turns
/// it into `None`.
pub fn no_rows() -> CoreError {
    CoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows)
}

impl Conn {
    pub fn engine(&self) -> Engine {
        match self {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for what only the embedded file has (PRAGMAs, `VACUUM INTO`).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Sqlite(c) => Some(c),
            Conn::Postgres(_) => None,
        }
    }

    /// Runs one statement; returns the number of rows it changed.
    pub fn execute<P: Args>(&self, sql: &str, params: P) -> Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    /// Runs several statements without parameters (schema, pragmas, transaction control).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(c) => c.batch(sql),
        }
    }

    /// The first row of a query mapped by `f`; [`no_rows`] when there is none.
    pub fn query_row<T, P: Args, F>(&self, sql: &str, params: P, f: F) -> Result<T>
    where
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// A statement for one-off (dynamically built) SQL.
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        match self {
            Conn::Sqlite(c) => Ok(Stmt::Sqlite(SqliteStmt::Plain(c.prepare(sql)?))),
            Conn::Postgres(c) => Ok(Stmt::Postgres(c.statement(sql)?)),
        }
    }

    /// A statement kept prepared for the next call with the same SQL.
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        match self {
            Conn::Sqlite(c) => Ok(Stmt::Sqlite(SqliteStmt::Cached(c.prepare_cached(sql)?))),
            Conn::Postgres(c) => Ok(Stmt::Postgres(c.statement(sql)?)),
        }
    }

    /// The id the last INSERT gave its row (SQLite's rowid; PostgreSQL's identity via `lastval()`).
    pub fn last_insert_rowid(&self) -> i64 {
        match self {
            Conn::Sqlite(c) => c.last_insert_rowid(),
            Conn::Postgres(c) => c.last_value(),
        }
    }

    /// Opens the one write transaction: SQLite takes the file's write lock at once (IMMEDIATE);
    /// PostgreSQL takes the portfolio's write lock (an advisory lock), so writes — and the audit
    /// chain they append to — are serialised across every desk exactly as on one file.
    pub(crate) fn begin_write(&self) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch("BEGIN IMMEDIATE")?),
            Conn::Postgres(c) => c.begin_write(),
        }
    }

    pub(crate) fn commit(&self) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch("COMMIT")?),
            Conn::Postgres(c) => c.end("COMMIT"),
        }
    }

    pub(crate) fn rollback(&self) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch("ROLLBACK")?),
            Conn::Postgres(c) => c.end("ROLLBACK"),
        }
    }

    /// A read transaction until the [`ReadView`] is dropped: one consistent view for a series of
    /// reads (REPEATABLE READ on a server). On SQLite it also spares each statement taking and
    /// releasing the file's read lock (two `fcntl` and a `stat` each: a report runs thousands).
    /// Inside a transaction already open on this SQLite connection it adds nothing.
    pub fn read_view(&self) -> Result<ReadView<'_>> {
        let begin = match self {
            Conn::Sqlite(c) if !c.is_autocommit() => return Ok(ReadView(None)),
            Conn::Sqlite(_) => "BEGIN",
            Conn::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        self.execute_batch(begin)?;
        Ok(ReadView(Some(self)))
    }
}

/// A read transaction ([`Conn::read_view`]), ended when dropped (it changed nothing: a rollback
/// is as good as a commit).
pub struct ReadView<'c>(Option<&'c Conn>);

impl Drop for ReadView<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.0 {
            let _ = conn.execute_batch("ROLLBACK");
        }
    }
}

/// Parameters of a statement: everything rusqlite accepts as `Params` in this code base
/// (`params![…]`, `[]`, `[a, b]`, `&[&a]`, [`params_from_iter`]), turned into owned values so one
/// list binds on either engine.
pub trait Args {
    fn into_values(self) -> Result<Vec<Value>>;
}

fn owned(v: &dyn ToSql) -> Result<Value> {
    Ok(match v.to_sql()? {
        ToSqlOutput::Borrowed(r) => r.into(),
        ToSqlOutput::Owned(v) => v,
        other => {
            return Err(CoreError::Integrity(format!(
                "unsupported parameter kind: {other:?}"
            )))
        }
    })
}

impl Args for [&(dyn ToSql + Send + Sync); 0] {
    fn into_values(self) -> Result<Vec<Value>> {
        Ok(Vec::new())
    }
}

impl Args for &[&dyn ToSql] {
    fn into_values(self) -> Result<Vec<Value>> {
        self.iter().map(|v| owned(*v)).collect()
    }
}

impl Args for () {
    fn into_values(self) -> Result<Vec<Value>> {
        Ok(Vec::new())
    }
}

macro_rules! args_for_arrays {
    ($($n:literal)+) => {$(
        impl<T: ToSql> Args for &[&T; $n] {
            fn into_values(self) -> Result<Vec<Value>> {
                self.iter().map(|v| owned(*v)).collect()
            }
        }
        impl<T: ToSql> Args for [T; $n] {
            fn into_values(self) -> Result<Vec<Value>> {
                self.iter().map(|v| owned(v)).collect()
            }
        }
    )+};
}
args_for_arrays!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);

/// Parameters from an iterator (for SQL built with a variable number of `?`).
pub struct FromIter<I>(I);

pub fn params_from_iter<I>(iter: I) -> FromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    FromIter(iter)
}

impl<I> Args for FromIter<I>
where
    I: IntoIterator,
    I::Item: ToSql,
{
    fn into_values(self) -> Result<Vec<Value>> {
        self.0.into_iter().map(|v| owned(&v)).collect()
    }
}

enum SqliteStmt<'c> {
    Plain(rusqlite::Statement<'c>),
    Cached(rusqlite::CachedStatement<'c>),
}

impl<'c> SqliteStmt<'c> {
    fn st(&mut self) -> &mut rusqlite::Statement<'c> {
        match self {
            SqliteStmt::Plain(s) => s,
            SqliteStmt::Cached(s) => s,
        }
    }
}

/// A prepared statement on either engine.
pub enum Stmt<'c> {
    #[allow(private_interfaces)]
    Sqlite(SqliteStmt<'c>),
    Postgres(super::pg::PgStmt<'c>),
}

impl<'c> Stmt<'c> {
    pub fn execute<P: Args>(&mut self, params: P) -> Result<usize> {
        let values = params.into_values()?;
        match self {
            Stmt::Sqlite(s) => Ok(s.st().execute(rusqlite::params_from_iter(values.iter()))?),
            Stmt::Postgres(s) => s.execute(&values),
        }
    }

    /// Every row, each mapped by `f`.
    pub fn query_map<T, P: Args, F>(&mut self, params: P, f: F) -> Result<MappedRows<'_, F>>
    where
        F: FnMut(&Row<'_>) -> Result<T>,
    {
        Ok(MappedRows {
            rows: self.query(params)?,
            f,
        })
    }

    /// The rows, to step through with [`Rows::next`].
    pub fn query<P: Args>(&mut self, params: P) -> Result<Rows<'_>> {
        let values = params.into_values()?;
        match self {
            Stmt::Sqlite(s) => Ok(Rows::Sqlite(
                s.st().query(rusqlite::params_from_iter(values))?,
            )),
            Stmt::Postgres(s) => Ok(Rows::Postgres(s.query(&values)?.into_iter())),
        }
    }

    pub fn query_row<T, P: Args, F>(&mut self, params: P, f: F) -> Result<T>
    where
        F: FnOnce(&Row<'_>) -> Result<T>,
    {
        let mut rows = self.query(params)?;
        match rows.next()? {
            Some(r) => f(&r),
            None => Err(no_rows()),
        }
    }

    /// True when the query returns at least one row.
    pub fn exists<P: Args>(&mut self, params: P) -> Result<bool> {
        Ok(self.query(params)?.next()?.is_some())
    }
}

/// The rows of a query.
pub enum Rows<'s> {
    Sqlite(rusqlite::Rows<'s>),
    Postgres(std::vec::IntoIter<PgRow>),
}

impl<'s> Rows<'s> {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        match self {
            Rows::Sqlite(r) => Ok(r.next()?.map(Row::Sqlite)),
            Rows::Postgres(it) => Ok(it.next().map(Row::Postgres)),
        }
    }
}

/// Rows mapped one by one as they are read (see [`Stmt::query_map`]).
pub struct MappedRows<'s, F> {
    rows: Rows<'s>,
    f: F,
}

impl<T, F> Iterator for MappedRows<'_, F>
where
    F: FnMut(&Row<'_>) -> Result<T>,
{
    type Item = Result<T>;
    fn next(&mut self) -> Option<Result<T>> {
        match self.rows.next() {
            Ok(Some(row)) => Some((self.f)(&row)),
            Ok(None) => None,
            Err(e) => Some(Err(e)),
        }
    }
}

/// One row of a result.
pub enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(PgRow),
}

/// A column by position (from 0) or by name.
pub trait ColIndex: rusqlite::RowIndex + Copy {
    fn position(&self, row: &PgRow) -> Result<usize>;
}

impl ColIndex for usize {
    fn position(&self, _row: &PgRow) -> Result<usize> {
        Ok(*self)
    }
}

impl ColIndex for &str {
    fn position(&self, row: &PgRow) -> Result<usize> {
        row.position(self)
    }
}

impl Row<'_> {
    /// The value of a column as `T` (any rusqlite `FromSql` type, so domain types convert the same
    /// way on both engines).
    pub fn get<I: ColIndex, T: FromSql>(&self, idx: I) -> Result<T> {
        match self {
            Row::Sqlite(r) => Ok(r.get(idx)?),
            Row::Postgres(r) => {
                let i = idx.position(r)?;
                let value = r.value(i)?;
                T::column_result(value).map_err(|e| {
                    CoreError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
                        i,
                        value.data_type(),
                        Box::new(e),
                    ))
                })
            }
        }
    }

    /// The value of a column, borrowed (no copy of text or bytes).
    pub fn get_ref(&self, idx: usize) -> Result<ValueRef<'_>> {
        match self {
            Row::Sqlite(r) => Ok(r.get_ref(idx)?),
            Row::Postgres(r) => r.value(idx),
        }
    }
}

/// `.optional()` on a single-row result: "no row" becomes `None`, other errors stay errors.
pub trait OptionalExtension<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(CoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
