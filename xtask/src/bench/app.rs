//! The `app` benchmark: cold start and memory of the real app window under Xvfb, with a
//! hello-world Tauri app (bench/hello) measured the same way in the same run, so the
//! platform's floor (WebKitGTK, Tauri) is separated from what the app adds.
//!
//! Each launch gets its own data folder (a copy of one made by an earlier launch, as on
//! every start but the first; or a new empty one, for the first-launch figure) and
//! `WXM_READY_FILE`; the UI appends "start" to that file once the start page shows its
//! choices (the `ui_ready` command), and "result" at the end of a bench walk
//! (`WXM_BENCH_WALK`). Memory is PSS (and RSS) from `/proc/PID/smaps_rollup`, summed
//! over the app and every process below it (WebKit's web and network processes). After
//! each launch the process group gets SIGTERM, then SIGKILL.

use super::Figure;
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Measured launches of each app (after one warm-up launch each).
const RUNS: usize = 5;
const IDLE: Duration = Duration::from_secs(3);
const READY_TIMEOUT: Duration = Duration::from_secs(60);
const WALK: &str = "move-user";

pub(super) fn run(release: &Path, figures: &mut Vec<Figure>) -> Result<()> {
    let app = release.join("webex-migration-wizard");
    let hello = release.join("bench-hello");
    for binary in [&app, &hello] {
        if !binary.is_file() {
            bail!("{} is missing (it is built first)", binary.display());
        }
    }
    let xvfb = Xvfb::start()?;
    eprintln!(
        "\n==> app: cold start and memory under Xvfb {}",
        xvfb.display
    );
    let scratch = std::env::temp_dir().join(format!("wxm-bench-{}", std::process::id()));
    let result = measure(&xvfb.display, &scratch, &app, &hello, figures);
    let _ = std::fs::remove_dir_all(&scratch);
    drop(xvfb);
    result
}

