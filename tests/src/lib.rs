//! Drives the real app window over WebDriver: starts `tauri-driver` (which starts
//! WebKitWebDriver, which starts the app) with a temporary data folder, and on failure
//! saves a screenshot and the app's log under `target/e2e-artifacts/`.

use anyhow::{bail, Context, Result};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The app binary: `WXM_APP_BIN`, or the debug build in `target/`.
pub fn app_binary() -> PathBuf {
    std::env::var_os("WXM_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| workspace_root().join("target"));
            target.join("debug").join("webex-migration-wizard")
        })
}

/// A port nothing listens on now and that this process has not handed out before (the
/// demo tenant's, tauri-driver's and WebKitWebDriver's ports are picked one after another
/// and bound later by other processes, so the OS alone could give one twice).
fn free_port() -> Result<u16> {
    static GIVEN: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        if !given.contains(&port) {
            given.push(port);
            return Ok(port);
        }
    }
}

/// A running tauri-driver; stopped with SIGTERM so it also stops WebKitWebDriver.
struct Driver {
    child: Child,
    port: u16,
    /// What tauri-driver and WebKitWebDriver printed on stderr (kept to explain a launch
    /// that failed).
    log: PathBuf,
}

impl Driver {
    fn start(data_dir: &Path, env: &[(&str, String)], log: PathBuf) -> Result<Driver> {
        let port = free_port()?;
        let native_port = free_port()?;
        let stderr = std::fs::File::create(&log)
            .with_context(|| format!("cannot write {}", log.display()))?;
        let child = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("WXM_DATA_DIR", data_dir)
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .context("cannot start tauri-driver (cargo xtask test installs it)")?;
        Ok(Driver { child, port, log })
    }

    /// The last lines the drivers printed, for an error message.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(15)..].join("\n")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Stops any app process started on `data_dir` (found by its `WXM_DATA_DIR`).
fn stop_apps_on(data_dir: &Path) {
    let wanted = format!("WXM_DATA_DIR={}", data_dir.display());
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in procs.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        let started_here = environ
            .split(|b| *b == 0)
            .any(|var| var == wanted.as_bytes());
        let is_app = std::fs::read_link(entry.path().join("exe"))
            .is_ok_and(|exe| exe.file_name() == app_binary().file_name());
        if started_here && is_app && pid != std::process::id() {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
    }
}

/// One launch of the app, on a data folder that can outlive it (to test restarts).
pub struct App {
    pub client: Client,
    _driver: Driver,
}

/// How many times a launch starts the drivers afresh before it gives up, and how long
/// each start may take to open a session.
const LAUNCH_TRIES: usize = 3;
const SESSION_WAIT: Duration = Duration::from_secs(30);

impl App {
    pub async fn launch(data_dir: &Path) -> Result<App> {
        App::launch_with(data_dir, &[]).await
    }

    /// Launches with extra environment variables for the app (e.g. `WXM_DEMO_PORT`).
    ///
    /// tauri-driver drops the connection when WebKitWebDriver is not (or no longer)
    /// listening, which a loaded machine was seen to do on a first launch; so a launch
    /// that gets no session starts both drivers again on fresh ports, and a launch that
    /// never does fails with what the drivers printed.
    pub async fn launch_with(data_dir: &Path, env: &[(&str, String)]) -> Result<App> {
        let binary = app_binary();
        if !binary.exists() {
            bail!(
                "{} does not exist: build it first (cargo build -p webex-migration-wizard)",
                binary.display()
            );
        }
        let logs = tempfile::tempdir()?;
        let mut failures = Vec::new();
        for attempt in 1..=LAUNCH_TRIES {
            let log = logs.path().join(format!("driver-{attempt}.log"));
            let driver = Driver::start(data_dir, env, log)?;
            match App::session(driver).await {
                Ok(app) => {
                    // The header grows when the demo tenant is connected (its badge and
                    // the trainer's toggle appear); clicking before that can hit an
                    // element that is about to move. Tests start once the window has
                    // settled.
                    app.wait_for_text_contains("header", "Demo tenant").await?;
                    return Ok(app);
                }
                Err((driver, error)) => {
                    failures.push(format!(
                        "try {attempt}: {error}\n  the drivers printed:\n{}",
                        driver.log_tail()
                    ));
                    eprintln!("no WebDriver session on try {attempt}: {error}; starting the drivers again");
                    drop(driver);
                    // An app the failed try started would keep the data folder's
                    // single-instance name, and the next one would stop at once.
                    stop_apps_on(data_dir);
                }
            }
        }
        bail!("no WebDriver session:\n{}", failures.join("\n"))
    }

