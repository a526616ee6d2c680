//! `wxm bulk`: move many users from a CSV file — plan (precheck, nothing sent), run
//! (after confirmation), resume after a stop or a crash, status, report and list.

use crate::output::shown;
use crate::progress::Progress;
use crate::{Failure, Global};
use engine::bulk::{
    EmailTrust, ImportOptions, JobPlan, JobProgress, JobStatus, JobSummary, PlanOptions,
    ReportFormat, RunOptions,
};
use engine::{ApiError, Engine, EngineError, ErrorCode};
use serde_json::json;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::time::Duration;

/// Settings for the whole file.
#[derive(clap::Args, Clone)]
pub struct FileArgs {
    /// The users' CSV file (UTF-8, or UTF-16 with a byte-order mark; comma, semicolon or tab; one header row).
    pub file: PathBuf,
    /// The BroadWorks enterprise (spEnterpriseId) of rows that do not name one.
    #[arg(long, value_name = "ID")]
    pub enterprise: Option<String>,
    /// The provisioning id (onboarding template) of rows that do not name one.
    #[arg(long, value_name = "ID")]
    pub provisioning_id: Option<String>,
    /// Whether the onboarding template uses trusted emails; with untrusted ones the
    /// email column may be empty.
    #[arg(long, value_enum, default_value_t = TrustArg::Trusted)]
    pub email_trust: TrustArg,
}