fn measure(
    display: &str,
    scratch: &Path,
    app: &Path,
    hello: &Path,
    figures: &mut Vec<Figure>,
) -> Result<()> {
    let mut app_starts = Vec::new();
    let mut first_starts = Vec::new();
    let mut hello_starts = Vec::new();
    let mut app_idle = Vec::new();
    let mut hello_idle = Vec::new();
    // The first launch of the app makes a data folder; the usual start (every start but
    // the very first) gets a copy of it, the first-launch figure a new empty one.
    let seed_dir = scratch.join("seed");
    let seed = seed_dir.join("data");
    // Alternate the launches, rotating their order, so that all see the same machine;
    // round 0 is a warm-up (page cache, font cache, the seed data folder), not counted.
    let mut order = ["first", "hello", "app"];
    for run in 0..=RUNS {
        let measure_idle = run > 0;
        for kind in order {
            let dir = scratch.join(format!("{kind}{run}"));
            let (t, idle) = match kind {
                "first" if run == 0 => launch_once(app, display, &seed_dir, None, false)?,
                "first" => launch_once(app, display, &dir, None, false)?,
                "hello" => launch_once(hello, display, &dir, None, measure_idle)?,
                _ if run == 0 => continue,
                _ => launch_once(app, display, &dir, Some(&seed), measure_idle)?,
            };
            // Let the processes of the last launch go before the next one starts.
            std::thread::sleep(Duration::from_millis(300));
            if run == 0 {
                continue;
            }
            match kind {
                "first" => first_starts.push(t),
                "hello" => {
                    hello_starts.push(t);
                    hello_idle.extend(idle);
                }
                _ => {
                    app_starts.push(t);
                    app_idle.extend(idle);
                }
            }
        }
        order.rotate_left(1);
    }
    // One more launch of the app that walks a wizard to its result, then idles.
    let mut launch = Launch::start(
        app,
        display,
        &scratch.join("walk"),
        Some(&seed),
        Some(WALK),
        &[],
    )?;
    let walked = launch.wait_for("start").and_then(|start| {
        let result = launch.wait_for("result")?;
        std::thread::sleep(IDLE);
        Ok((result - start, tree_memory(launch.child.id())?))
    });
    launch.stop();
    let (walk_time, walked) = walked?;

    let bulk = bulk_in_window(app, display, scratch, &seed);

    let app_start = median_ms(&mut app_starts);
    let first_start = median_ms(&mut first_starts);
    let hello_start = median_ms(&mut hello_starts);
    let app_idle = median_memory(&mut app_idle);
    let hello_idle = median_memory(&mut hello_idle);
    let mut fig = |name: String, value: f64, unit: &'static str, target: Option<f64>| {
        figures.push(Figure {
            bench: "app",
            name,
            value,
            unit,
            target,
        })
    };
    fig(
        format!("app cold start to interactive (median of {RUNS})"),
        app_start,
        "ms",
        Some(500.0),
    );
    fig(
        format!("app cold start, first launch (median of {RUNS})"),
        first_start,
        "ms",
        None,
    );
    fig(
        format!("hello-world cold start (median of {RUNS})"),
        hello_start,
        "ms",
        None,
    );
    fig(
        "app cold start minus hello-world".into(),
        app_start - hello_start,
        "ms",
        Some(40.0),
    );
    fig(
        "app first launch minus hello-world".into(),
        first_start - hello_start,
        "ms",
        Some(40.0),
    );
    fig(
        format!(
            "app idle 3 s, PSS ({} procs, median of {RUNS})",
            app_idle.processes
        ),
        app_idle.pss_mib(),
        "MiB",
        None,
    );
    fig("app idle 3 s, RSS".into(), app_idle.rss_mib(), "MiB", None);
    fig(
        format!(
            "hello-world idle 3 s, PSS ({} procs, median of {RUNS})",
            hello_idle.processes
        ),
        hello_idle.pss_mib(),
        "MiB",
        None,
    );
    fig(
        "hello-world idle 3 s, RSS".into(),
        hello_idle.rss_mib(),
        "MiB",
        None,
    );
    fig(
        "app idle PSS minus hello-world".into(),
        app_idle.pss_mib() - hello_idle.pss_mib(),
        "MiB",
        Some(20.0),
    );
    // Where the difference is: the next step is where it is largest.
    let mib = |kib: u64| kib as f64 / 1024.0;
    let (a, h) = (app_idle.split, hello_idle.split);
    for (name, app, hello) in [
        (
            "app process, anonymous (Rust heap, stacks)",
            a.main_anon_kib,
            h.main_anon_kib,
        ),
        (
            "app process, code and libraries",
            a.main_other_kib,
            h.main_other_kib,
        ),
        ("WebKit web process (JS heap, DOM)", a.web_kib, h.web_kib),
        ("other processes (WebKit network)", a.other_kib, h.other_kib),
    ] {
        fig(
            format!("  split, app minus hello-world: {name}"),
            mib(app) - mib(hello),
            "MiB",
            None,
        );
    }
    fig(
        format!("app after walking {WALK}, PSS"),
        walked.pss_mib(),
        "MiB",
        None,
    );
    fig(
        format!("app after walking {WALK}, RSS"),
        walked.rss_mib(),
        "MiB",
        None,
    );
    fig(
        format!("walk {WALK}: start page to result page"),
        walk_time.as_secs_f64() * 1000.0,
        "ms",
        None,
    );
    match bulk {
        Ok((before, after, took)) => {
            fig(
                format!("app before a {BULK_USERS}-user bulk job, idle on the start page, PSS"),
                before.pss_mib(),
                "MiB",
                None,
            );
            fig(
                format!(
                    "app after watching it to the end ({:.0} s), back on the start page, PSS",
                    took.as_secs_f64()
                ),
                after.pss_mib(),
                "MiB",
                None,
            );
            fig(
                format!("app after / before the {BULK_USERS}-user job, PSS"),
                after.pss_mib() / before.pss_mib(),
                "x",
                Some(1.10),
            );
        }
        // Reported, not hidden: the other figures stand.
        Err(e) => {
            eprintln!("bench: the {BULK_USERS}-user bulk job in the window was not measured: {e:#}")
        }
    }
    // Timings depend on what else runs: the load says how quiet the machine was.
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load.split_whitespace().next().and_then(|l| l.parse().ok());
    fig(
        format!("load average (1 min) after, on {} cores", cores()),
        load.unwrap_or(f64::NAN),
        "",
        None,
    );
    Ok(())
}

/// Users in the bulk job the window watches to its end.
const BULK_USERS: usize = 5_000;

