//! TLS to the office server, black box: a real PostgreSQL with `ssl=on` on 127.0.0.1 (its
//! certificate signed by a throwaway CA, `scripts/pg-test-cluster.sh` with PG_TLS_PORT), and the
//! `chizai` binary connecting with each of libpq's `sslmode`s. What is encrypted, what is checked
//! and what is refused must be what the same URL means to `psql`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::pg;

/// A TLS server of its own for this test (the shared test cluster is socket only); stopped on drop.
struct TlsServer {
    dir: tempfile::TempDir,
    port: u16,
}

impl TlsServer {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        // A free port on the loopback, released just before the server takes it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let out = Command::new("bash")
            .arg(script())
            .args(["start", dir.path().to_str().unwrap()])
            .env("PG_TLS_PORT", port.to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "the TLS test server did not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        TlsServer { dir, port }
    }

    fn ca(&self) -> PathBuf {
        self.dir.path().join("tls/ca.crt")
    }

    fn url(&self, host: &str, query: &str) -> String {
        format!("postgres://postgres@{host}:{}/postgres?{query}", self.port)
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .args(["stop", self.dir.path().to_str().unwrap()])
            .output();
    }
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/pg-test-cluster.sh")
}

fn whoami(url: &str) -> std::process::Output {
    common::chizai(Path::new(url))
        .env("HOME", "/nonexistent") // no ~/.postgresql/root.crt of the machine's user
        .args(["server", "whoami", "--format", "json"])
        .output()
        .unwrap()
}

fn tls_of(url: &str) -> bool {
    let out = whoami(url);
    assert!(
        out.status.success(),
        "{url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["tls"]
        .as_bool()
        .expect("whoami says whether the link is encrypted")
}

fn refusal(url: &str) -> String {
    let out = whoami(url);
    assert!(!out.status.success(), "{url} must be refused");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn each_sslmode_encrypts_and_checks_what_libpq_would() {
    // Only where the tests have PostgreSQL (CI always: CHIZAI_PG_REQUIRED=1).
    if pg::server().is_none() {
        return;
    }
    let s = TlsServer::start();
    let ca = s.ca();
    let ca = ca.to_str().unwrap();
    // verify-full with the office CA: encrypted, certificate and name checked.
    assert!(tls_of(&s.url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={ca}")
    )));
    // The certificate also names 127.0.0.1, so verify-full holds by address too.
    assert!(tls_of(&s.url(
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={ca}")
    )));
    // prefer (the default) and require without a CA: encrypted, certificate not checked (libpq).
    assert!(tls_of(&s.url("localhost", "sslmode=require")));
    assert!(
        tls_of(&s.url("localhost", "")),
        "libpq's default, prefer, encrypts when offered"
    );
    // disable: a plain connection, as asked.
    assert!(!tls_of(&s.url("localhost", "sslmode=disable")));

    // verify-full without the CA: the throwaway CA is in no trust store, so refused, saying how.
    let err = refusal(&s.url("localhost", "sslmode=verify-full"));
    assert!(err.contains("sslrootcert"), "names what to give: {err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    // A CA file that is not one is refused before anything is sent.
    let bogus = s.dir.path().join("not-a-ca.crt");
    std::fs::write(&bogus, "hello").unwrap();
    let err = refusal(&s.url(
        "localhost",
        &format!("sslmode=verify-ca&sslrootcert={}", bogus.display()),
    ));
    assert!(err.contains("sslrootcert") && err.contains("PEM"), "{err}");
}

#[test]
fn a_server_without_tls_is_refused_when_the_url_requires_it() {
    // The shared test cluster has no TLS (socket only): require must not fall back to plain.
    let Some(admin) = pg::server() else { return };
    let (_name, url) = pg::fresh_db(&admin, "tls_socket");
    let Some((head, query)) = url.split_once('?') else {
        panic!("the test cluster's URL names its socket: {url}")
    };
    // A socket never uses TLS (libpq): require over a socket connects unencrypted.
    assert!(!tls_of(&format!("{head}?{query}&sslmode=require")));
    let err = refusal(&format!("{head}?{query}&sslmode=verify"));
    assert!(err.contains("verify-full"), "names the modes: {err}");
}

#[test]
fn a_login_that_needs_a_password_finds_it_or_says_where_to_put_it() {
    // The password comes from PGPASSWORD, ~/.pgpass or the OS keyring — asked only when the
    // server wants one. Without any: one line naming all three, nothing else attempted.
    if pg::server().is_none() {
        return;
    }
    let s = TlsServer::start();
    let admin = s.url("localhost", "sslmode=disable");
    pg::admin(&admin, "CREATE ROLE kansa LOGIN PASSWORD 'himitsu-2026'");
    // Password logins for kansa over TCP; everything else stays trusted.
    let hba = s.dir.path().join("data/pg_hba.conf");
    let rest = std::fs::read_to_string(&hba).unwrap();
    std::fs::write(&hba, format!("host all kansa 127.0.0.1/32 scram-sha-256\nhost all kansa ::1/128 scram-sha-256\n{rest}")).unwrap();
    pg::admin(&admin, "SELECT pg_reload_conf()");
    // The owner migrates the database and lets kansa read it (an auditor).
    let grant = common::chizai(Path::new(&admin))
        .args(["server", "grant", "kansa", "--as", "auditor"])
        .output()
        .unwrap();
    assert!(
        grant.status.success(),
        "{}",
        String::from_utf8_lossy(&grant.stderr)
    );
    let url = format!(
        "postgres://kansa@127.0.0.1:{}/postgres?sslmode=disable",
        s.port
    );
    let home = tempfile::tempdir().unwrap();
    let whoami = |env: &[(&str, &str)]| {
        let mut cmd = common::chizai(Path::new(&url));
        cmd.env("HOME", home.path())
            .env_remove("PGPASSWORD")
            .env_remove("PGPASSFILE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.args(["server", "whoami"]).output().unwrap()
    };
    let none = whoami(&[]);
    assert!(!none.status.success());
    let err = String::from_utf8_lossy(&none.stderr);
    assert!(
        err.contains(".pgpass") && err.contains("PGPASSWORD") && err.contains("keychain"),
        "names the three places: {err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    let by_env = whoami(&[("PGPASSWORD", "himitsu-2026")]);
    assert!(
        by_env.status.success(),
        "{}",
        String::from_utf8_lossy(&by_env.stderr)
    );
    let pgpass = home.path().join(".pgpass");
    std::fs::write(
        &pgpass,
        format!("127.0.0.1:{}:*:kansa:himitsu-2026\n", s.port),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let by_file = whoami(&[]);
    assert!(
        by_file.status.success(),
        "{}",
        String::from_utf8_lossy(&by_file.stderr)
    );
    assert!(String::from_utf8_lossy(&by_file.stdout).contains("kansa"));
}
