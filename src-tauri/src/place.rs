//! Which database this desk opens: its own file, or the office server.
//!
//! `CHIZAI_DB` decides when it is set (a `postgres://` URL is a server, anything else a file: a URL
//! is never taken for a file name), so the CLI and the app still look at one database. Otherwise
//! the desk's own choice in `desk.toml`, in the app's data directory beside the default database,
//! decides (the office server, or another file chosen on the start screen when this desk's own
//! was missing); without that file the desk opens its own file. The choice takes effect at the next
//! start: the open store is never swapped under the screens.
//!
//! `desk.toml` holds the server's host, port, database, login and TLS mode — never a password.
//! The password comes from `PGPASSWORD` or `~/.pgpass`, as for every PostgreSQL client (see
//! `chizai_core::store::server`).

use std::path::{Path, PathBuf};

use chizai_core::store::server::is_server_url;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CommandError, CommandResult, ErrorCode};

/// The desk-local settings file, in the app's data directory.
pub const DESK_FILE: &str = "desk.toml";

/// Seconds a connection attempt waits for the server before it gives up with the one-line error.
const CONNECT_TIMEOUT_S: u32 = 10;

/// libpq's `sslmode`, with libpq's meanings (see `chizai_core::store` TLS: what is encrypted and
/// what is checked).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(rename_all = "kebab-case")]
pub enum TlsMode {
    /// No TLS.
    #[default]
    Disable,
    /// TLS if the server offers it; its certificate is not checked.
    Prefer,
    /// TLS or nothing; the certificate is checked only against a CA file given.
    Require,
    /// TLS; the certificate must be signed by a trusted CA.
    VerifyCa,
    /// TLS; the certificate must be signed by a trusted CA and issued for the host.
    VerifyFull,
}

/// The office server, as the settings screen edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServerSettings {
    /// Host name or address; a path (`/run/postgresql`) is a local socket directory.
    pub host: String,
    pub port: u16,
    pub database: String,
    /// The PostgreSQL login.
    pub user: String,
    #[serde(default)]
    pub tls: TlsMode,
    /// The office CA's certificate (PEM) for checking the server's; empty: the system's CAs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cert: Option<String>,
}

/// What `desk.toml` says: the office server, another database file (chosen on the start screen
/// when this desk's own was missing), or nothing (this desk's own file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeskChoice {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<ServerSettings>,
    /// A database file to open instead of this desk's own (ignored while `server` is set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// What named the database: decides what a missing file gets (see [`crate::missing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `CHIZAI_DB`.
    Env,
    /// `desk.toml`.
    Desk,
    /// Nothing: this desk's own file at the default place.
    Default,
}

/// The database the running app works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A SQLite file.
    File(PathBuf),
    /// An office server, by its `postgres://` URL (no password in it).
    Server(String),
}

/// A login or database name this desk writes into a URL: plain letters, digits, `_`, `-`, `.`.
fn plain_name(field: &str, what: &str, value: &str) -> CommandResult<()> {
    let ok = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(())
    } else {
        Err(CommandError::invalid(
            field,
            format!("{what} {value:?} is empty or has characters other than letters, digits, _ - . : write the name as the server's administrator gave it"),
        ))
    }
}

