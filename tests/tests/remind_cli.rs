//! `chizai remind` against a real SMTP server on the loopback address (tests/smtp_sink.py, aiosmtpd),
//! started by the test itself: the messages received are decoded (mail-parser) and checked —
//! recipients, MIME-encoded Japanese subject and names, body lines, the calendar attachment — and a
//! second run of the same day sends nothing. Without python3 + aiosmtpd the tests skip, saying so;
//! with `CHIZAI_SMTP_REQUIRED=1` (CI, scripts/test.sh) they fail instead.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use common::{chizai, demo_db, json, run};
use mail_parser::{MessageParser, MimeHeaders};

/// A Friday on which the demo (made on common::TODAY) has reminder points for several people.
const DAY: &str = "2026-12-04";

/// The SMTP sink: a child process serving 127.0.0.1:port, writing messages into `dir`.
struct Sink {
    child: Child,
    _stdin: ChildStdin,
    port: u16,
    dir: PathBuf,
}

impl Sink {
    fn start(dir: &Path) -> Option<Sink> {
        Self::start_with(dir, None)
    }

    /// A sink that requires the login `user:password`.
    fn start_with(dir: &Path, auth: Option<&str>) -> Option<Sink> {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/smtp_sink.py");
        let required = std::env::var("CHIZAI_SMTP_REQUIRED").as_deref() == Ok("1");
        let mut command = Command::new("python3");
        if let Some(a) = auth {
            command.env("SINK_AUTH", a);
        }
        let spawned = command
            .arg(script)
            .arg(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(c) => c,
            Err(e) => {
                assert!(
                    !required,
                    "CHIZAI_SMTP_REQUIRED=1 but python3 cannot start: {e}"
                );
                eprintln!("skipped: no python3 for the SMTP sink ({e})");
                return None;
            }
        };
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Ok(port) = line.trim().parse::<u16>() else {
            let out = child.wait_with_output().unwrap();
            let why = String::from_utf8_lossy(&out.stderr).into_owned();
            assert!(
                !required,
                "CHIZAI_SMTP_REQUIRED=1 but the SMTP sink did not start (pip install aiosmtpd; scripts/setup-system.sh does): {why}"
            );
            eprintln!("skipped: the SMTP sink did not start (aiosmtpd missing?): {why}");
            return None;
        };
        let stdin = child.stdin.take().unwrap();
        Some(Sink {
            child,
            _stdin: stdin,
            port,
            dir: dir.to_owned(),
        })
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    /// Every message received so far: (envelope recipients, raw bytes), in order.
    fn received(&self) -> Vec<(Vec<String>, Vec<u8>)> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|p| {
                let rcpt = std::fs::read_to_string(p.with_extension("rcpt")).unwrap();
                (
                    rcpt.lines().map(str::to_owned).collect(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect()
    }

    /// Waits until `n` messages have arrived (the sink writes them as the server accepts them).
    fn wait_for(&self, n: usize) -> Vec<(Vec<String>, Vec<u8>)> {
        let start = Instant::now();
        loop {
            let got = self.received();
            if got.len() >= n || start.elapsed() > Duration::from_secs(10) {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn remind(db: &Path, args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["--today", DAY, "remind"];
    all.extend_from_slice(args);
    run(db, &all)
}

#[test]
fn digests_arrive_once_with_subject_body_and_calendar() {
    let (dir, db) = demo_db();
    let Some(sink) = Sink::start(&dir.path().join("mail")) else {
        return;
    };
    let planned = json(&db, &["--today", DAY, "remind", "--dry-run"]);
    let digests = planned["digests"].as_array().unwrap();
    assert!(
        digests.len() >= 2,
        "the demo has reminder points for several staff on {DAY}: {planned}"
    );
    assert!(
        digests
            .iter()
            .any(|d| !d["reminders"].as_array().unwrap().is_empty()),
        "at least one reminder point is reached on {DAY}"
    );
    assert!(sink.received().is_empty(), "a dry run sends nothing");

    let out = chizai(&db)
        .args([
            "--today",
            DAY,
            "remind",
            "--smtp",
            &sink.url(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["digests"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["status"] == "sent" && d["message_id"].is_string()));
    let got = sink.wait_for(digests.len());
    assert_eq!(got.len(), digests.len(), "one message per digest");

    let manager = "takahashi.yumi@example.ac.jp";
    for (rcpt, raw) in &got {
        assert_eq!(rcpt.len(), 1, "each digest goes to one person: {rcpt:?}");
        let text = String::from_utf8_lossy(raw);
        assert!(
            !text
                .lines()
                .any(|l| l.starts_with("Subject:") && !l.is_ascii()),
            "the Japanese subject travels MIME-encoded (RFC 2047), not as raw UTF-8"
        );
        let m = MessageParser::default().parse(raw.as_slice()).unwrap();
        let to = m.to().and_then(|a| a.first()).unwrap();
        assert_eq!(
            to.address().unwrap(),
            rcpt[0],
            "header To = envelope recipient"
        );
        let planned = digests
            .iter()
            .find(|d| d["recipient"] == rcpt[0])
            .expect("a recipient that was planned");
        assert_eq!(
            to.name().unwrap(),
            planned["person"].as_str().unwrap(),
            "the Japanese display name decodes back"
        );
        let subject = m.subject().unwrap();
        assert!(subject.starts_with("【知財期限】"), "{subject}");
        assert!(subject.contains(DAY), "{subject}");
        assert_eq!(subject, planned["subject"].as_str().unwrap());
        let body = m.body_text(0).unwrap();
        assert!(body.starts_with(&format!("{} 様", planned["person"].as_str().unwrap())));
        for item in planned["reminders"].as_array().unwrap() {
            let line = format!(
                "・{}（あと{}日） {}",
                item["due"].as_str().unwrap(),
                item["days_left"],
                item["title"].as_str().unwrap()
            );
            assert!(body.contains(&line), "reminder line `{line}` in:\n{body}");
            assert!(
                body.contains(&format!("手続: {}", item["code"].as_str().unwrap())),
                "each item names its rule"
            );
        }
        assert!(
            body.contains("説明: "),
            "each item carries its explanation line"
        );
        if rcpt[0] == manager {
            assert!(
                body.contains("本部全体の期限徒過"),
                "the office manager gets the office's overdue deadlines"
            );
        }
        let ics: Vec<_> = m.attachments().collect();
        assert_eq!(ics.len(), 1, "one calendar attachment");
        assert_eq!(ics[0].attachment_name(), Some("chizai-deadlines.ics"));
        let cal = String::from_utf8_lossy(ics[0].contents());
        assert!(cal.starts_with("BEGIN:VCALENDAR"), "{cal}");
        assert_eq!(
            cal.matches("BEGIN:VEVENT").count() as u64,
            planned["calendar_events"].as_u64().unwrap(),
            "the attachment holds the person's next 90 days"
        );
    }
    assert!(
        got.iter().any(|(r, _)| r[0] == manager),
        "the office manager is reminded"
    );

    // The same day again: nothing is sent twice.
    let (ok, stdout, stderr) = remind(&db, &["--smtp", &sink.url()]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("0 digest(s)"), "{stdout}");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        sink.received().len(),
        got.len(),
        "no duplicate on a second run"
    );
    let log = json(&db, &["remind", "--log"]);
    assert_eq!(log.as_array().unwrap().len(), got.len());
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["status"] == "sent"));
}

#[test]
fn a_failed_send_is_logged_and_retried_by_the_next_run() {
    let (dir, db) = demo_db();
    let Some(sink) = Sink::start(&dir.path().join("mail")) else {
        return;
    };
    // Nothing listens on port 1: the connection is refused, every digest fails.
    let (ok, _, stderr) = remind(&db, &["--smtp", "smtp://127.0.0.1:1?tls=none"]);
    assert!(!ok, "a failed send is an error for the scheduled job");
    assert!(stderr.contains("retried on the next run"), "{stderr}");
    let failed = json(&db, &["remind", "--log", "--failed"]);
    let n = failed.as_array().unwrap().len();
    assert!(n >= 2, "each digest's failure is logged: {failed}");
    assert!(failed[0]["error"].as_str().unwrap().contains("127.0.0.1:1"));

    // The next run (the same day) sends them, and the log shows no failure left.
    let (ok, _, stderr) = remind(&db, &["--smtp", &sink.url()]);
    assert!(ok, "{stderr}");
    assert_eq!(
        sink.wait_for(n).len(),
        n,
        "every failed digest is sent on the retry"
    );
    let log = json(&db, &["remind", "--log"]);
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["status"] == "sent" && e["attempts"] == 2));
    assert!(json(&db, &["remind", "--log", "--failed"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn refusals_name_what_to_do() {
    let (_dir, db) = demo_db();
    let (ok, _, stderr) = remind(&db, &["--smtp", "smtp://chizai:secret@127.0.0.1:25"]);
    assert!(!ok);
    assert!(
        stderr.contains("CHIZAI_SMTP_PASSWORD"),
        "a password in the URL is refused: {stderr}"
    );
    let (ok, _, stderr) = remind(&db, &[]);
    assert!(!ok);
    assert!(stderr.contains("--smtp"), "no server configured: {stderr}");
    // An auditor's snapshot reads, but cannot send.
    let snap = db.with_file_name("s.chz");
    let (ok, _, stderr) = run(
        &db,
        &["snapshot", "create", "--out", snap.to_str().unwrap()],
    );
    assert!(ok, "{stderr}");
    let (ok, _, stderr) = run(
        &db,
        &[
            "--snapshot",
            snap.to_str().unwrap(),
            "--today",
            DAY,
            "remind",
            "--smtp",
            "smtp://127.0.0.1:1?tls=none",
        ],
    );
    assert!(!ok, "an auditor snapshot refuses to send");
    assert!(stderr.contains("read-only"), "{stderr}");
    let (ok, _, stderr) = run(
        &db,
        &[
            "--snapshot",
            snap.to_str().unwrap(),
            "--today",
            DAY,
            "remind",
            "--dry-run",
        ],
    );
    assert!(ok, "a dry run reads an auditor snapshot: {stderr}");
    // A closed day sends nothing (Saturday 5 Dec 2026).
    let (ok, stdout, _) = run(&db, &["--today", "2026-12-05", "remind", "--dry-run"]);
    assert!(ok);
    assert!(stdout.contains("closed"), "{stdout}");
}

#[test]
fn the_test_mail_arrives_through_the_saved_server() {
    let (dir, db) = demo_db();
    let Some(sink) = Sink::start(&dir.path().join("mail")) else {
        return;
    };
    // The server saved in the settings (as a server's admin would, once) serves every later run.
    let (ok, _, stderr) = run(&db, &["remind", "settings", "--smtp", &sink.url()]);
    assert!(ok, "{stderr}");
    let saved = json(&db, &["remind", "settings"]);
    assert_eq!(saved["smtp_host"], "127.0.0.1");
    assert_eq!(saved["smtp_security"], "none");
    assert_eq!(
        saved["office_manager"], "高橋 由美",
        "the demo's office manager"
    );
    let (ok, stdout, stderr) = remind(&db, &["--test-to", "someone@example.ac.jp"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("test mail sent"), "{stdout}");
    let got = sink.wait_for(1);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, ["someone@example.ac.jp"]);
    let m = MessageParser::default().parse(got[0].1.as_slice()).unwrap();
    assert_eq!(m.subject(), Some("【知財期限】Chizai テストメール"));
    assert!(
        json(&db, &["remind", "--log"])
            .as_array()
            .unwrap()
            .is_empty(),
        "a test mail is not a digest"
    );
}

#[test]
fn the_office_server_plans_the_same_digests_and_sends_once() {
    let Some(admin) = common::pg::server() else {
        return;
    };
    let (dir, file) = demo_db();
    let (_name, url) = common::pg::fresh_db(&admin, "remind");
    let server = Path::new(&url);
    let (ok, _, stderr) = run(server, &["demo"]);
    assert!(ok, "{stderr}");
    let Some(sink) = Sink::start(&dir.path().join("mail")) else {
        return;
    };
    let subjects = |db: &Path| -> Vec<String> {
        json(db, &["--today", DAY, "remind", "--dry-run"])["digests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["subject"].as_str().unwrap().to_owned())
            .collect()
    };
    let planned = subjects(server);
    assert_eq!(
        planned,
        subjects(&file),
        "the same seed gives the same digests on the server as in a file"
    );
    let (ok, _, stderr) = remind(server, &["--smtp", &sink.url()]);
    assert!(ok, "{stderr}");
    assert_eq!(sink.wait_for(planned.len()).len(), planned.len());
    let (ok, _, stderr) = remind(server, &["--smtp", &sink.url()]);
    assert!(ok, "{stderr}");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        sink.received().len(),
        planned.len(),
        "the server's sent-log stops a second send the same day"
    );
}

#[test]
fn the_password_comes_from_the_environment_never_the_url() {
    let (dir, db) = demo_db();
    let Some(sink) = Sink::start_with(&dir.path().join("mail"), Some("chizai:s3cret pw")) else {
        return;
    };
    let url = format!("smtp://chizai@127.0.0.1:{}?tls=none", sink.port);
    let send = |password: Option<&str>| {
        let mut cmd = chizai(&db);
        match password {
            Some(p) => cmd.env("CHIZAI_SMTP_PASSWORD", p),
            None => cmd.env_remove("CHIZAI_SMTP_PASSWORD"),
        };
        cmd.args([
            "--today",
            DAY,
            "remind",
            "--smtp",
            &url,
            "--test-to",
            "x@example.ac.jp",
        ])
        .output()
        .unwrap()
    };
    let none = send(None);
    assert!(
        !none.status.success(),
        "a login without a password is not tried"
    );
    assert!(
        String::from_utf8_lossy(&none.stderr).contains("CHIZAI_SMTP_PASSWORD"),
        "the refusal says where the password comes from: {}",
        String::from_utf8_lossy(&none.stderr)
    );
    assert!(sink.received().is_empty());
    let right = send(Some("s3cret pw"));
    assert!(
        right.status.success(),
        "{}",
        String::from_utf8_lossy(&right.stderr)
    );
    assert_eq!(
        sink.wait_for(1).len(),
        1,
        "the login from the URL and the password from the environment"
    );
}