    /// Opens a WebDriver session on `driver`, trying for [`SESSION_WAIT`].
    async fn session(driver: Driver) -> std::result::Result<App, (Driver, String)> {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary() }),
        );
        let url = format!("http://127.0.0.1:{}", driver.port);
        let started = std::time::Instant::now();
        let mut last = String::from("no answer");
        while started.elapsed() < SESSION_WAIT {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Ok(App {
                        client,
                        _driver: driver,
                    })
                }
                Err(e) => last = format!("{e}"),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err((driver, last))
    }

    /// Waits for an element and returns its text.
    pub async fn text(&self, css: &str) -> Result<String> {
        let element = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches '{css}'"))?;
        Ok(element.text().await?)
    }

    /// Waits until `css` has exactly `expected` as its text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> Result<()> {
        let mut seen = String::new();
        for _ in 0..200 {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                seen = el.text().await.unwrap_or_default();
                if seen.trim() == expected {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("'{css}' shows '{seen}', expected '{expected}'")
    }

    pub async fn close(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

/// Where a failing test's screenshot and log go.
/// The folder for a test's screenshots and logs, created if it is not there yet (a fresh
/// clone has none).
pub fn artifacts_dir(test: &str) -> PathBuf {
    let dir = workspace_root()
        .join("target")
        .join("e2e-artifacts")
        .join(test);
    // A failure to create it shows up when the test writes into it, naming the file.
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Runs a test body against a fresh app on a temporary data folder (the app and the
/// folder are what it is given). On failure it saves a screenshot of the window and the
/// app's log, then fails with the error.
pub async fn with_app(test: &str, body: impl AsyncFnOnce(&App, &Path) -> Result<()>) -> Result<()> {
    with_app_env(test, &[], body).await
}

/// [`with_app`], the app launched with extra environment variables (e.g.
/// `WXM_DEMO_PORT` and `WXM_DEMO_CONTROL_TOKEN`, to reach its demo tenant's /sim API).
pub async fn with_app_env(
    test: &str,
    env: &[(&str, String)],
    body: impl AsyncFnOnce(&App, &Path) -> Result<()>,
) -> Result<()> {
    let data = tempfile::tempdir()?;
    let app = App::launch_with(data.path(), env).await?;
    let result = body(&app, data.path()).await;
    if let Err(e) = &result {
        save_failure(&app, data.path(), test, e).await;
    }
    let _ = app.close().await;
    result
}

/// Saves a screenshot of the window and the log of the app on `data` (its data folder)
/// under `target/e2e-artifacts/TEST`, saying so with the error.
pub async fn save_failure(app: &App, data: &Path, test: &str, error: &anyhow::Error) {
    let dir = artifacts_dir(test);
    if let Ok(png) = app.screenshot().await {
        let _ = std::fs::write(dir.join("screenshot.png"), png);
    }
    let _ = std::fs::copy(data.join("logs/app.log"), dir.join("app.log"));
    eprintln!(
        "{test} failed: {error:#}\nscreenshot and log saved in {}",
        dir.display()
    );
}

/// The environment that starts the app's demo tenant on a free port with
/// `control_token` for its /sim API (so the test can play the other people), and the
/// tenant's base URL.
pub fn reachable_demo(control_token: &str) -> Result<(Vec<(&'static str, String)>, String)> {
    let port = free_port()?;
    let env = vec![
        ("WXM_DEMO_PORT", port.to_string()),
        ("WXM_DEMO_CONTROL_TOKEN", control_token.to_string()),
    ];
    Ok((env, format!("http://127.0.0.1:{port}")))
}

/// Number of distinct colours in a PNG: a blank window has one or two.
pub fn distinct_colours(png_bytes: &[u8]) -> Result<usize> {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info()?;
    let mut buf = vec![0; reader.output_buffer_size().context("PNG too large")?];
    let info = reader.next_frame(&mut buf)?;
    let channels = info.color_type.samples();
    let mut colours = std::collections::HashSet::new();
    for px in buf[..info.buffer_size()].chunks(channels) {
        colours.insert(px.to_vec());
        if colours.len() > 1000 {
            break;
        }
    }
    Ok(colours.len())
}

impl App {
    /// Waits (up to 20 s) for the element `xpath` names, then clicks it.
    pub async fn click(&self, xpath: &str) -> Result<()> {
        self.click_within(Locator::XPath(xpath), Duration::from_secs(20))
            .await
    }

    /// Waits (up to 20 s) for the element with this id, then clicks it.
    pub async fn click_id(&self, id: &str) -> Result<()> {
        self.click_within(Locator::Id(id), Duration::from_secs(20))
            .await
    }

    /// Waits (up to 30 s: it may wait for Webex) for a button whose text, or the label
    /// of a start-page choice, is `text`, then clicks it.
    pub async fn click_button(&self, text: &str) -> Result<()> {
        let xpath = format!(
            "//button[normalize-space()=\"{text}\" or .//span[normalize-space()=\"{text}\"]]"
        );
        self.click_within(Locator::XPath(&xpath), Duration::from_secs(30))
            .await
            .with_context(|| format!("no button '{text}'"))
    }

    /// Chooses the answer labelled `label`.
    pub async fn click_label(&self, label: &str) -> Result<()> {
        self.click(&format!("//label[normalize-space()=\"{label}\"]"))
            .await
            .with_context(|| format!("no answer labelled '{label}'"))
    }

    async fn click_within(&self, locator: Locator<'_>, wait: Duration) -> Result<()> {
        self.client
            .wait()
            .at_most(wait)
            .for_element(locator)
            .await
            .with_context(|| format!("nothing matches {locator:?}"))?
            .click()
            .await?;
        Ok(())
    }

    /// Chooses `label` on the start page once it shows.
    pub async fn start(&self, label: &str) -> Result<()> {
        self.wait_for_text("main h1", "What do you want to do?")
            .await?;
        self.click(&format!("//button[.//span[normalize-space()=\"{label}\"]]"))
            .await
    }

    /// Waits for `question`, chooses the answer labelled `label` and continues.
    pub async fn answer(&self, question: &str, label: &str) -> Result<()> {
        self.wait_for_text("main h1", question).await?;
        self.click_label(label).await?;
        self.click("//button[normalize-space()='Continue']").await
    }

    /// From "Check your answers", shows the result and waits for its `title`.
    pub async fn see_what_to_do(&self, title: &str) -> Result<()> {
        self.wait_for_text("main h1", "Check your answers").await?;
        self.click("//button[normalize-space()='See what to do']")
            .await?;
        self.wait_for_text("main h1", title).await
    }

    /// Waits for field `id`, then types `text` after what it holds.
    pub async fn type_into(&self, id: &str, text: &str) -> Result<()> {
        self.field(id).await?.send_keys(text).await?;
        Ok(())
    }

    /// Waits for field `id`, then types `text` in place of what it holds.
    pub async fn retype(&self, id: &str, text: &str) -> Result<()> {
        let field = self.field(id).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    async fn field(&self, id: &str) -> Result<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Id(id))
            .await
            .with_context(|| format!("no field #{id}"))
    }

    /// A screenshot of the window for the README and docs (see [`save_doc_screenshot`]), the
    /// element `at` (a CSS selector) scrolled to the top.
    pub async fn doc_screenshot(&self, name: &str, at: &str) -> Result<()> {
        // Scrolled twice: a page still settling (focus moving after an action) can
        // scroll it away again in between.
        for _ in 0..2 {
            self.client
                .execute(
                    "document.querySelector(arguments[0]).scrollIntoView()",
                    vec![serde_json::json!(at)],
                )
                .await?;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
        save_doc_screenshot(name, &self.screenshot().await?)
    }

    /// The whole text of `css`, shown or not (what a screen reader reads of it).
    pub async fn text_content(&self, css: &str) -> Result<String> {
        let text = self
            .client
            .execute(
                "return document.querySelector(arguments[0])?.textContent ?? ''",
                vec![serde_json::json!(css)],
            )
            .await?;
        Ok(text.as_str().unwrap_or_default().to_string())
    }

    /// A screenshot of the window. The app draws without GPU compositing
    /// (`desktop::draw_without_compositing`), and then WebKitWebDriver's screenshot waits
    /// for the page's next paint, which an idle page never makes: the page is first made
    /// to repaint a transparent pixel a few times (nothing that shows in the picture).
    pub async fn screenshot(&self) -> Result<Vec<u8>> {
        self.client
            .execute(
                r#"const dot = document.createElement('div');
                   dot.setAttribute('aria-hidden', 'true');
                   dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;background:rgba(0,0,0,0)';
                   document.body.appendChild(dot);
                   let n = 0;
                   const t = setInterval(() => {
                     dot.style.background = n++ % 2 ? 'rgba(0,0,0,0)' : 'rgba(255,255,255,0)';
                     if (n > 40) { clearInterval(t); dot.remove(); }
                   }, 25);"#,
                vec![],
            )
            .await?;
        Ok(self.client.screenshot().await?)
    }

    /// Calls an IPC command from the page, as the page's own script would: `ok:` and the
    /// answer as JSON, or `refused:` and the error's code (its text when it has none).
    /// `args` is a JavaScript object literal.
    pub async fn invoke(&self, command: &str, args: &str) -> Result<String> {
        let answer = self
            .client
            .execute_async(
                &format!(
                    r#"const done = arguments[arguments.length - 1];
                       window.__TAURI_INTERNALS__.invoke('{command}', {args})
                         .then(v => done('ok:' + JSON.stringify(v)), e => done('refused:' + (e.code ?? e)));"#
                ),
                vec![],
            )
            .await?;
        Ok(answer.as_str().unwrap_or_default().to_string())
    }

    /// Waits until `css`'s text contains `part`.
    pub async fn wait_for_text_contains(&self, css: &str, part: &str) -> Result<()> {
        let mut seen = String::new();
        for _ in 0..200 {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                seen = el.text().await.unwrap_or_default();
                if seen.contains(part) {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("'{css}' shows '{seen}', which lacks '{part}'")
    }
}

/// Saves a screenshot for the README and docs as target/screenshots/NAME, to look at;
/// with `UPDATE_SCREENSHOTS=1` also as docs/screenshots/NAME, the README's copy (which
/// otherwise a test run would change every time: the pictures differ by a pixel or a
/// clock).
pub fn save_doc_screenshot(name: &str, png: &[u8]) -> Result<()> {
    let mut dirs = vec![workspace_root().join("target/screenshots")];
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some_and(|v| v == "1") {
        dirs.push(workspace_root().join("docs/screenshots"));
    }
    for dir in dirs {
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(name), png)?;
    }
    Ok(())
}