/// The app's memory on the start page before and after a bulk job of [`BULK_USERS`] new
/// users on the demo tenant, run and watched to its end on the Bulk page by the UI's
/// bench walk (`WXM_BENCH_WALK=bulk`: it chooses the file, checks it, confirms, watches,
/// then goes back to the start page), and how long the job took.
fn bulk_in_window(
    app: &Path,
    display: &str,
    scratch: &Path,
    seed: &Path,
) -> Result<(Memory, Memory, Duration)> {
    let dir = scratch.join("bulk");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("bench-users.csv");
    let mut text = String::from("userId,firstName,lastName,email,package,extension\n");
    for i in 0..BULK_USERS {
        text.push_str(&format!(
            "bench{i:05}@bw.demo-telecom.example,Bench,User {i},bench{i:05}@bench.example,basic,{}\n",
            20_000 + i
        ));
    }
    std::fs::write(&file, text)?;
    let rate = std::ffi::OsString::from("400");
    let mut launch = Launch::start(
        app,
        display,
        &dir.join("run"),
        Some(seed),
        Some("bulk"),
        &[
            ("WXM_CHOOSE_FILE", file.as_os_str()),
            ("WXM_DEMO_REQUESTS_PER_SECOND", rate.as_os_str()),
        ],
    )?;
    let measured = (|| {
        launch.wait_for("start")?;
        std::thread::sleep(IDLE);
        let before = tree_memory(launch.child.id())?;
        let begun = Instant::now();
        if launch.wait_within_either("bulk-done", "bulk-failed", Duration::from_secs(1200))?
            == "bulk-failed"
        {
            bail!("the UI's bulk walk stopped (the app's window says why)");
        }
        let took = begun.elapsed();
        std::thread::sleep(IDLE);
        Ok((before, tree_memory(launch.child.id())?, took))
    })();
    launch.stop();
    measured
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Launches, waits for the start page, and stops: the time to ready, and with
/// `measure_idle` the memory after 3 s idle.
fn launch_once(
    binary: &Path,
    display: &str,
    dir: &Path,
    seed: Option<&Path>,
    measure_idle: bool,
) -> Result<(Duration, Option<Memory>)> {
    let mut launch = Launch::start(binary, display, dir, seed, None, &[])?;
    let measured = launch.wait_for("start").and_then(|t| {
        if !measure_idle {
            return Ok((t, None));
        }
        std::thread::sleep(IDLE);
        Ok((t, Some(tree_memory(launch.child.id())?)))
    });
    launch.stop();
    measured
}

/// The sample with the median PSS.
fn median_memory(samples: &mut [Memory]) -> Memory {
    samples.sort_by_key(|m| m.pss_kib);
    samples[samples.len() / 2]
}

fn median_ms(times: &mut [Duration]) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

/// An Xvfb server on a free display, stopped on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Result<Xvfb> {
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
struct Launch {
    child: Child,
    started: Instant,
    dir: PathBuf,
    ready_file: PathBuf,
}

impl Launch {
    /// `seed`: a data folder whose database is copied into this launch's own.
    fn start(
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

    /// Time from process start until the ready file has the line `page`.
    fn wait_for(&mut self, page: &str) -> Result<Duration> {
        self.wait_within(page, READY_TIMEOUT)
    }

    /// Which of `a` and `b` the ready file has first, waiting at most `timeout` from the
    /// process start.
    fn wait_within_either(&mut self, a: &str, b: &str, timeout: Duration) -> Result<String> {
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
    fn wait_within(&mut self, page: &str, timeout: Duration) -> Result<Duration> {
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
    fn stop(&mut self) {
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
fn process_table() -> Vec<(u32, u32)> {
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
fn descendants(root: u32, table: &[(u32, u32)]) -> Vec<u32> {
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

/// Memory of a process tree, in KiB, with the split that says where it goes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Memory {
    pss_kib: u64,
    rss_kib: u64,
    processes: usize,
    split: Split,
}

/// PSS of a tree by role, in KiB: the app's own process (its anonymous memory is the
/// Rust heap and thread stacks; the rest is mapped code and libraries), WebKit's web
/// process (the page: JS heap, DOM, layout) and everything else (WebKit's network
/// process, launchers).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Split {
    main_anon_kib: u64,
    main_other_kib: u64,
    web_kib: u64,
    other_kib: u64,
}

/// What a process of the tree is, from its place and `/proc/PID/comm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Main,
    Web,
    Other,
}

fn role_of(is_root: bool, comm: &str) -> Role {
    if is_root {
        Role::Main
    } else if comm.starts_with("WebKitWebProces") {
        Role::Web
    } else {
        Role::Other
    }
}

impl Memory {
    fn pss_mib(&self) -> f64 {
        self.pss_kib as f64 / 1024.0
    }
    fn rss_mib(&self) -> f64 {
        self.rss_kib as f64 / 1024.0
    }
}

/// One process's figures from `/proc/PID/smaps_rollup`, in KiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rollup {
    pss: u64,
    rss: u64,
    pss_anon: u64,
}

/// PSS, RSS and anonymous PSS in KiB from the text of `/proc/PID/smaps_rollup`.
fn parse_rollup(text: &str) -> Option<Rollup> {
    let field = |name: &str| {
        text.lines().find_map(|l| {
            let value = l.strip_prefix(name)?.strip_prefix(':')?;
            value.split_whitespace().next()?.parse::<u64>().ok()
        })
    };
    Some(Rollup {
        pss: field("Pss")?,
        rss: field("Rss")?,
        // Older kernels have no Pss_Anon: then the split puts all under "other".
        pss_anon: field("Pss_Anon").unwrap_or(0),
    })
}

/// Sums over processes; those that could not be read are left out.
fn sum_memory(samples: impl IntoIterator<Item = Option<(Role, Rollup)>>) -> Memory {
    samples
        .into_iter()
        .flatten()
        .fold(Memory::default(), |mut m, (role, r)| {
            m.pss_kib += r.pss;
            m.rss_kib += r.rss;
            m.processes += 1;
            match role {
                Role::Main => {
                    m.split.main_anon_kib += r.pss_anon;
                    m.split.main_other_kib += r.pss.saturating_sub(r.pss_anon);
                }
                Role::Web => m.split.web_kib += r.pss,
                Role::Other => m.split.other_kib += r.pss,
            }
            m
        })
}

fn tree_memory(root: u32) -> Result<Memory> {
    let tree = descendants(root, &process_table());
    let memory = sum_memory(tree.iter().map(|&pid| {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .ok()
            .and_then(|t| parse_rollup(&t))?;
        Some((role_of(pid == root, comm.trim()), rollup))
    }));
    if memory.processes == 0 {
        bail!("cannot read /proc/{root}/smaps_rollup");
    }
    Ok(memory)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROLLUP: &str = "\
55d0c0a5e000-7ffd2b5f9000 ---p 00000000 00:00 0                          [rollup]
Rss:              176484 kB
Pss:               98213 kB
Pss_Dirty:         61022 kB
Pss_Anon:          58900 kB
Pss_File:          37189 kB
Pss_Shmem:          2124 kB
Shared_Clean:      81344 kB
Private_Dirty:     60880 kB
Referenced:       176484 kB
Anonymous:         58924 kB
Swap:                  0 kB
SwapPss:               0 kB
";

    #[test]
    fn reads_pss_and_rss_from_smaps_rollup() {
        assert_eq!(
            parse_rollup(ROLLUP),
            Some(Rollup {
                pss: 98213,
                rss: 176484,
                pss_anon: 58900
            })
        );
        assert_eq!(parse_rollup("Rss: 10 kB\n"), None);
    }

    #[test]
    fn sums_memory_over_the_processes_that_could_be_read_split_by_role() {
        let r = |pss, rss, pss_anon| Rollup { pss, rss, pss_anon };
        let m = sum_memory([
            Some((Role::Main, r(100, 300, 40))),
            None,
            Some((Role::Web, r(50, 70, 30))),
            Some((Role::Other, r(7, 9, 1))),
        ]);
        assert_eq!(
            m,
            Memory {
                pss_kib: 157,
                rss_kib: 379,
                processes: 3,
                split: Split {
                    main_anon_kib: 40,
                    main_other_kib: 60,
                    web_kib: 50,
                    other_kib: 7
                }
            }
        );
    }

    #[test]
    fn the_root_is_the_app_and_webkit_web_processes_are_named_by_comm() {
        assert_eq!(role_of(true, "webex-migration"), Role::Main);
        assert_eq!(role_of(false, "WebKitWebProces"), Role::Web);
        assert_eq!(role_of(false, "WebKitNetworkPr"), Role::Other);
    }

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
