//! The processes of a benchmark: an Xvfb display, one launch of an app binary in its own
//! process group and data folder (waiting for the lines the UI writes to its ready file),
//! and the process tree below it, stopped with SIGTERM then SIGKILL.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a launch may take to show a page.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// An Xvfb server on a free display, stopped on drop.
pub(super) struct Xvfb {
    pub(super) child: Child,
    pub(super) display: String,
}

impl Xvfb {
    pub(super) fn start() -> Result<Xvfb> {
        // Far from xvfb-run's :99 downwards, which the end-to-end tests use.
        for n in 140..200 {
            if Path::new(&format!("/tmp/.X{n}-lock")).exists()
                || Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            {
                continue;
            }
            let mut child = Command::new("Xvfb")
                .args([
                    &format!(":{n}"),
                    "-screen",
                    "0",
                    "1280x800x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context(
                    "cannot start Xvfb (Debian package xvfb; `cargo xtask test` installs it)",
                )?;
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if child.try_wait()?.is_some() {
                    break; // display taken meanwhile: try the next
                }
                if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
                    return Ok(Xvfb {
                        child,
                        display: format!(":{n}"),
                    });
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        bail!("no free X display for Xvfb (:140 to :199 are taken)")
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        signal("TERM", &[self.child.id().to_string()]);
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One launch of an app binary, in its own process group and data folder.
pub(super) struct Launch {
    pub(super) child: Child,
    started: Instant,
    dir: PathBuf,
    ready_file: PathBuf,
}

impl Launch {
    /// `seed`: a data folder whose database is copied into this launch's own.
    pub(super) fn start(
        binary: &Path,
        display: &str,
        dir: &Path,
        seed: Option<&Path>,
        walk: Option<&str>,
        env: &[(&str, &std::ffi::OsStr)],
    ) -> Result<Launch> {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir.join("data"))?;
        if let Some(seed) = seed {
            for entry in std::fs::read_dir(seed)?.flatten() {
                if entry.path().is_file() {
                    std::fs::copy(entry.path(), dir.join("data").join(entry.file_name()))?;
                }
            }
        }
        let ready_file = dir.join("ready");
        let log = std::fs::File::create(dir.join("stderr.log"))?;
        let mut cmd = Command::new(binary);
        cmd.env("DISPLAY", display)
            .env_remove("WAYLAND_DISPLAY")
            .env("WXM_DATA_DIR", dir.join("data"))
            .env("WXM_READY_FILE", &ready_file)
            .env_remove("WXM_BENCH_WALK")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .process_group(0);
        if let Some(wizard) = walk {
            cmd.env("WXM_BENCH_WALK", wizard);
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        let started = Instant::now();
        let child = cmd
            .spawn()
            .with_context(|| format!("cannot start {}", binary.display()))?;
        Ok(Launch {
            child,
            started,
            dir: dir.to_path_buf(),
            ready_file,
        })
    }

    /// Lets the UI's bulk walk begin: until then it waits on the start page (it asks
    /// `ui_ready("bulk-wait")`, which answers "go" once this file exists), so that the
    /// memory before the job is the idle start page's.
    pub(super) fn go(&self) -> Result<()> {
        std::fs::write(self.ready_file.with_extension("go"), b"")?;
        Ok(())
    }

    /// Time from process start until the ready file has the line `page`.
    pub(super) fn wait_for(&mut self, page: &str) -> Result<Duration> {
        self.wait_within(page, READY_TIMEOUT)
    }

    /// Which of `a` and `b` the ready file has first, waiting at most `timeout` from the
    /// process start.
    pub(super) fn wait_within_either(
        &mut self,
        a: &str,
        b: &str,
        timeout: Duration,
    ) -> Result<String> {
        let both = format!("{a}|{b}");
        self.wait_within(&both, timeout)?;
        let text = std::fs::read_to_string(&self.ready_file).unwrap_or_default();
        Ok(text
            .lines()
            .find(|l| *l == a || *l == b)
            .unwrap_or(a)
            .to_string())
    }

    /// [`Launch::wait_for`], waiting at most `timeout` from the process start; `page` may
    /// name several lines with `|` (any of them).
    pub(super) fn wait_within(&mut self, page: &str, timeout: Duration) -> Result<Duration> {
        loop {
            if let Ok(text) = std::fs::read_to_string(&self.ready_file) {
                if text.lines().any(|l| page.split('|').any(|p| p == l)) {
                    return Ok(self.started.elapsed());
                }
            }
            let log = || {
                let text = std::fs::read_to_string(self.dir.join("stderr.log")).unwrap_or_default();
                let tail: Vec<&str> = text.lines().rev().take(15).collect();
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            };
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "the app exited ({status}) before '{page}' was ready:\n{}",
                    log()
                );
            }
            if self.started.elapsed() > timeout {
                bail!("'{page}' was not ready within {timeout:?}:\n{}", log());
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// SIGTERM to the process group and every process of the tree, then SIGKILL to
    /// whatever is left after 3 s.
    pub(super) fn stop(&mut self) {
        let pid = self.child.id();
        let tree = descendants(pid, &process_table());
        let mut targets: Vec<String> = tree.iter().map(u32::to_string).collect();
        targets.push(format!("-{pid}"));
        signal("TERM", &targets);
        let deadline = Instant::now() + Duration::from_secs(3);
        let mut reaped = false;
        while Instant::now() < deadline {
            reaped = reaped || matches!(self.child.try_wait(), Ok(Some(_)));
            if reaped && tree.iter().all(|p| !alive(*p)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let left: Vec<String> = tree
            .iter()
            .filter(|p| alive(**p))
            .map(u32::to_string)
            .chain([format!("-{pid}")])
            .collect();
        signal("KILL", &left);
        let _ = self.child.wait();
    }
}

fn signal(name: &str, targets: &[String]) {
    let _ = Command::new("kill")
        .arg(format!("-{name}"))
        .arg("--")
        .args(targets)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// A process that exists and is not a zombie.
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| parse_stat(&s))
        .is_some_and(|(_, state)| state != 'Z')
}

/// `(ppid, state)` from the text of `/proc/PID/stat` (the name may hold spaces and
/// parentheses, so fields are counted from the last `)`).
fn parse_stat(stat: &str) -> Option<(u32, char)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((ppid, state))
}

/// Every process as `(pid, ppid)`.
pub(super) fn process_table() -> Vec<(u32, u32)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let pid: u32 = e.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
            Some((pid, parse_stat(&stat)?.0))
        })
        .collect()
}

/// `root` and every process below it.
pub(super) fn descendants(root: u32, table: &[(u32, u32)]) -> Vec<u32> {
    let mut children: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for &(pid, ppid) in table {
        children.entry(ppid).or_default().push(pid);
    }
    let mut out = vec![root];
    let mut next = 0;
    while next < out.len() {
        if let Some(kids) = children.get(&out[next]) {
            out.extend(
                kids.iter()
                    .filter(|k| !out.contains(k))
                    .copied()
                    .collect::<Vec<_>>(),
            );
        }
        next += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_the_process_tree_below_the_app_only() {
        // 10 = the app; 11, 12 its WebKit processes (12 via a sandbox launcher 13);
        // 20 and 21 are unrelated.
        let table = [
            (1, 0),
            (10, 1),
            (11, 10),
            (13, 10),
            (12, 13),
            (20, 1),
            (21, 20),
        ];
        let mut tree = descendants(10, &table);
        tree.sort();
        assert_eq!(tree, [10, 11, 12, 13]);
        assert_eq!(descendants(99, &table), [99]);
    }

    #[test]
    fn reads_ppid_and_state_even_with_parentheses_in_the_name() {
        let stat = "4242 (WebKit (Web) Proc) S 4200 4242 4200 0 -1 4194560 1234";
        assert_eq!(parse_stat(stat), Some((4200, 'S')));
    }
}
