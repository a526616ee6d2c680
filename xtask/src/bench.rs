//! `cargo xtask bench [NAME]`: builds release binaries, measures, prints a table with
//! each figure's target, and writes the same to `target/bench/results.json`. A
//! benchmark reports; it never fails the build for a missed target.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

mod app;
mod memory;
mod process;
mod store;

/// One measured figure.
struct Figure {
    bench: &'static str,
    name: String,
    value: f64,
    unit: &'static str,
    /// Target, and whether lower is better (all ours are).
    target: Option<f64>,
}

const BENCHES: &[&str] = &["sizes", "decide", "tables", "app", "store", "bulk"];

pub fn run(only: Option<&str>) -> Result<()> {
    if let Some(name) = only {
        if !BENCHES.contains(&name) {
            bail!("no benchmark '{name}'; benchmarks: {}", BENCHES.join(", "));
        }
    }
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    crate::setup()?;
    let root = crate::root();
    let release = root.join("target/release");
    let mut figures = Vec::new();

    crate::sh(
        crate::cargo()
            .args(["build", "--release", "-p", "wxm"])
            .current_dir(&root),
    )?;
    let wxm = release.join("wxm");

    if wanted("sizes") || wanted("app") {
        crate::build_ui()?;
        // The app and the hello-world app in one build: same Tauri features, one Tauri.
        let mut build = crate::cargo();
        build.args(["build", "--release", "-p", "webex-migration-wizard"]);
        if wanted("app") {
            build.args(["-p", "bench-hello"]);
        }
        crate::sh(build.current_dir(&root))?;
    }
    if wanted("sizes") {
        sizes(&root, &release, &mut figures)?;
    }
    if wanted("decide") {
        let args = [
            "decide",
            "move-user",
            "--json",
            "-a",
            "user_org=consumer",
            "-a",
            "w4bw_org_exists=yes",
            "-a",
            "method=admin",
            "-a",
            "email_trust=untrusted",
        ];
        let t = median_run(&wxm, &args, 41)?;
        figures.push(Figure {
            bench: "decide",
            name: "wxm decide, whole process (median of 41)".into(),
            value: ms(t),
            unit: "ms",
            target: Some(10.0),
        });
    }
    if wanted("tables") {
        let seeds = root.join("../shared/seeds");
        let mut args = vec!["tables", "check"];
        let seeds_arg = seeds.display().to_string();
        if seeds.is_dir() {
            args.extend(["--seeds", seeds_arg.as_str()]);
        }
        let t = median_run(&wxm, &args, 21)?;
        figures.push(Figure {
            bench: "tables",
            name: format!(
                "wxm tables check{}, whole process (median of 21)",
                if seeds.is_dir() { " --seeds" } else { "" }
            ),
            value: ms(t),
            unit: "ms",
            target: None,
        });
    }
    if wanted("app") {
        app::run(&release, &mut figures)?;
    }
    if wanted("store") {
        store::run(&root, &mut figures)?;
    }
    if wanted("bulk") {
        bulk(&root, &mut figures)?;
        import_100k(&root, &mut figures)?;
        plan_100k(&wxm, &mut figures)?;
    }
    report(&root, &figures)
}

/// 5,000 new users by a bulk job against webex-sim limited to 100 req/s with 30 ms
/// latency, beside a one-request-at-a-time client on 500 requests of the same run.
fn bulk(root: &Path, figures: &mut Vec<Figure>) -> Result<()> {
    let v = run_example(root, "bulk_bench")?;
    let num = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "bulk: {} users in {:.1} s, {:.1} req/s against a limit of {} ({} answered 429); one at a time: {:.1} req/s",
        v["done"], num("seconds"), num("rate"), v["limit"], v["rateLimited"], num("sequentialRate")
    );
    figures.push(Figure {
        bench: "bulk",
        name: "bulk run: request rate / limit (target >= 0.95)".into(),
        value: num("ratio"),
        unit: "x",
        target: None,
    });
    figures.push(Figure {
        bench: "bulk",
        name: "bulk run: request rate".into(),
        value: num("rate"),
        unit: "/s",
        target: None,
    });
    figures.push(Figure {
        bench: "bulk",
        name: "one request at a time (500-request sample)".into(),
        value: num("sequentialRate"),
        unit: "/s",
        target: None,
    });
    figures.push(Figure {
        bench: "bulk",
        name: "bulk run / one at a time".into(),
        value: num("speedup"),
        unit: "x",
        target: None,
    });
    println!(
        "bulk: a whole job of {} users watched to the end cost {} Webex requests: {:.2} a provisioned user (floor 2)",
        v["wholeUsers"], v["wholeRequests"], num("requestsPerUser")
    );
    figures.push(Figure {
        bench: "bulk",
        name: "Webex requests per provisioned user, whole job (floor 2)".into(),
        value: num("requestsPerUser"),
        unit: "req",
        target: Some(2.05),
    });
    Ok(())
}

