//! The app behaves like a desktop app: a saved plan is opened and shown in its folder by
//! the app (the page can name only what the app saved), and a second launch on the same
//! data folder shows the first window instead of opening a second one.

use anyhow::{ensure, Context, Result};
use e2e::{app_binary, save_failure, App};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

async fn save_open_and_show(app: &App, downloads: &Path, log: &Path) -> Result<()> {
    let catalog = engine::builtin_catalog()?;
    let wizard = catalog.wizard("grant-full-admin").context("wizard")?;
    let start = catalog
        .start
        .choices
        .iter()
        .find(|c| c.wizard == "grant-full-admin")
        .context("start choice")?;
    app.start(&start.label).await?;
    for (input, value) in [
        ("request_email_received", "yes"),
        ("more_partner_admins", "no"),
    ] {
        let input = wizard.input(input).context("input")?;
        let label = &input.answer(value).context("answer")?.label;
        app.answer(&input.question, label).await?;
    }
    app.click("//button[normalize-space()='See what to do']")
        .await?;
    app.click("//button[normalize-space()='Save this plan']")
        .await?;
    app.wait_for_text_contains("main", "Plan saved").await?;
    let saved: Vec<_> = std::fs::read_dir(downloads)?
        .flatten()
        .map(|e| e.path())
        .collect();
    ensure!(saved.len() == 1, "saved in Downloads: {saved:?}");
    let name = saved[0].file_name().unwrap().to_string_lossy().to_string();
    let shown = app.text("main").await?;
    ensure!(shown.contains(&name), "the page names the file: {shown}");
    ensure!(
        !shown.contains(&downloads.display().to_string()),
        "never its folders: {shown}"
    );
    app.click("//button[normalize-space()='Open']").await?;
    app.click("//button[normalize-space()='Show in folder']")
        .await?;
    let path = saved[0].display();
    let expected = format!("open {path}\nshow {path}\n");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::fs::read_to_string(log).unwrap_or_default() != expected {
        ensure!(
            Instant::now() < deadline,
            "asked to open: {:?}",
            std::fs::read_to_string(log)
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A path the app did not save, and the opener plugin's own commands, are refused.
    for (command, args) in [
        ("open_saved", "{ path: '/etc/passwd' }"),
        ("show_saved_in_folder", "{ path: '/etc' }"),
        ("plugin:opener|open_path", "{ path: '/etc/passwd' }"),
    ] {
        let answer = app.invoke(command, args).await?;
        ensure!(answer.starts_with("refused:"), "{command}: {answer}");
    }
    ensure!(
        std::fs::read_to_string(log)? == expected,
        "nothing more was opened"
    );
    Ok(())
}

#[tokio::test]
async fn a_saved_plan_is_opened_and_shown_in_its_folder_by_the_app() -> Result<()> {
    let data = tempfile::tempdir()?;
    let home = tempfile::tempdir()?;
    // The Downloads folder of this test (read by the app from the XDG user dirs).
    let downloads = home.path().join("Downloads");
    std::fs::create_dir_all(&downloads)?;
    std::fs::write(
        home.path().join("user-dirs.dirs"),
        format!("XDG_DOWNLOAD_DIR=\"{}\"\n", downloads.display()),
    )?;
    let log = home.path().join("opened.log");
    let app = App::launch_with(
        data.path(),
        &[
            ("XDG_CONFIG_HOME", home.path().display().to_string()),
            ("WXM_OPENER_LOG", log.display().to_string()),
        ],
    )
    .await?;
    let result = save_open_and_show(&app, &downloads, &log).await;
    if let Err(e) = &result {
        save_failure(&app, data.path(), "desktop_open", e).await;
    }
    app.close().await?;
    result
}

/// A private D-Bus session bus for this test, stopped when dropped.
struct SessionBus {
    pid: u32,
    address: String,
}

impl SessionBus {
    fn start() -> Result<SessionBus> {
        let out = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .output()
            .context("dbus-daemon (Debian's dbus) is needed for this test")?;
        ensure!(out.status.success(), "dbus-daemon: {out:?}");
        let text = String::from_utf8(out.stdout)?;
        let mut lines = text.lines();
        let address = lines.next().context("bus address")?.to_string();
        let pid = lines.next().context("bus pid")?.trim().parse()?;
        Ok(SessionBus { pid, address })
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.pid.to_string()).status();
    }
}

fn log_says(data: &Path, words: &str) -> bool {
    std::fs::read_dir(data.join("logs"))
        .into_iter()
        .flatten()
        .flatten()
        .any(|f| std::fs::read_to_string(f.path()).is_ok_and(|t| t.contains(words)))
}

#[test]
fn a_second_launch_on_the_same_data_folder_shows_the_first_window() -> Result<()> {
    let bus = SessionBus::start()?;
    let data = tempfile::tempdir()?;
    let launch = || {
        Command::new(app_binary())
            .env("WXM_DATA_DIR", data.path())
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
    };
    let mut first = launch()?;
    let result = (|| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !log_says(data.path(), "starting") {
            ensure!(Instant::now() < deadline, "the first app did not start");
            ensure!(first.try_wait()?.is_none(), "the first app stopped");
            std::thread::sleep(Duration::from_millis(200));
        }
        let mut second = launch()?;
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(status) = second.try_wait()? {
                break status;
            }
            if Instant::now() > deadline {
                let _ = second.kill();
                anyhow::bail!("the second launch opened a second window");
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        ensure!(status.success(), "the second launch: {status}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !log_says(data.path(), "the app was started again") {
            ensure!(Instant::now() < deadline, "the first window was not told");
            std::thread::sleep(Duration::from_millis(200));
        }
        ensure!(first.try_wait()?.is_none(), "the first app still runs");
        Ok(())
    })();
    let _ = first.kill();
    let _ = first.wait();
    result
}

#[test]
fn an_app_that_cannot_open_its_data_folder_ends_saying_why() -> Result<()> {
    // The engine opens beside the window: a data folder it cannot use must still end the
    // app with the reason, not leave a window waiting for an engine that never comes.
    let dir = tempfile::tempdir()?;
    let not_a_folder = dir.path().join("file");
    std::fs::write(&not_a_folder, "a file, not a folder")?;
    let data = not_a_folder.join("data");
    let mut app = Command::new(app_binary())
        .env("WXM_DATA_DIR", &data)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = app.try_wait()? {
            break status;
        }
        if Instant::now() > deadline {
            let _ = app.kill();
            anyhow::bail!("the app kept running on a data folder it cannot use");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut app.stderr.take().context("stderr")?, &mut stderr)?;
    ensure!(status.code() == Some(1), "{status}: {stderr}");
    ensure!(
        stderr.contains("could not start") && stderr.contains(&data.display().to_string()),
        "{stderr}"
    );
    Ok(())
}
