//! The desktop e2e harness: the real `chizai-desktop` binary in WebKitGTK, driven over WebDriver.
//!
//! Chain: this test → `tauri-driver` (port 4444) → `WebKitWebDriver` (port 4445) → the app. When
//! `DISPLAY` is unset an `Xvfb` server is started for the test (a free display number is picked),
//! so a plain `cargo test --workspace` runs it headless. Every test gets its own temporary data
//! directories (`XDG_*`, `CHIZAI_DB`), so the app starts as on a fresh machine.
//!
//! Tests run one at a time (the driver ports are fixed). tauri-driver is stopped with SIGTERM,
//! never SIGKILL: killed hard it leaves WebKitWebDriver holding port 4445 and the next run hangs.
//!
//! Missing tools (tauri-driver, WebKitWebDriver, Xvfb) skip the tests with a message, unless
//! `CHIZAI_E2E_REQUIRED` is set (CI sets it: there a skip would hide a broken set-up).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::json;

const DRIVER_PORT: u16 = 4444;
const NATIVE_PORT: u16 = 4445;
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// `target/debug` (the folder holding this test's `deps/`).
pub fn target_debug() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    exe.parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Where screenshots and figures go: `target/e2e-artifacts/`.
pub fn artifacts_dir() -> PathBuf {
    let dir = target_debug()
        .parent()
        .map(|t| t.join("e2e-artifacts"))
        .unwrap_or_default();
    std::fs::create_dir_all(&dir).expect("create target/e2e-artifacts");
    dir
}

