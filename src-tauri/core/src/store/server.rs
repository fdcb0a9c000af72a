//! Opening the office server: the database named by a `postgres://` URL.
//!
//! The URL is libpq's (`postgres://USER@HOST[:PORT]/DBNAME`, with `?host=/socket/dir&port=N` and
//! `sslmode`). The password is never part of Chizai's own files: it comes from `PGPASSWORD` or the
//! password file (`~/.pgpass`, or `PGPASSFILE`), as for every PostgreSQL client, and a URL that
//! carries one is refused so it cannot end up in settings or shell history by way of Chizai.
//! Every failure to reach the database is one line naming what to do.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use postgres::config::Host;
use postgres::error::SqlState;

use super::pg::PgConn;
use super::Conn;
use crate::error::{CoreError, Result};

/// True for a `--db` / `CHIZAI_DB` value that names a server rather than a file: a URL is never
/// taken for a file name.
pub fn is_server_url(text: &str) -> bool {
    let t = text.trim_start().to_ascii_lowercase();
    t.starts_with("postgres://") || t.starts_with("postgresql://")
}

/// libpq reads `?host=` as replacing the URL's host (`postgres://u@localhost/db?host=/run/postgresql`
/// is the socket only); rust-postgres would try both, in turn. The URL's own host is dropped when
/// the query names one, so both clients reach the same server the same way.
fn libpq_hosts(url: &str) -> String {
    let Some((head, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    if !query.split('&').any(|kv| kv.starts_with("host=")) {
        return url.to_owned();
    }
    let Some((scheme, rest)) = head.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let user = authority.rsplit_once('@').map(|(u, _)| format!("{u}@"));
    format!("{scheme}://{}/{path}?{query}", user.unwrap_or_default())
}

/// What a desk is signed in as on the server: its login and the Chizai role it holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ServerSession {
    /// `user@host/database`.
    pub label: String,
    pub login: String,
    /// `owner`, `admin`, `staff`, `auditor`, or `none` (a login without a Chizai role).
    pub role: String,
    /// The connection is encrypted (TLS; see `sslmode`). A local socket never is, nor needs to be.
    pub tls: bool,
}

impl ServerSession {
    /// Whether this role writes the portfolio (the database enforces it; this is for the desk).
    pub fn may_write(&self) -> bool {
        matches!(self.role.as_str(), "owner" | "admin" | "staff")
    }
}

/// Connects to the server named by `url`.
pub(crate) fn connect(url: &str) -> Result<(Conn, ServerSession)> {
    let (plain, tls) = super::tls::split_tls(&libpq_hosts(url.trim()))?;
    let mut config = postgres::Config::from_str(&plain).map_err(|e| {
        CoreError::invalid(
            "database",
            format!(
                "{url:?} is not a PostgreSQL URL ({e}); write postgres://USER@HOST[:PORT]/DBNAME \
                 (a local socket: postgres://USER@localhost/DBNAME?host=/run/postgresql)"
            ),
        )
    })?;
    if config.get_password().is_some() {
        return Err(CoreError::invalid(
            "database",
            "the URL carries a password: remove it and put the password in ~/.pgpass \
             (HOST:PORT:DATABASE:USER:PASSWORD, mode 0600) or in PGPASSWORD",
        ));
    }
    // A local socket never uses TLS (libpq ignores sslmode there: the server offers none on it).
    let socket_only = config
        .get_hosts()
        .iter()
        .all(|h| matches!(h, Host::Unix(_)))
        && !config.get_hosts().is_empty();
    let tls_wanted = tls.mode != super::tls::SslMode::Disable && !socket_only;
    config.ssl_mode(if tls_wanted {
        tls.negotiation()
    } else {
        postgres::config::SslMode::Disable
    });
    if config.get_user().is_none() {
        let user = std::env::var("PGUSER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_default();
        config.user(&user);
    }
    let user = config.get_user().unwrap_or_default().to_owned();
    let dbname = config.get_dbname().unwrap_or(&user).to_owned();
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_owned(),
    };
    let from_files = password_for(&host, port, &dbname, &user);
    if let Some(password) = &from_files {
        config.password(password);
    }
    config.application_name("chizai");
    let label = format!("{user}@{host}/{dbname}");
    let tls_connector = if tls_wanted {
        Some(super::tls::connector(&tls)?)
    } else {
        None
    };
    let connect = |config: &postgres::Config| match &tls_connector {
        Some(c) => config.connect(c.clone()),
        None => config.connect(postgres::NoTls),
    };
    let mut connected = connect(&config);
    // The OS keyring is asked only when the server wants a password that neither PGPASSWORD nor
    // ~/.pgpass gave (libpq asks at that point too): a trusted socket never waits on it.
    if from_files.is_none() && matches!(&connected, Err(e) if wants_password(e)) {
        let account = keyring_account(&user, &host, port, &dbname);
        match crate::secrets::lookup("PGPASSWORD", &account) {
            Ok(secret) => {
                config.password(secret.value);
                connected = connect(&config);
            }
            Err(why) => {
                return Err(CoreError::Server(format!(
                    "{label}: the server asks for {user}'s password and none was found ({why}): \
                     put it in ~/.pgpass ({host}:{port}:{dbname}:{user}:PASSWORD, mode 0600), \
                     PGPASSWORD, or this desk's keychain (設定 → データベース)"
                )))
            }
        }
    }
    let client = connected.map_err(|e| match super::tls::explain(&e, &label) {
        Some(line) => CoreError::invalid("database", line),
        None => unreachable(&e, &label, &host, port, &user, &dbname),
    })?;
    let conn = Conn::Postgres(Box::new(PgConn::new(client, label.clone())));
    let (role, tls) = role_of(&conn)?;
    Ok((
        conn,
        ServerSession {
            label,
            login: user,
            role,
            tls,
        },
    ))
}

/// What a connection test finds on the server: who is signed in and the schema version of its
/// database (0 for an empty one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub session: ServerSession,
    pub schema_version: u32,
}