impl ServerSettings {
    /// The `postgres://` URL these settings name, or why they name none (an empty field, a CA
    /// file that is not there).
    pub fn url(&self) -> CommandResult<String> {
        let host = self.host.trim();
        if host.is_empty()
            || host
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '@' | '?' | '&' | '#'))
        {
            return Err(CommandError::invalid(
                "server.host",
                format!("the host {host:?} is empty or not a host name: write e.g. db.example.ac.jp, 192.0.2.10 or a socket folder such as /run/postgresql"),
            ));
        }
        plain_name("server.database", "the database", self.database.trim())?;
        plain_name("server.user", "the login", self.user.trim())?;
        if self.port == 0 {
            return Err(CommandError::invalid(
                "server.port",
                "the port must be 1–65535 (PostgreSQL's usual port is 5432)".to_owned(),
            ));
        }
        let mode = match self.tls {
            TlsMode::Disable => "disable",
            TlsMode::Prefer => "prefer",
            TlsMode::Require => "require",
            TlsMode::VerifyCa => "verify-ca",
            TlsMode::VerifyFull => "verify-full",
        };
        let (user, db, port) = (self.user.trim(), self.database.trim(), self.port);
        let mut tail = format!("sslmode={mode}&connect_timeout={CONNECT_TIMEOUT_S}");
        let root_cert = self.root_cert.as_deref().map(str::trim).unwrap_or("");
        if !root_cert.is_empty() {
            if !std::path::Path::new(root_cert).is_file() {
                return Err(CommandError::invalid(
                    "server.root_cert",
                    format!("the CA certificate {root_cert:?} is not a file on this desk: give the path of the office CA's certificate (.crt, PEM) that IT handed out, or leave it empty to use the system's CAs"),
                ));
            }
            tail.push_str(&format!("&sslrootcert={}", url_escaped(root_cert)));
        }
        Ok(if host.starts_with('/') {
            format!("postgres://{user}@localhost/{db}?host={host}&port={port}&{tail}")
        } else {
            format!("postgres://{user}@{host}:{port}/{db}?{tail}")
        })
    }
}

/// A path as a URL query value: the characters that would end or split it, escaped.
fn url_escaped(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '%' | '&' | '#' | '?' | '+' | ' ' | '=' => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Where `desk.toml` lives: the app's data directory (beside the default database).
pub fn desk_file() -> Option<PathBuf> {
    chizai_core::paths::default_data_dir().map(|d| d.join(DESK_FILE))
}

/// The desk's choice from `file`; a missing file is "this desk's file".
pub fn load(file: &Path) -> CommandResult<DeskChoice> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DeskChoice::default()),
        Err(e) => {
            return Err(CommandError::new(
                ErrorCode::Storage,
                format!("cannot read this desk's settings {}: {e}", file.display()),
            ))
        }
    };
    toml::from_str(&text).map_err(|e| {
        CommandError::new(
            ErrorCode::Validation,
            format!(
                "this desk's settings {} are not readable ({}): correct the file, or delete it to open this desk's own database",
                file.display(),
                e.message()
            ),
        )
    })
}

/// Writes `choice` to `file` (after checking that a server choice names a usable URL).
pub fn save(file: &Path, choice: &DeskChoice) -> CommandResult<()> {
    if let Some(server) = &choice.server {
        server.url()?;
    }
    let body = toml::to_string(choice)
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("desk settings: {e}")))?;
    let text = format!(
        "# Chizai: the database this desk opens (Settings → Database). No password is kept here:\n\
         # it comes from PGPASSWORD or ~/.pgpass. Without [server] the desk opens its own file.\n{body}"
    );
    let io = |e: std::io::Error| {
        CommandError::new(
            ErrorCode::Storage,
            format!("cannot write this desk's settings {}: {e}", file.display()),
        )
    };
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = file.with_extension("toml.tmp");
    std::fs::write(&tmp, text).map_err(io)?;
    std::fs::rename(&tmp, file).map_err(io)
}