fn on_path(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME").or_else(|| {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo").into_os_string())
    }) {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

struct Tools {
    tauri_driver: PathBuf,
    native_driver: PathBuf,
    xvfb: Option<PathBuf>,
    app: PathBuf,
}

fn tools() -> Result<Tools, String> {
    let tauri_driver = on_path("tauri-driver")
        .ok_or("tauri-driver is not installed (scripts/install-tauri-driver.sh)")?;
    let native_driver = on_path("WebKitWebDriver")
        .ok_or("WebKitWebDriver is not installed (apt package webkit2gtk-driver)")?;
    let xvfb = if std::env::var_os("DISPLAY").is_some() {
        None
    } else {
        Some(on_path("Xvfb").ok_or("no DISPLAY and Xvfb is not installed (apt package xvfb)")?)
    };
    // `CHIZAI_E2E_APP` points the harness at another build (bench/desktop.sh: the release app).
    let app = std::env::var_os("CHIZAI_E2E_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_debug().join("chizai-desktop"));
    if !app.is_file() {
        // A missing app is never a reason to skip: the workspace build makes it.
        panic!(
            "{} does not exist: run scripts/build-ui.sh and `cargo build --workspace` before the tests",
            app.display()
        );
    }
    Ok(Tools {
        tauri_driver,
        native_driver,
        xvfb,
        app,
    })
}

/// Sends SIGTERM and waits (up to 10 s) for the process to end.
fn terminate(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn wait_for_port(port: u16, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn start_xvfb(xvfb: &Path) -> (Child, String) {
    let n = (90..200)
        .find(|n| !Path::new(&format!("/tmp/.X{n}-lock")).exists())
        .expect("a free X display number between :90 and :199");
    let display = format!(":{n}");
    let child = Command::new(xvfb)
        .args([&display, "-screen", "0", "1280x860x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start Xvfb");
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !socket.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    (child, display)
}

/// Processes to stop when a test ends, whether it passed or panicked.
struct Processes {
    driver: Option<Child>,
    xvfb: Option<Child>,
}

impl Drop for Processes {
    fn drop(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            terminate(&mut driver);
        }
        if let Some(mut xvfb) = self.xvfb.take() {
            terminate(&mut xvfb);
        }
    }
}

/// How the app's database starts.
pub enum Db {
    /// No database file: the app creates the demo institution on first start (asked for with
    /// `CHIZAI_NEW_DB=demo`: a missing file named by `CHIZAI_DB` is otherwise refused).
    Fresh,
    /// The demo institution made beforehand by `chizai demo`: the start measured is a plain open.
    Demo,
    /// A copy of an existing database (bench/desktop.sh: a 100,000-application portfolio).
    Copy(PathBuf),
    /// An office server's database, by its `postgres://` URL (`CHIZAI_DB` is the URL).
    Server(String),
    /// No `CHIZAI_DB`: the desk's own file at the default place, which this desk's record says
    /// it opened before, and which is not there now (moved, deleted).
    Missing,
}

/// What shows the app has started: the dashboard, ready.
pub const DASHBOARD_READY: &str = "[data-testid=dashboard][data-ready=true]";

/// One running app with its WebDriver session.
pub struct Desk {
    pub client: Client,
    pub app: PathBuf,
    /// The database the app was started on (`CHIZAI_DB`: a file, or a server's URL).
    pub db: PathBuf,
    /// The app's data directories and database; removed when the test ends.
    _data: tempfile::TempDir,
    pub name: &'static str,
    /// From asking for a session until the dashboard reported ready.
    pub cold_start: Duration,
    processes: Processes,
}

/// Runs `body` against a freshly started app, or skips when the tools are absent locally.
pub fn with_desk<F, Fut>(name: &'static str, db: Db, body: F)
where
    F: FnOnce(Desk) -> Fut,
    Fut: std::future::Future<Output = Desk>,
{
    with_desk_env(name, db, &[], body);
}

/// [`with_desk`] with extra environment for the app, e.g. `CHIZAI_TODAY` for a fixed day.
pub fn with_desk_env<F, Fut>(name: &'static str, db: Db, env: &[(&str, &str)], body: F)
where
    F: FnOnce(Desk) -> Fut,
    Fut: std::future::Future<Output = Desk>,
{
    with_desk_until(name, db, env, DASHBOARD_READY, body);
}

/// [`with_desk_env`] that waits for `ready` (a CSS selector) instead of the dashboard, e.g. the
/// start screen of a database that did not open.
pub fn with_desk_until<F, Fut>(
    name: &'static str,
    db: Db,
    env: &[(&str, &str)],
    ready: &str,
    body: F,
) where
    F: FnOnce(Desk) -> Fut,
    Fut: std::future::Future<Output = Desk>,
{
    let _serial = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let tools = match tools() {
        Ok(tools) => tools,
        Err(why) if std::env::var_os("CHIZAI_E2E_REQUIRED").is_some() => {
            panic!("desktop e2e required (CHIZAI_E2E_REQUIRED) but {why}")
        }
        Err(why) => {
            eprintln!("SKIPPED desktop e2e `{name}`: {why}");
            return;
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async move {
        let desk = Desk::launch(name, db, tools, env, ready).await;
        let desk = body(desk).await;
        desk.close().await;
    });
}

impl Desk {
    async fn launch(
        name: &'static str,
        db: Db,
        tools: Tools,
        env: &[(&str, &str)],
        ready: &str,
    ) -> Desk {
        let data = tempfile::tempdir().expect("temp dir for the app's data");
        let mut db_path = data.path().join("chizai.sqlite");
        let named = !matches!(db, Db::Missing);
        match db {
            Db::Fresh => {}
            Db::Missing => {
                let dir = data.path().join("share").join("jp.ac.chizai.desktop");
                std::fs::create_dir_all(&dir).expect("the app's data directory");
                db_path = dir.join("chizai.sqlite");
                std::fs::write(
                    dir.join("opened-databases.txt"),
                    format!("{}\n", db_path.display()),
                )
                .expect("the desk's record of the files it opened");
            }
            Db::Server(url) => db_path = PathBuf::from(url),
            Db::Demo => {
                let cli = target_debug().join("chizai");
                let status = Command::new(&cli)
                    .arg("--db")
                    .arg(&db_path)
                    .arg("demo")
                    .stdout(Stdio::null())
                    .status()
                    .unwrap_or_else(|e| panic!("run {}: {e}", cli.display()));
                assert!(status.success(), "`chizai demo` fills the test database");
            }
            Db::Copy(source) => {
                std::fs::copy(&source, &db_path)
                    .unwrap_or_else(|e| panic!("copy {}: {e}", source.display()));
                // A write-ahead log not yet checkpointed holds committed pages: it goes along.
                let wal = PathBuf::from(format!("{}-wal", source.display()));
                if wal.is_file() {
                    std::fs::copy(&wal, format!("{}-wal", db_path.display()))
                        .unwrap_or_else(|e| panic!("copy {}: {e}", wal.display()));
                }
            }
        }
        let mut processes = Processes {
            driver: None,
            xvfb: None,
        };
        let display = match &tools.xvfb {
            Some(xvfb) => {
                let (child, display) = start_xvfb(xvfb);
                processes.xvfb = Some(child);
                display
            }
            None => std::env::var("DISPLAY").unwrap_or_default(),
        };
        assert!(
            !wait_for_port(DRIVER_PORT, Duration::from_millis(1)),
            "port {DRIVER_PORT} is already taken: a tauri-driver from an earlier run is still alive"
        );
        let log = std::fs::File::create(artifacts_dir().join(format!("{name}.driver.log")))
            .expect("driver log file");
        let mut command = Command::new(&tools.tauri_driver);
        command.envs(env.iter().copied());
        if named {
            command
                .env("CHIZAI_DB", &db_path)
                .env("CHIZAI_NEW_DB", "demo");
        } else {
            command.env_remove("CHIZAI_DB").env_remove("CHIZAI_NEW_DB");
        }
        let driver = command
            .args([
                "--port",
                &DRIVER_PORT.to_string(),
                "--native-port",
                &NATIVE_PORT.to_string(),
            ])
            .arg("--native-driver")
            .arg(&tools.native_driver)
            .env("DISPLAY", &display)
            .env("CHIZAI_ACTOR", "e2e")
            .env("XDG_DATA_HOME", data.path().join("share"))
            .env("XDG_CONFIG_HOME", data.path().join("config"))
            .env("XDG_CACHE_HOME", data.path().join("cache"))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start tauri-driver");
        processes.driver = Some(driver);
        // Both ports: tauri-driver accepts before WebKitWebDriver listens, and a session asked
        // for in between is dropped mid-response.
        assert!(
            wait_for_port(DRIVER_PORT, Duration::from_secs(15))
                && wait_for_port(NATIVE_PORT, Duration::from_secs(15)),
            "tauri-driver and WebKitWebDriver did not listen on {DRIVER_PORT} and {NATIVE_PORT} within 15 s"
        );

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": tools.app }));
        let asked = Instant::now();
        let client = Client::with_capabilities_and_connector(
            &format!("http://127.0.0.1:{DRIVER_PORT}"),
            &caps,
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .await
        .expect("open a WebDriver session on the app");
        let shown = client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css(ready))
            .await;
        let cold_start = asked.elapsed();
        let desk = Desk {
            client,
            app: tools.app,
            db: db_path,
            _data: data,
            name,
            cold_start,
            processes,
        };
        if let Err(err) = shown {
            desk.screenshot("not-ready").await;
            let body = desk.client.source().await.unwrap_or_default();
            panic!("the app never showed `{ready}`: {err}\n{body}");
        }
        desk
    }

    /// Ends the session (which closes the app), then stops the driver and X server.
    pub async fn close(self) {
        let _ = self.client.close().await;
        drop(self.processes);
    }

    /// Saves a PNG of the window as `<artifacts>/<test>-<what>.png` after the UI settles.
    pub async fn screenshot(&self, what: &str) {
        tokio::time::sleep(Duration::from_millis(500)).await;
        match tokio::time::timeout(Duration::from_secs(20), self.client.screenshot()).await {
            Ok(Ok(png)) => {
                let path = artifacts_dir().join(format!("{}-{what}.png", self.name));
                std::fs::write(&path, png).expect("write screenshot");
            }
            Ok(Err(err)) => eprintln!("screenshot {what} failed: {err}"),
            Err(_) => eprintln!("screenshot {what} timed out"),
        }
    }

    /// The element matching `css`, waiting up to 10 s for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matches `{css}` within 10 s: {e}"))
    }

    /// Texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for el in self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
        {
            out.push(el.text().await.unwrap_or_default());
        }
        out
    }

    /// Runs a script in the page and returns its JSON result (10 s at most).
    pub async fn js(&self, script: &str) -> serde_json::Value {
        tokio::time::timeout(Duration::from_secs(10), self.client.execute(script, vec![]))
            .await
            .unwrap_or_else(|_| panic!("script did not return within 10 s:\n{script}"))
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Presses one key (W3C actions: the page sees real keydown/keyup events).
    pub async fn press(&self, key: char) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client
            .perform_actions(actions)
            .await
            .expect("press a key");
    }

    /// Waits until `condition` (a JS expression) is true, up to 10 s.
    pub async fn until(&self, condition: &str, why: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if self.js(&format!("return !!({condition});")).await == json!(true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting: {why} (`{condition}`)"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Resident memory (kB) of the app and the WebKit processes it started.
    pub fn rss_kb(&self) -> Option<u64> {
        self.memory_kb(vm_rss)
    }

    /// Proportional set size (kB) of the same processes: RSS with each shared page (the WebKit
    /// and GTK libraries the processes all map) counted once across them — what they really cost.
    pub fn pss_kb(&self) -> Option<u64> {
        self.memory_kb(pss)
    }

    fn memory_kb(&self, of: fn(u32) -> Option<u64>) -> Option<u64> {
        let app_pid = pids().into_iter().find(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe"))
                .ok()
                .as_deref()
                == Some(self.app.as_path())
        })?;
        let mut total = of(app_pid)?;
        for pid in pids() {
            if parent_of(pid) == Some(app_pid) {
                total += of(pid).unwrap_or(0);
            }
        }
        Some(total)
    }
}

fn pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|d| {
            d.flatten()
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

fn status_field(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..].split_whitespace().next()?.parse().ok()
}

fn vm_rss(pid: u32) -> Option<u64> {
    status_field(pid, "VmRSS:")
}

fn pss(pid: u32) -> Option<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
    let line = rollup.lines().find(|l| l.starts_with("Pss:"))?;
    line["Pss:".len()..].split_whitespace().next()?.parse().ok()
}

fn parent_of(pid: u32) -> Option<u32> {
    status_field(pid, "PPid:").and_then(|p| u32::try_from(p).ok())
}
