//! The desk on an office server (issue 12): the app opened on a PostgreSQL database that the CLI
//! made (`chizai --db URL demo`) shows the server and the signed-in role in its header and the
//! demo's applications, and a change the CLI makes meanwhile on the same server appears when the
//! window regains focus — no restart. An auditor's login gets the read-only desk; a server that
//! cannot be reached gives the start screen with the one-line error, not a crash.
//!
//! Needs the test server (`CHIZAI_TEST_PG`, see `common/pg.rs`): without it these skip, saying so
//! (CI requires it). The start-screen test needs no server.

use std::process::Command;

use crate::harness::{target_debug, with_desk_env, with_desk_until, Db};
use crate::pg;

const TODAY: &str = "2026-11-28";

/// `chizai --db URL ARGS…` as the login in `url`, with the tests' fixed today.
fn chizai(url: &str, args: &[&str]) -> String {
    let out = Command::new(target_debug().join("chizai"))
        .env("CHIZAI_TODAY", TODAY)
        .env("CHIZAI_ACTOR", "cli")
        .arg("--db")
        .arg(url)
        .args(args)
        .output()
        .expect("run chizai");
    assert!(
        out.status.success(),
        "chizai {args:?} on the server: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fresh server database with the demo institution in it, made by the CLI: its name and URL.
fn demo_on_server(admin: &str, label: &str) -> (String, String) {
    let (name, url) = pg::fresh_db(admin, label);
    chizai(&url, &["demo"]);
    (name, url)
}

#[test]
fn the_desk_on_the_server_shows_who_and_sees_the_cli_s_change_on_focus() {
    let Some(admin) = pg::server() else { return };
    let (_, url) = demo_on_server(&admin, "desk");
    let cli_url = url.clone();
    with_desk_env(
        "server",
        Db::Server(url),
        &[("CHIZAI_TODAY", TODAY)],
        |desk| async move {
            desk.screenshot("01-dashboard").await;
            // textContent: the label may be cut with an ellipsis on a narrow window.
            let header = desk
                .js("return document.querySelector('[data-testid=db-where][data-kind=server]').textContent")
                .await
                .as_str()
                .unwrap_or_default()
                .to_owned();
            assert!(
                header.contains("サーバー") && header.contains("postgres@"),
                "the header names the server and the login: {header}"
            );
            assert_eq!(
                desk.find("[data-testid=db-role]")
                    .await
                    .text()
                    .await
                    .unwrap(),
                "所有者",
                "the superuser made the database, so it signs in as its owner"
            );

            desk.find("nav a[data-nav=portfolio]")
                .await
                .click()
                .await
                .unwrap();
            desk.until(
            "Number(document.querySelector('[data-testid=portfolio-total]').dataset.total) > 100",
            "the demo's applications are listed from the server",
        )
        .await;
            desk.until(
                "document.querySelector('[data-testid=portfolio-list] .status')",
                "rows rendered",
            )
            .await;
            // The first listed application still pending (not abandoned): the CLI abandons it.
            let reference = desk
            .js("const row = [...document.querySelectorAll('[data-testid=portfolio-list] [role=option]')]\
                   .find(r => r.querySelector('.status') && !r.querySelector('.status-abandoned'));\
                 return row ? row.querySelector('.ref').textContent.trim() : null;")
            .await
            .as_str()
            .expect("a listed application that is not abandoned")
            .to_owned();
            desk.screenshot("02-portfolio").await;

            chizai(
                &cli_url,
                &[
                    "applications",
                    "event",
                    &reference,
                    "--kind",
                    "abandoned",
                    "--on",
                    TODAY,
                ],
            );
            let row = format!(
            "[...document.querySelectorAll('[data-testid=portfolio-list] [role=option]')]\
               .find(r => r.querySelector('.ref') && r.querySelector('.ref').textContent.trim() === '{reference}')"
        );
            let abandoned =
            format!("(() => {{ const r = {row}; return !!(r && r.querySelector('.status-abandoned')); }})()");
            assert_eq!(
                desk.js(&format!("return {abandoned};")).await,
                serde_json::json!(false),
                "before a refresh the desk still shows what it read"
            );
            // The window regains focus: the current screen re-reads its rows.
            desk.js("window.dispatchEvent(new Event('focus')); return true;")
                .await;
            desk.until(
                &abandoned,
                "the CLI's change appears after the focus refresh",
            )
            .await;
            desk.screenshot("03-after-focus").await;
            desk
        },
    );
}

#[test]
fn an_auditor_login_gets_the_read_only_desk() {
    let Some(admin) = pg::server() else { return };
    let (db, url) = demo_on_server(&admin, "auditor");
    let login = format!("desk_aud_{}", std::process::id());
    pg::admin(
        &admin,
        &format!(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'chizai_auditor') \
             THEN CREATE ROLE chizai_auditor NOLOGIN; END IF; END $$; \
             DROP ROLE IF EXISTS {login}; CREATE ROLE {login} LOGIN IN ROLE chizai_auditor"
        ),
    );
    pg::admin(
        &url,
        "GRANT USAGE ON SCHEMA public TO chizai_auditor; \
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO chizai_auditor",
    );
    let auditor_url = pg::with_db(&url, &db, Some(&login));
    with_desk_env(
        "server-auditor",
        Db::Server(auditor_url),
        &[("CHIZAI_TODAY", TODAY)],
        |desk| async move {
            assert_eq!(
                desk.find("[data-testid=db-role]")
                    .await
                    .text()
                    .await
                    .unwrap(),
                "監査人"
            );
            let banner = desk
                .find("[data-testid=auditor-banner][data-kind=server]")
                .await
                .text()
                .await
                .unwrap();
            assert!(
                banner.contains("閲覧のみ"),
                "the banner says read only: {banner}"
            );
            desk.find("nav a[data-nav=portfolio]")
                .await
                .click()
                .await
                .unwrap();
            desk.until(
            "Number(document.querySelector('[data-testid=portfolio-total]').dataset.total) > 100",
            "an auditor reads the portfolio",
        )
        .await;
            assert_eq!(
                desk.js(
                    "const b = document.querySelector('[data-testid=application-new]'); \
                     return !b || getComputedStyle(b).display === 'none';"
                )
                .await,
                serde_json::json!(true),
                "write controls are gone, as in a snapshot's auditor mode"
            );
            desk.screenshot("portfolio").await;
            desk
        },
    );
    pg::admin(
        &admin,
        &format!("DROP OWNED BY {login}; DROP ROLE IF EXISTS {login}"),
    );
}

#[test]
fn a_server_that_cannot_be_reached_gives_the_start_screen() {
    let url = "postgres://nobody@localhost/chizai?host=/nonexistent-socket-dir&port=5432";
    with_desk_until(
        "server-down",
        Db::Server(url.to_owned()),
        &[],
        "[data-testid=start-error]",
        |desk| async move {
            let text = desk
                .find("[data-testid=start-error]")
                .await
                .text()
                .await
                .unwrap();
            assert!(
                text.contains("データベースを開けませんでした") && text.contains("cannot reach"),
                "the start screen gives the core's one line: {text}"
            );
            assert!(
                text.contains("サーバー") && text.contains("接続できない"),
                "the headline is the server's own, not the database file's: {text}"
            );
            desk.find("[data-testid=start-error][data-code=server]")
                .await;
            desk.find("[data-testid=settings-database]").await;
            desk.screenshot("start").await;
            desk
        },
    );
}