/// The database to open and what named it: `CHIZAI_DB` (`env`) when set, else the desk's choice
/// in `desk_file`, else `default_file`.
pub fn choose(
    env: Option<&str>,
    desk_file: Option<&Path>,
    default_file: Option<PathBuf>,
) -> CommandResult<(Place, Origin)> {
    if let Some(value) = env.filter(|v| !v.is_empty()) {
        let place = if is_server_url(value) {
            Place::Server(value.trim().to_owned())
        } else {
            Place::File(PathBuf::from(value))
        };
        return Ok((place, Origin::Env));
    }
    if let Some(file) = desk_file {
        let choice = load(file)?;
        if let Some(server) = choice.server {
            return Ok((Place::Server(server.url()?), Origin::Desk));
        }
        if let Some(path) = choice.file.filter(|p| !p.trim().is_empty()) {
            return Ok((Place::File(PathBuf::from(path)), Origin::Desk));
        }
    }
    default_file
        .map(|f| (Place::File(f), Origin::Default))
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::Storage,
                "no home directory to keep the database in: set CHIZAI_DB to a file path",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> ServerSettings {
        ServerSettings {
            host: "db.example.ac.jp".into(),
            port: 5432,
            database: "chizai".into(),
            user: "tanaka".into(),
            tls: TlsMode::Prefer,
            root_cert: None,
        }
    }

    #[test]
    fn settings_name_a_url_without_a_password() {
        assert_eq!(
            office().url().ok().as_deref(),
            Some(
                "postgres://tanaka@db.example.ac.jp:5432/chizai?sslmode=prefer&connect_timeout=10"
            )
        );
        let socket = ServerSettings {
            host: "/run/postgresql".into(),
            tls: TlsMode::Disable,
            ..office()
        };
        let url = socket.url().unwrap_or_default();
        assert!(
            url.contains("@localhost/chizai?host=/run/postgresql&port=5432"),
            "a socket folder goes in libpq's host parameter: {url}"
        );
    }

    #[test]
    fn a_checked_tls_link_names_the_office_ca_and_a_missing_ca_file_is_refused() {
        let dir = tempfile_dir();
        let ca = dir.join("office ca.crt");
        assert!(std::fs::write(&ca, "-----BEGIN CERTIFICATE-----").is_ok());
        let full = ServerSettings {
            tls: TlsMode::VerifyFull,
            root_cert: Some(ca.display().to_string()),
            ..office()
        };
        let url = full.url().unwrap_or_default();
        assert!(
            url.contains("sslmode=verify-full") && url.contains("office%20ca.crt"),
            "the mode and the CA file, the space escaped: {url}"
        );
        let missing = ServerSettings {
            root_cert: Some("/nonexistent/ca.crt".into()),
            ..full
        };
        assert_eq!(
            missing.url().err().and_then(|e| e.field),
            Some("server.root_cert".into())
        );
    }

    #[test]
    fn odd_names_are_refused_with_the_field() {
        let odd = ServerSettings {
            user: "tanaka:pw@evil".into(),
            ..office()
        };
        assert_eq!(
            odd.url().err().and_then(|e| e.field),
            Some("server.user".into())
        );
    }

    #[test]
    fn chizai_db_wins_and_a_url_is_never_a_file() {
        let dir = tempfile_dir();
        let file = dir.join(DESK_FILE);
        let choice = DeskChoice {
            server: Some(office()),
            file: None,
        };
        assert!(save(&file, &choice).is_ok());
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        assert!(
            !text.to_lowercase().contains("password ="),
            "no password key: {text}"
        );
        assert_eq!(load(&file).ok(), Some(choice));

        let url = "postgres://sato@db/ip";
        assert_eq!(
            choose(Some(url), Some(&file), None).ok(),
            Some((Place::Server(url.into()), Origin::Env)),
            "CHIZAI_DB names the server"
        );
        assert_eq!(
            choose(Some("/x/chizai.sqlite"), Some(&file), None).ok(),
            Some((Place::File("/x/chizai.sqlite".into()), Origin::Env))
        );
        assert!(
            matches!(choose(None, Some(&file), None), Ok((Place::Server(u), Origin::Desk)) if u.contains("db.example.ac.jp")),
            "without CHIZAI_DB the desk's choice decides"
        );
        let none = dir.join("missing.toml");
        assert_eq!(
            choose(None, Some(&none), Some("/d/chizai.sqlite".into())).ok(),
            Some((Place::File("/d/chizai.sqlite".into()), Origin::Default)),
            "no desk.toml: the desk's own file"
        );
        let other = DeskChoice {
            server: None,
            file: Some("/e/other.sqlite".into()),
        };
        assert!(save(&file, &other).is_ok());
        assert_eq!(
            choose(None, Some(&file), Some("/d/chizai.sqlite".into())).ok(),
            Some((Place::File("/e/other.sqlite".into()), Origin::Desk)),
            "a file chosen on the start screen is opened instead of the desk's own"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("chizai-place-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    }
}
