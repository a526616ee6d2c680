//! The `bulk` benchmark of `cargo xtask bench bulk`: 5,000 new users provisioned by a
//! bulk job against the simulated tenant with a 100 req/s limit and 30 ms latency, and
//! a one-request-at-a-time client timed on 500 provisions in the same run. Prints one
//! JSON line with the figures.

use engine::bulk::{EmailTrust, ImportOptions, JobStatus, PlanOptions, RunOptions};
use std::time::{Duration, Instant};
use webex::{AccessToken, Client, ClientOptions};
use webex_sim::{Faults, SimOptions};

const LIMIT: u32 = 100;
const LATENCY_MS: u64 = 30;

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let users = arg("--users", 5000);
    let sample = arg("--sample", 500);
    let concurrency = arg("--concurrency", 16);
    let sim = webex_sim::start_with(SimOptions {
        clock_speed: 100.0,
        ..SimOptions::default()
    })
    .await?;
    let dir = tempfile::tempdir()?;
    let engine = engine::Engine::open(dir.path())?;
    let file = dir.path().join("users.csv");
    let mut text = String::from("userId,firstName,lastName,email,package,extension\n");
    for i in 0..users {
        text.push_str(&format!(
            "b{i:05}@bw.example,First,Last,b{i:05}@bench.example,basic,{}\n",
            1000 + i
        ));
    }
    std::fs::write(&file, text)?;

    // The plan (prechecks) is not what is measured: it runs without the limit.
    let planner = Client::with_options(
        &sim.base_url(),
        AccessToken::new(sim.demo_token()),
        ClientOptions {
            requests_per_second: 2000,
            ..ClientOptions::default()
        },
    )?;
    let plan = engine
        .bulk()
        .plan_bulk_job(
            &planner,
            &file,
            &PlanOptions {
                import: ImportOptions {
                    email_trust: EmailTrust::Trusted,
                    enterprise: Some("Bench+bulk".into()),
                    provisioning_id: Some("sim-tmpl-trusted".into()),
                },
                concurrency: 32,
            },
            &|_| {},
            &|_, _| {},
        )
        .await?;

    sim.set_faults(Faults {
        rate_limit_per_sec: Some(LIMIT),
        latency_ms: LATENCY_MS,
        ..Faults::default()
    });
    let client = Client::with_options(
        &sim.base_url(),
        AccessToken::new(sim.demo_token()),
        ClientOptions {
            // Pace 3% under the tenant's limit: evenly spaced requests exactly at the
            // limit still put one too many into some of the server's one-second windows,
            // and each 429 pauses every worker for its Retry-After.
            requests_per_second: LIMIT * 97 / 100,
            ..ClientOptions::default()
        },
    )?;
    let before = sim.fault_stats();
    let start = Instant::now();
    let summary = engine
        .bulk()
        .run_job(
            &client,
            &plan.job_id,
            &RunOptions {
                concurrency,
                // Measure the provisioning only, not the wait for Webex to finish.
                watch_timeout: Duration::ZERO,
                ..RunOptions::default()
            },
            &|_| {},
        )
        .await?;
    let elapsed = start.elapsed().as_secs_f64();
    let after = sim.fault_stats();
    let answered = (after.requests - after.rate_limited) - (before.requests - before.rate_limited);
    let rate = answered as f64 / elapsed;

    // One request at a time, on a sample of new users in another enterprise.
    let sequential = Client::with_options(
        &sim.base_url(),
        AccessToken::new(sim.demo_token()),
        ClientOptions {
            requests_per_second: LIMIT,
            ..ClientOptions::default()
        },
    )?;
    let seq_start = Instant::now();
    for i in 0..sample {
        sequential
            .provision_subscriber(&webex::model::NewSubscriber {
                provisioning_id: "sim-tmpl-trusted".into(),
                user_id: format!("s{i:05}@bw.example"),
                sp_enterprise_id: "BenchSeq+bulk".into(),
                first_name: "First".into(),
                last_name: "Last".into(),
                package: webex::model::Package::Basic,
                primary_phone_number: None,
                mobile_phone_number: None,
                extension: Some(format!("{}", 1000 + i)),
                email: Some(format!("s{i:05}@benchseq.example")),
                language: None,
                timezone: None,
            })
            .await?;
    }
    let seq_rate = sample as f64 / seq_start.elapsed().as_secs_f64();

    // A whole job watched to the end (precheck, provision, every status poll until each
    // user is settled): the Webex requests it costs per provisioned user. The floor is 2
    // (one precheck, one provision).
    let whole = arg("--whole", 1000);
    sim.set_faults(Faults::default());
    let file = dir.path().join("whole.csv");
    let mut text = String::from("userId,firstName,lastName,email,package,extension\n");
    for i in 0..whole {
        text.push_str(&format!(
            "w{i:05}@bw.example,First,Last,w{i:05}@whole.example,basic,{}\n",
            1000 + i
        ));
    }
    std::fs::write(&file, text)?;
    let counted = |s: &webex_sim::FaultStats| s.requests;
    let before_whole = counted(&sim.fault_stats());
    let whole_plan = engine
        .bulk()
        .plan_bulk_job(
            &planner,
            &file,
            &PlanOptions {
                import: ImportOptions {
                    email_trust: EmailTrust::Trusted,
                    enterprise: Some("Whole+bulk".into()),
                    provisioning_id: Some("sim-tmpl-trusted".into()),
                },
                concurrency: 32,
            },
            &|_| {},
            &|_, _| {},
        )
        .await?;
    let whole_summary = engine
        .bulk()
        .run_job(
            &planner,
            &whole_plan.job_id,
            &RunOptions {
                concurrency,
                watch_interval: Duration::from_millis(500),
                watch_timeout: Duration::from_secs(300),
                ..RunOptions::default()
            },
            &|_| {},
        )
        .await?;
    let whole_requests = counted(&sim.fault_stats()) - before_whole;
    let per_user = whole_requests as f64 / f64::from(whole_summary.counts.done.max(1));
    println!(
        "{}",
        serde_json::json!({
            "users": users,
            "done": summary.counts.done,
            "completed": summary.status != JobStatus::Paused,
            "seconds": elapsed,
            "requests": answered,
            "rateLimited": after.rate_limited - before.rate_limited,
            "rate": rate,
            "limit": LIMIT,
            "ratio": rate / f64::from(LIMIT),
            "sequentialRate": seq_rate,
            "speedup": rate / seq_rate,
            "wholeUsers": whole_summary.counts.done,
            "wholeRequests": whole_requests,
            "requestsPerUser": per_user,
        })
    );
    Ok(())
}