/// How fast to go.
#[derive(clap::Args, Clone)]
pub struct PaceArgs {
    /// Requests a second to Webex, for all workers together.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub rate: u32,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub concurrency: usize,
    /// Seconds between two status checks after provisioning.
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS")]
    pub watch_interval: f64,
    /// Stop waiting for Webex to finish after this many seconds.
    #[arg(long, default_value_t = 600, value_name = "SECONDS")]
    pub watch_timeout: u64,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum TrustArg {
    Trusted,
    Untrusted,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Csv,
    Html,
}

/// The subcommands of `wxm bulk`.
#[derive(clap::Subcommand)]
pub enum BulkCommand {
    /// Check a file and every user in it; show the plan. Nothing is provisioned.
    Plan {
        #[command(flatten)]
        file: FileArgs,
        #[command(flatten)]
        pace: PaceArgs,
    },
    /// Plan a file, then (once you confirm) provision its users. Prints the job id first.
    Run {
        #[command(flatten)]
        file: FileArgs,
        #[command(flatten)]
        pace: PaceArgs,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Go on with a job after a pause, a stop or a crash (default: the latest unfinished job).
    Resume {
        job: Option<String>,
        #[command(flatten)]
        pace: PaceArgs,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
        /// Try the failed users again (retry failed only).
        #[arg(long)]
        retry_failed: bool,
    },
    /// Show a job's progress (default: the latest job).
    Status { job: Option<String> },
    /// Write a job's report (default: the latest job) to standard output or a file.
    Report {
        job: Option<String>,
        #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
        format: FormatArg,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Cancel a job: users not yet sent are skipped; the journal is kept.
    Cancel { job: String },
    /// List the jobs, newest first.
    List,
}

fn failure(e: EngineError) -> Failure {
    Failure::from(e)
}

/// The Webex client of this run, through the engine: `--token`/`WXM_TOKEN` when
/// given, else the stored sign-in of `wxm login` (the demo tenant runs in-process).
pub(crate) fn client(
    engine: &Engine,
    rt: &tokio::runtime::Runtime,
    global: &Global,
    rate: u32,
) -> Result<engine::webex::Client, Failure> {
    let token = global.token.clone().map(engine::auth::Secret::new);
    match rt.block_on(
        engine
            .sign_in()
            .client_for_run(token, global.base_url.as_deref(), rate),
    ) {
        Ok(c) => Ok(c),
        Err(EngineError::Webex(engine::webex::WebexError::BaseUrl(url))) => Err(Failure {
            exit: 2,
            error: ApiError::new(
                ErrorCode::BadBaseUrl,
                format!("the base URL '{url}' is not a valid URL"),
                "Give a URL such as https://webexapis.com/v1 with --base-url.",
            ),
        }),
        Err(EngineError::NotSignedIn) => Err(crate::login::not_signed_in(engine)),
        Err(e) => Err(e.into()),
    }
}

fn run_options(pace: &PaceArgs) -> RunOptions {
    RunOptions {
        concurrency: pace.concurrency.max(1),
        watch_interval: Duration::from_secs_f64(pace.watch_interval.clamp(0.01, 3600.0)),
        watch_timeout: Duration::from_secs(pace.watch_timeout),
        ..RunOptions::default()
    }
}

fn plan_options(file: &FileArgs, pace: &PaceArgs) -> PlanOptions {
    PlanOptions {
        import: ImportOptions {
            email_trust: match file.email_trust {
                TrustArg::Trusted => EmailTrust::Trusted,
                TrustArg::Untrusted => EmailTrust::Untrusted,
            },
            enterprise: file.enterprise.clone(),
            provisioning_id: file.provisioning_id.clone(),
        },
        concurrency: pace.concurrency.max(1),
    }
}

/// Runs `wxm bulk …`.
pub fn run(command: BulkCommand, global: &Global) -> Result<(), Failure> {
    let json = global.json;
    let engine = crate::open_engine(global)?;
    match command {
        BulkCommand::Plan { file, pace } => {
            let rt = crate::runtime()?;
            let client = client(&engine, &rt, global, pace.rate)?;
            let plan = rt
                .block_on(plan_file(&engine, &client, &file, &pace, json))
                .map_err(failure)?;
            print_plan(&plan, json);
            Ok(())
        }
        BulkCommand::Run { file, pace, yes } => {
            let rt = crate::runtime()?;
            let client = client(&engine, &rt, global, pace.rate)?;
            let plan = rt
                .block_on(plan_file(&engine, &client, &file, &pace, json))
                .map_err(failure)?;
            print_plan(&plan, json);
            if plan.to_provision == 0 {
                if !json {
                    println!("Nothing to provision.");
                }
                return Ok(());
            }
            confirm(plan.to_provision, yes)?;
            rt.block_on(run_job(&engine, &client, &plan.job_id, &pace, json))
        }
        BulkCommand::Resume {
            job,
            pace,
            yes,
            retry_failed,
        } => {
            let job = match job {
                Some(j) => j,
                None => engine.bulk().latest_unfinished_job()?,
            };
            if !json {
                println!("Job {job}");
            }
            if let Some(holder) = engine.bulk().lease_holder(&job)? {
                return Err(EngineError::Bulk(engine::bulk::BulkError::Busy {
                    id: job,
                    owner: holder.owner,
                })
                .into());
            }
            if retry_failed {
                let n = engine.bulk().retry_failed(&job)?;
                if !json {
                    println!("{n} failed users will be tried again.");
                }
            }
            let rt = crate::runtime()?;
            let mut status = engine.bulk().job_status(&job)?;
            if status.is_final() {
                return Err(EngineError::Bulk(engine::bulk::BulkError::Finished {
                    id: job,
                    status: status.label().into(),
                })
                .into());
            }
            let client = client(&engine, &rt, global, pace.rate)?;
            if status == JobStatus::Planning {
                // Killed while reading the file or checking users: finish the plan.
                rt.block_on(continue_plan(&engine, &client, &job, &pace, json))
                    .map_err(failure)?;
                status = engine.bulk().job_status(&job)?;
            }
            let plan = engine.bulk().job_plan(&job)?;
            if status == JobStatus::Planned {
                print_plan(&plan, json);
            }
            let left = engine.bulk().job_progress(&job)?;
            let left = left.counts.pending + left.counts.in_flight + left.counts.failed_retryable;
            if status == JobStatus::Planned && plan.to_provision == 0 {
                if !json {
                    println!("Nothing to provision.");
                }
                return Ok(());
            }
            if status == JobStatus::Planned || left > 0 {
                confirm(left, yes)?;
            }
            rt.block_on(run_job(&engine, &client, &job, &pace, json))
        }
        BulkCommand::Status { job } => {
            let job = match job {
                Some(j) => j,
                None => engine.bulk().latest_job()?,
            };
            let p = engine.bulk().job_progress(&job)?;
            let plan = engine.bulk().job_plan(&job)?;
            if json {
                println!("{}", json!({ "progress": p, "plan": plan }));
            } else {
                println!("Job {job}: {}", p.status_label);
                print_counts(&p);
                for g in plan.groups.iter().filter(|g| g.waits_for.is_some()) {
                    println!(
                        "  {} ({}): waits for: {}",
                        g.title,
                        g.count,
                        g.waits_for.as_deref().unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
        BulkCommand::Report { job, format, out } => {
            let job = match job {
                Some(j) => j,
                None => engine.bulk().latest_job()?,
            };
            let format = match format {
                FormatArg::Csv => ReportFormat::Csv,
                FormatArg::Html => ReportFormat::Html,
            };
            match out {
                Some(path) => {
                    let written = engine.bulk().save_job_report(&job, format, Some(&path))?;
                    if json {
                        println!("{}", json!({ "written": written }));
                    } else {
                        println!("Report written to {written}");
                    }
                }
                None => print!("{}", engine.bulk().job_report_text(&job, format)?),
            }
            Ok(())
        }
        BulkCommand::Cancel { job } => {
            let rt = crate::runtime()?;
            // Users a crash left in flight are looked up before the cancel, so a client
            // is needed only for them.
            let in_flight = engine.bulk().job_counts(&job)?.in_flight;
            let client = if in_flight > 0 && engine.bulk().lease_holder(&job)?.is_none() {
                Some(client(&engine, &rt, global, 10)?)
            } else {
                None
            };
            let status = rt.block_on(engine.bulk().cancel_job(client.as_ref(), &job))?;
            if json {
                println!("{}", json!({ "job": job, "status": status }));
            } else {
                println!("Job {job}: {}", status.label());
            }
            Ok(())
        }
        BulkCommand::List => {
            let jobs = engine.bulk().list_jobs()?;
            if json {
                println!("{}", json!({ "jobs": jobs }));
            } else if jobs.is_empty() {
                println!("No bulk jobs yet. Start one with `wxm bulk run FILE`.");
            } else {
                for j in &jobs {
                    print_summary(j);
                }
            }
            Ok(())
        }
    }
}

/// The prechecks of a plan: a bar at a terminal, "Checking users: 5 of 40" otherwise.
fn checking_progress(json: bool) -> Progress {
    Progress::new(
        "Checking users {bar:30} {pos}/{len}",
        |done, total, _| format!("Checking users: {done} of {total}"),
        json,
    )
}

async fn continue_plan(
    engine: &Engine,
    client: &engine::webex::Client,
    job: &str,
    pace: &PaceArgs,
    json: bool,
) -> Result<JobPlan, EngineError> {
    let progress = checking_progress(json);
    let on_checked = |done: u32, total: u32| progress.set(done.into(), total.into(), "");
    engine
        .bulk()
        .continue_plan(client, job, pace.concurrency.max(1), &on_checked)
        .await
}

async fn plan_file(
    engine: &Engine,
    client: &engine::webex::Client,
    file: &FileArgs,
    pace: &PaceArgs,
    json: bool,
) -> Result<JobPlan, EngineError> {
    let progress = checking_progress(json);
    let on_created = |job: &str| {
        if !json {
            progress.suspend(|| {
                println!("Job {job}");
                let _ = std::io::stdout().flush();
            });
        }
    };
    let on_checked = |done: u32, total: u32| progress.set(done.into(), total.into(), "");
    engine
        .bulk()
        .plan_bulk_job(
            client,
            &file.file,
            &plan_options(file, pace),
            &on_created,
            &on_checked,
        )
        .await
}

async fn run_job(
    engine: &Engine,
    client: &engine::webex::Client,
    job: &str,
    pace: &PaceArgs,
    json: bool,
) -> Result<(), Failure> {
    let progress = Progress::new(
        "{bar:30} {pos}/{len} ({per_sec}, {eta} left) {wide_msg}",
        |done, total, stage| format!("{stage}: {done} of {total} users"),
        json,
    );
    let summary = {
        let on_progress = |p: &JobProgress| {
            let finished = p.counts.done + p.counts.failed + p.counts.skipped;
            progress.set(finished.into(), p.total.into(), &p.status_label);
        };
        let options = run_options(pace);
        let run = engine.bulk().run_job(client, job, &options, &on_progress);
        tokio::pin!(run);
        tokio::select! {
            r = &mut run => r,
            _ = tokio::signal::ctrl_c() => {
                // Ctrl-C pauses: users in flight finish, the rest wait for `wxm bulk resume`.
                let _ = engine.bulk().pause_job(job);
                run.await
            }
        }
    };
    // The bar goes before the result (or the error) is printed.
    drop(progress);
    let summary = summary.map_err(failure)?;
    let progress = engine.bulk().job_progress(job).map_err(failure)?;
    if json {
        println!("{}", json!({ "job": summary, "progress": progress }));
    } else {
        print_summary(&summary);
        print_counts(&progress);
        // A watch that ran out of time says so, and where to look later: `bulk status`
        // shows the job as it ended, `migration status` reads Webex again.
        let unfinished = progress.webex.still_provisioning;
        if unfinished > 0 && !matches!(summary.status, JobStatus::Paused | JobStatus::Cancelled) {
            let mut enterprises: Vec<String> = engine
                .bulk()
                .job_items(job)
                .unwrap_or_default()
                .into_iter()
                .filter(|i| i.status == engine::bulk::ItemStatus::Done)
                .filter(|i| {
                    !matches!(
                        i.webex_status.as_deref(),
                        Some(
                            "provisioned"
                                | "error"
                                | "pending_email_input"
                                | "pending_email_validation"
                                | "pending_user_migration"
                        )
                    )
                })
                .map(|i| i.row.sp_enterprise_id)
                .collect();
            enterprises.sort();
            enterprises.dedup();
            println!(
                "Stopped waiting after {} s (--watch-timeout): Webex had not finished {}.",
                pace.watch_timeout,
                crate::act::count(unfinished as usize, "user", "users")
            );
            for e in enterprises {
                println!(
                    "  Read where they stand later with: wxm migration status {}",
                    shown(&e)
                );
            }
        }
        match summary.status {
            JobStatus::Paused => println!("Paused. Go on with: wxm bulk resume {job}"),
            JobStatus::CompletedWithProblems => println!(
                "See who needs what: wxm bulk report {job} --format html --out report.html"
            ),
            _ => {}
        }
    }
    // Not done is not success: a paused job or a failed user exits non-zero.
    let failed = progress.counts.failed + progress.counts.failed_retryable;
    if summary.status == JobStatus::Paused {
        let id = job.to_string();
        let e = EngineError::Bulk(match summary.pause_reason.as_deref() {
            Some(engine::bulk::SIGN_IN_EXPIRED) => engine::bulk::BulkError::SignInExpired { id },
            Some(engine::bulk::NOT_ALLOWED) => engine::bulk::BulkError::NotAllowed { id },
            _ => engine::bulk::BulkError::Paused { id },
        });
        return Err(e.into());
    }
    if failed > 0 {
        return Err(EngineError::Bulk(engine::bulk::BulkError::UsersFailed {
            id: job.into(),
            count: failed,
        })
        .into());
    }
    Ok(())
}

fn confirm(count: u32, yes: bool) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    print!("Provision {count} users? This cannot be undone. Type yes to go on: ");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    if line.trim().eq_ignore_ascii_case("yes") || line.trim().eq_ignore_ascii_case("y") {
        Ok(())
    } else {
        Err(Failure {
            exit: 1,
            error: ApiError::new(ErrorCode::NotConfirmed, "Nothing was provisioned: you did not confirm.", "Type yes when asked, or give --yes. The plan is kept: `wxm bulk resume` starts it."),
        })
    }
}

fn print_summary(j: &JobSummary) {
    println!(
        "{}  {}  {}  {} users ({} done, {} failed, {} skipped)  {}",
        j.id,
        j.created_at,
        j.status_label,
        j.total,
        j.counts.done,
        j.counts.failed + j.counts.failed_retryable,
        j.counts.skipped,
        shown(&j.file)
    );
}

fn print_counts(p: &JobProgress) {
    let c = &p.counts;
    println!(
        "  sent: {}  pending: {}  in flight: {}  failed: {} (+{} to retry)  skipped: {}",
        c.done, c.pending, c.in_flight, c.failed, c.failed_retryable, c.skipped
    );
    let w = &p.webex;
    println!(
        "  in Webex: {} provisioned, {} waiting for the user, {} still being set up, {} in error",
        w.provisioned, w.waiting_for_user, w.still_provisioning, w.error
    );
}

fn print_plan(plan: &JobPlan, json: bool) {
    if json {
        println!("{}", json!({ "plan": plan }));
        return;
    }
    println!(
        "Plan of {}: {} rows read, {} refused.",
        shown(&plan.file),
        plan.rows_read,
        plan.problems.len()
    );
    for p in &plan.problems {
        println!("  ! {}", shown(&p.to_string()));
    }
    for g in &plan.groups {
        let mark = if g.will_run { "+" } else { "-" };
        println!("{mark} {} users: {}", g.count, g.title);
        if let Some(r) = &g.receives {
            println!("    they receive: {r}");
        }
        if let Some(w) = &g.waits_for {
            println!("    then waits for: {w}");
        }
        if let Some(wz) = &g.wizard {
            println!("    what to do: wxm decide {wz}");
        }
    }
    for b in &plan.blockers {
        println!(
            "Blocked: {} ({})",
            b.message,
            crate::act::count(b.users as usize, "user", "users")
        );
    }
    for f in &plan.first_users {
        println!(
            "First and alone: {} in {} (their email decides the enterprise's new organization)",
            shown(&f.user_id),
            shown(&f.sp_enterprise_id)
        );
    }
    println!(
        "{} users will be provisioned; {} are blocked.",
        plan.to_provision, plan.blocked
    );
}