/// A 100,000-row file read and validated (no Webex calls) and journalled as a job, by
/// the engine's `import_bench` example built in release.
fn import_100k(root: &Path, figures: &mut Vec<Figure>) -> Result<()> {
    let v = run_example(root, "import_bench")?;
    let num = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    println!(
        "bulk: {} rows read and validated in {:.2} s (peak {:.0} MiB), journalled in {:.2} s",
        v["rows"],
        num("importSeconds"),
        num("importPeakMiB"),
        num("journalSeconds")
    );
    let mut fig = |name: &str, value: f64, unit: &'static str, target: f64| {
        figures.push(Figure {
            bench: "bulk",
            name: name.into(),
            value,
            unit,
            target: Some(target),
        })
    };
    fig(
        "100,000-row CSV: import and validation",
        num("importSeconds"),
        "s",
        3.0,
    );
    fig(
        "100,000-row CSV: peak memory of the process (VmHWM)",
        num("importPeakMiB") * 1.048_576,
        "MB",
        200.0,
    );
    fig(
        "100,000 users: the job's journal written",
        num("journalSeconds"),
        "s",
        5.0,
    );
    Ok(())
}

/// Runs one of the engine's examples in release; its last line of output, as JSON.
pub(crate) fn run_example(root: &Path, name: &str) -> Result<serde_json::Value> {
    let out = crate::cargo()
        .args([
            "run",
            "--quiet",
            "--release",
            "-p",
            "engine",
            "--example",
            name,
        ])
        .current_dir(root)
        .output()
        .with_context(|| format!("cannot run the {name} benchmark"))?;
    if !out.status.success() {
        bail!(
            "the {name} benchmark failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().last().unwrap_or_default();
    serde_json::from_str(line).with_context(|| format!("unexpected output: {text}"))
}

/// `wxm bulk plan` as a real process on a 100,000-row file against `wxm sim serve`
/// (no rate limit): its wall time and peak memory (VmHWM, read from /proc while it runs).
fn plan_100k(wxm: &Path, figures: &mut Vec<Figure>) -> Result<()> {
    use std::io::{BufRead, BufReader};
    const ROWS: usize = 100_000;
    let dir = tempfile_dir()?;
    let file = dir.join("users-100k.csv");
    let mut text = String::with_capacity(ROWS * 80);
    text.push_str("userId,firstName,lastName,email,package,extension\n");
    for i in 0..ROWS {
        text.push_str(&format!(
            "p{i:06}@bw.example,First,Last,p{i:06}@plan100k.example,basic,{}\n",
            10_000 + i
        ));
    }
    std::fs::write(&file, text)?;
    let mut sim = Command::new(wxm)
        .args(["--json", "sim", "serve"])
        .env("WXM_DATA_DIR", dir.join("sim-data"))
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("cannot start wxm sim serve")?;
    let mut first = String::new();
    if let Some(out) = sim.stdout.take() {
        BufReader::new(out).read_line(&mut first)?;
    }
    let started: serde_json::Value =
        serde_json::from_str(first.trim()).with_context(|| format!("sim said: {first}"))?;
    let base = started["baseUrl"].as_str().unwrap_or_default().to_string();
    let token = started["token"].as_str().unwrap_or_default().to_string();
    let begin = Instant::now();
    let mut plan = Command::new(wxm)
        .args(["--json", "--data-dir"])
        .arg(dir.join("data"))
        .args(["--base-url", &base, "--token", &token])
        .args(["bulk", "plan"])
        .arg(&file)
        .args(["--enterprise", "Plan100k+bulk"])
        .args(["--provisioning-id", "sim-tmpl-trusted"])
        .args(["--rate", "100000", "--concurrency", "64"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .context("cannot start wxm bulk plan")?;
    let status_file = format!("/proc/{}/status", plan.id());
    let mut peak_kib = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            if let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse::<u64>().ok())
            {
                peak_kib = peak_kib.max(kib);
            }
        }
        if let Some(status) = plan.try_wait()? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let seconds = begin.elapsed().as_secs_f64();
    let _ = sim.kill();
    let _ = sim.wait();
    let _ = std::fs::remove_dir_all(&dir);
    if !status.success() {
        bail!("wxm bulk plan on {ROWS} rows failed ({status})");
    }
    println!(
        "bulk: wxm bulk plan on {ROWS} rows (100,000 prechecks, no rate limit): {seconds:.1} s, peak {:.0} MiB",
        peak_kib as f64 / 1024.0
    );
    figures.push(Figure {
        bench: "bulk",
        name: "wxm bulk plan, 100,000 rows with prechecks: time".into(),
        value: seconds,
        unit: "s",
        target: None,
    });
    figures.push(Figure {
        bench: "bulk",
        name: "wxm bulk plan, 100,000 rows with prechecks: peak memory".into(),
        value: peak_kib as f64 / 1024.0,
        unit: "MiB",
        target: None,
    });
    Ok(())
}

/// A fresh folder under the system's temporary folder.
fn tempfile_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("wxm-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs a command `n` times and returns the median wall time; fails if any run fails.
fn median_run(program: &Path, args: &[&str], n: usize) -> Result<Duration> {
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        let out = Command::new(program)
            .args(args)
            .output()
            .with_context(|| format!("cannot run {}", program.display()))?;
        times.push(start.elapsed());
        if !out.status.success() {
            bail!(
                "{} {} failed: {}",
                program.display(),
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    times.sort();
    Ok(times[n / 2])
}

fn file_size(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .with_context(|| format!("{} is missing", path.display()))?
        .len())
}

fn gzip_size(path: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(path)
        .output()
        .context("gzip is needed to measure the UI bundle")?;
    Ok(out.stdout.len() as u64)
}

fn sizes(root: &Path, release: &Path, figures: &mut Vec<Figure>) -> Result<()> {
    let mb = |b: u64| b as f64 / 1_000_000.0;
    let kb = |b: u64| b as f64 / 1000.0;
    figures.push(Figure {
        bench: "sizes",
        name: "app binary (release)".into(),
        value: mb(file_size(&release.join("webex-migration-wizard"))?),
        unit: "MB",
        target: Some(15.0),
    });
    figures.push(Figure {
        bench: "sizes",
        name: "wxm binary (release)".into(),
        value: mb(file_size(&release.join("wxm"))?),
        unit: "MB",
        target: None,
    });
    let mut raw = 0;
    let mut gz = 0;
    let mut stack: Vec<PathBuf> = vec![root.join("ui/dist")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e == "js" || e == "css" || e == "html")
            {
                raw += file_size(&path)?;
                gz += gzip_size(&path)?;
            }
        }
    }
    figures.push(Figure {
        bench: "sizes",
        name: "UI bundle, raw (js+css+html)".into(),
        value: kb(raw),
        unit: "KB",
        target: None,
    });
    figures.push(Figure {
        bench: "sizes",
        name: "UI bundle, gzip".into(),
        value: kb(gz),
        unit: "KB",
        target: Some(60.0),
    });
    Ok(())
}

fn report(root: &Path, figures: &[Figure]) -> Result<()> {
    println!(
        "\n{:<55} {:>12}  {:<10} verdict",
        "figure", "value", "target"
    );
    let mut json = Vec::new();
    for f in figures {
        let (target, verdict) = match f.target {
            Some(t) => (
                format!("<= {t} {}", f.unit),
                if f.value <= t { "meets" } else { "MISSES" },
            ),
            None => ("-".to_string(), ""),
        };
        println!(
            "{:<55} {:>9.2} {:<2}  {:<10} {verdict}",
            f.name, f.value, f.unit, target
        );
        json.push(serde_json::json!({
            "bench": f.bench, "name": f.name, "value": f.value, "unit": f.unit,
            "target": f.target, "meetsTarget": f.target.map(|t| f.value <= t),
        }));
    }
    let dir = root.join("target/bench");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("results.json");
    std::fs::write(&path, serde_json::to_string_pretty(&json)? + "\n")?;
    println!("\nwritten to {}", path.display());
    Ok(())
}