/// Connects to `url`, reads who is signed in and the database's schema version, and disconnects:
/// the desk's connection test. Unlike [`super::Store::open_server`] it migrates nothing and writes
/// nothing; a failure is the same one line.
pub fn probe(url: &str) -> Result<Probe> {
    let (conn, session) = connect(url)?;
    let schema_version = super::migrate::current_version(&conn)?;
    Ok(Probe {
        session,
        schema_version,
    })
}

/// The Chizai role the signed-in login holds: the database's owner, else the strongest of
/// `chizai_admin`, `chizai_staff`, `chizai_auditor` it is a member of.
fn role_of(c: &Conn) -> Result<(String, bool)> {
    // One round trip on every open: ownership and the three memberships together.
    let member = |role: &str| {
        format!(
            "(SELECT count(*) > 0 FROM pg_roles WHERE rolname = '{role}' AND pg_has_role(current_user, oid, 'member'))"
        )
    };
    let (owner, admin, staff, auditor, tls): (bool, bool, bool, bool, bool) = c.query_row(
        &format!(
            "SELECT pg_get_userbyid(datdba) = current_user, {}, {}, {},
                    COALESCE((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)
             FROM pg_database WHERE datname = current_database()",
            member("chizai_admin"),
            member("chizai_staff"),
            member("chizai_auditor")
        ),
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let role = match (owner, admin, staff, auditor) {
        (true, ..) => "owner",
        (_, true, ..) => "admin",
        (_, _, true, _) => "staff",
        (.., true) => "auditor",
        _ => "none",
    };
    Ok((role.to_owned(), tls))
}

/// The server asked for a password the connection was not given.
fn wants_password(e: &postgres::Error) -> bool {
    // rust-postgres says "invalid configuration", with the reason as its source.
    let source = std::error::Error::source(e).map(ToString::to_string);
    source.as_deref() == Some("password missing") || e.to_string().contains("password missing")
}

/// The keyring account of a server login: `postgres:USER@HOST:PORT/DATABASE`.
pub fn keyring_account(user: &str, host: &str, port: u16, db: &str) -> String {
    format!("postgres:{user}@{host}:{port}/{db}")
}

/// One line for a connection that failed, naming what to do.
fn unreachable(
    e: &postgres::Error,
    label: &str,
    host: &str,
    port: u16,
    user: &str,
    db: &str,
) -> CoreError {
    let what = match e.code() {
        Some(c) if *c == SqlState::INVALID_PASSWORD => format!(
            "the server refused the password for {user}: put the right one in ~/.pgpass \
             ({host}:{port}:{db}:{user}:PASSWORD, mode 0600) or PGPASSWORD"
        ),
        Some(c) if *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => format!(
            "the server does not let {user} in ({}): ask its administrator to create the login \
             (createuser {user}) and allow it in pg_hba.conf",
            e.as_db_error().map(|d| d.message()).unwrap_or_default()
        ),
        Some(c) if *c == SqlState::INVALID_CATALOG_NAME => format!(
            "the server has no database {db}: create it (createdb -O OWNER {db}) or correct the URL"
        ),
        _ => format!(
            "cannot reach the database server at {host} port {port} ({e}): check that it is \
             running and that the host, port and network are right"
        ),
    };
    CoreError::Server(format!("{label}: {what}"))
}

/// The password for a connection from `PGPASSWORD`, else from the password file.
fn password_for(host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    if let Ok(p) = std::env::var("PGPASSWORD") {
        return Some(p);
    }
    let file = std::env::var_os("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().join(".pgpass")))?;
    let text = std::fs::read_to_string(&file).ok()?;
    pgpass_lookup(&text, host, port, db, user, Path::new(host).is_absolute())
}

/// libpq's password file: `host:port:database:user:password` lines, `*` matching anything, `\`
/// escaping `:` and `\`; the first matching line wins. A socket connection matches `localhost`.
fn pgpass_lookup(
    text: &str,
    host: &str,
    port: u16,
    db: &str,
    user: &str,
    socket: bool,
) -> Option<String> {
    let port = port.to_string();
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        let [h, p, d, u, pw] = fields.as_slice() else {
            continue;
        };
        let host_ok = h == "*" || h == host || (socket && h == "localhost");
        if host_ok && (p == "*" || *p == port) && (d == "*" || d == db) && (u == "*" || u == user) {
            return Some(pw.clone());
        }
    }
    None
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(f)) = (chars.next(), fields.last_mut()) {
                    f.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            _ => {
                if let Some(f) = fields.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_socket_named_in_the_query_replaces_the_urls_host() {
        assert_eq!(
            libpq_hosts("postgres://chizai@localhost/ip?host=/run/postgresql&port=5432"),
            "postgres://chizai@/ip?host=/run/postgresql&port=5432"
        );
        assert_eq!(
            libpq_hosts("postgres://chizai@db.example.ac.jp:5433/ip?sslmode=prefer"),
            "postgres://chizai@db.example.ac.jp:5433/ip?sslmode=prefer"
        );
    }

    #[test]
    fn a_url_is_never_a_file_name() {
        assert!(is_server_url("postgres://chizai@db.example.ac.jp/ip"));
        assert!(is_server_url(
            "postgresql://u@localhost/ip?host=/run/postgresql"
        ));
        assert!(!is_server_url("/home/ip/chizai.sqlite"));
        assert!(!is_server_url("postgres.sqlite"));
    }

    #[test]
    fn the_password_file_matches_as_libpq_does() {
        let file = "# office\n\
                    db.example.ac.jp:5432:ip:tanaka:s3cr\\:et\n\
                    *:*:*:suzuki:any\n\
                    localhost:5432:*:local:sock\n";
        let find = |h: &str, u: &str, sock: bool| pgpass_lookup(file, h, 5432, "ip", u, sock);
        // An escaped colon is part of the password.
        assert_eq!(
            find("db.example.ac.jp", "tanaka", false).as_deref(),
            Some("s3cr:et")
        );
        assert_eq!(find("other", "suzuki", false).as_deref(), Some("any"));
        assert_eq!(find("other", "tanaka", false), None);
        // A socket directory matches a `localhost` line.
        assert_eq!(
            find("/run/postgresql", "local", true).as_deref(),
            Some("sock")
        );
    }
}
