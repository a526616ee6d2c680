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

use super::memory::{listens_on_tcp, tree_memory, Memory};
use super::process::{Launch, Xvfb};
use super::Figure;
use anyhow::{bail, Result};
use std::path::Path;
use std::time::{Duration, Instant};

/// Measured launches of each app (after one warm-up launch each).
const RUNS: usize = 5;
const IDLE: Duration = Duration::from_secs(3);
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
    // Of the app's idle launches, how many had started the demo tenant.
    let mut demo_started = 0;
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
                    hello_idle.extend(idle.map(|(memory, _)| memory));
                }
                _ => {
                    app_starts.push(t);
                    if let Some((memory, listening)) = idle {
                        app_idle.push(memory);
                        demo_started += usize::from(listening);
                    }
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
    // The demo tenant runs inside the app's process, as a server on a loopback port: not
    // started, it weighs nothing; started, it is part of the app's anonymous memory.
    if demo_started == 0 {
        fig(
            format!("  split: demo tenant (not started in any of {RUNS} idle launches: nothing listens)"),
            0.0,
            "MiB",
            None,
        );
    } else {
        fig(
            format!("  split: demo tenant started in {demo_started} of {RUNS} idle launches, inside the app process's anonymous memory"),
            f64::NAN,
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
            // Where the growth is. The demo tenant, not started before the job, now holds
            // its users: it is in the app process's anonymous memory.
            let (a, b) = (after.split, before.split);
            for (name, after, before) in [
                (
                    format!("app process, anonymous (Rust heap, stacks, the demo tenant now holding {BULK_USERS} users)"),
                    a.main_anon_kib,
                    b.main_anon_kib,
                ),
                ("app process, code and libraries".into(), a.main_other_kib, b.main_other_kib),
                ("WebKit web process (JS heap, DOM)".into(), a.web_kib, b.web_kib),
                ("other processes (WebKit network)".into(), a.other_kib, b.other_kib),
            ] {
                fig(
                    format!("  split, after minus before the job: {name}"),
                    (after as f64 - before as f64) / 1024.0,
                    "MiB",
                    None,
                );
            }
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
        launch.go()?;
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
/// `measure_idle` the memory after 3 s idle and whether the process listens on a TCP
/// port by then (the app's demo tenant).
fn launch_once(
    binary: &Path,
    display: &str,
    dir: &Path,
    seed: Option<&Path>,
    measure_idle: bool,
) -> Result<(Duration, Option<(Memory, bool)>)> {
    let mut launch = Launch::start(binary, display, dir, seed, None, &[])?;
    let measured = launch.wait_for("start").and_then(|t| {
        if !measure_idle {
            return Ok((t, None));
        }
        std::thread::sleep(IDLE);
        let pid = launch.child.id();
        Ok((t, Some((tree_memory(pid)?, listens_on_tcp(pid)?))))
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
