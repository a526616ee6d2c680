//! `wxm bulk` as a real process, killed with SIGKILL at seeded random moments in each
//! phase of a job (checking users, sending, watching) and resumed each time: the
//! simulator holds every user exactly once and the report fails nobody. Also: two
//! resumers of one job, a revoked sign-in, and `wxm login --demo` used by `wxm bulk`.

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use webex_sim::SimOptions;

mod support;
use support::{assert_refused, bulk_plan, into_enterprise, query_u32, users_csv, DemoData, Tenant};

fn start(provisioning_secs: f64) -> Tenant {
    Tenant::start_with(SimOptions {
        provisioning_secs,
        ..SimOptions::default()
    })
}

fn job_status(data: &Path) -> String {
    let Ok(db) = rusqlite::Connection::open_with_flags(
        data.join("wxm.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    ) else {
        return String::new();
    };
    let _ = db.busy_timeout(Duration::from_secs(5));
    db.query_row(
        "SELECT status FROM jobs ORDER BY created_at DESC LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap_or_default()
}

/// A small seeded generator, so a failing run can be replayed.
struct Seeded(u64);

impl Seeded {
    fn between(&mut self, low: u32, high: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        low + ((self.0 >> 33) as u32) % (high - low + 1)
    }
}

#[derive(Debug, Clone, Copy)]
enum Phase {
    /// Killed once this many users have a journalled precheck.
    Checking(u32),
    /// Killed once this many users are sent.
    Sending(u32),
    /// Killed this many milliseconds after the job starts watching.
    Watching(u32),
}

const PACE: [&str; 6] = [
    "--rate",
    "150",
    "--concurrency",
    "4",
    "--watch-interval",
    "0.2",
];

#[test]
fn a_job_killed_three_times_in_each_phase_and_resumed_holds_every_user_exactly_once() {
    const USERS: u32 = 240;
    let seed = std::env::var("WXM_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261201u64);
    let mut rng = Seeded(seed);
    let kills = [
        Phase::Checking(rng.between(10, 60)),
        Phase::Checking(rng.between(90, 140)),
        Phase::Checking(rng.between(170, 220)),
        Phase::Sending(rng.between(10, 60)),
        Phase::Sending(rng.between(90, 140)),
        Phase::Sending(rng.between(170, 220)),
        Phase::Watching(rng.between(50, 400)),
        Phase::Watching(rng.between(50, 400)),
        Phase::Watching(rng.between(50, 400)),
    ];
    // Users take 10 real seconds to be set up, so the job watches long enough to be
    // killed three times while it does.
    let tenant = start(10.0);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = users_csv(dir.path(), "ph", USERS as usize);
    let created_before = tenant.counter("subscribersCreated");
    let prechecks_before = tenant.counter("prechecks");

    for (round, phase) in kills.iter().copied().map(Some).chain([None]).enumerate() {
        let mut child = tenant
            .run_or_resume(&data, round, &file, "Phases+bulk")
            .args(PACE)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
            text
        });
        let Some(phase) = phase else {
            let status = child.wait().unwrap();
            let text = reader.join().unwrap();
            assert!(status.success(), "the last resume ends well: {text}");
            break;
        };
        let started = Instant::now();
        let mut watching_since: Option<Instant> = None;
        loop {
            let reached = match phase {
                Phase::Checking(n) => {
                    query_u32(
                        &data,
                        "SELECT COUNT(*) FROM job_items WHERE precheck IS NOT NULL",
                    ) >= n
                }
                Phase::Sending(n) => {
                    query_u32(
                        &data,
                        "SELECT COUNT(*) FROM job_items WHERE status = 'done'",
                    ) >= n
                }
                Phase::Watching(ms) => {
                    if job_status(&data) == "watching" {
                        let since = *watching_since.get_or_insert_with(Instant::now);
                        since.elapsed() >= Duration::from_millis(u64::from(ms))
                    } else {
                        false
                    }
                }
            };
            if reached {
                break;
            }
            if let Some(status) = child.try_wait().unwrap() {
                panic!(
                    "round {round}: the run ended ({status}) before it could be killed in {phase:?}: {}",
                    reader.join().unwrap()
                );
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "round {round}: no progress towards {phase:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let _ = reader.join();
    }

    let users = tenant.users_of("Phases+bulk");
    let mut unique = users.clone();
    unique.dedup();
    assert_eq!(unique.len(), users.len(), "no user twice");
    assert_eq!(users.len(), USERS as usize, "every user (seed {seed})");
    assert_eq!(
        tenant.counter("subscribersCreated") - created_before,
        u64::from(USERS)
    );
    // Journalled prechecks are not asked again: only those under way at a kill are.
    let prechecks = tenant.counter("prechecks") - prechecks_before;
    assert!(
        prechecks <= u64::from(USERS) + 3 * 4,
        "{prechecks} prechecks for {USERS} users"
    );

    let status = tenant.bulk_status(&data, &[]);
    assert_eq!(status["progress"]["counts"]["done"], USERS);
    assert_eq!(status["progress"]["counts"]["failed"], 0);
    assert_eq!(status["progress"]["counts"]["failedRetryable"], 0);
    let out = tenant
        .wxm(&data)
        .args(["bulk", "report", "--format", "csv"])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    let per_user: Vec<&str> = report
        .lines()
        .filter(|l| l.contains("@bw.example"))
        .collect();
    assert_eq!(per_user.len(), USERS as usize);
    for line in per_user {
        assert!(line.contains(",Provisioned,"), "{line}");
    }
    assert!(report.contains(",Total,There is a problem,0,"), "{report}");
    assert!(report.contains(",Total,Not sent,0,"), "{report}");
}

#[test]
fn two_resumers_of_one_job_only_one_runs_and_the_other_names_who_holds_it() {
    const USERS: usize = 80;
    let tenant = start(0.5);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = users_csv(dir.path(), "tw", USERS);
    let out = tenant
        .wxm(&data)
        .args(bulk_plan(&file, "Twice+bulk"))
        .args(PACE)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let before = tenant.counter("subscribersCreated");

    let spawn = || {
        tenant
            .wxm(&data)
            .args(["--json", "bulk", "resume", "--yes", "--rate", "40"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = spawn();
    let second = spawn();
    let a = first.wait_with_output().unwrap();
    let b = second.wait_with_output().unwrap();
    let (ran, refused) = if a.status.success() { (a, b) } else { (b, a) };
    assert!(ran.status.success(), "{ran:?}");
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    let text = String::from_utf8_lossy(&refused.stdout);
    assert!(text.contains("\"job_busy\""), "{text}");
    assert!(text.contains("already being run by wxm (process"), "{text}");
    assert_eq!(tenant.counter("subscribersCreated") - before, USERS as u64);
    assert_eq!(tenant.users_of("Twice+bulk").len(), USERS);
}

#[test]
fn a_revoked_sign_in_pauses_the_job_exits_non_zero_and_a_new_sign_in_finishes_it() {
    const USERS: usize = 20;
    let tenant = start(0.5);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = users_csv(dir.path(), "rv", USERS);
    let token = tenant.mint_token();
    let out = tenant
        .wxm_with(&data, &token)
        .args(bulk_plan(&file, "Revoke+bulk"))
        .args(PACE)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    tenant.control("tokens/revoke", Some(json!({ "accessToken": token })));

    let out = tenant
        .wxm_with(&data, &token)
        .args(["--json", "bulk", "resume", "--yes"])
        .args(PACE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"sign_in_expired\""), "{text}");
    let status = tenant.bulk_status(&data, &[]);
    assert_eq!(status["progress"]["status"], "paused");
    assert_eq!(status["progress"]["counts"]["failed"], 0);
    assert_eq!(status["progress"]["counts"]["failedRetryable"], 0);

    let out = tenant
        .wxm_with(&data, &tenant.mint_token())
        .args(["bulk", "resume", "--yes"])
        .args(PACE)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(tenant.users_of("Revoke+bulk").len(), USERS);
}

#[test]
fn a_job_run_by_an_account_webex_refuses_pauses_says_who_must_sign_in_and_fails_nobody() {
    const USERS: usize = 5;
    let tenant = start(0.5);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = users_csv(dir.path(), "na", USERS);
    let out = tenant
        .wxm(&data)
        .args(bulk_plan(&file, "Denied+bulk"))
        .args(PACE)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");

    // A partner's helpdesk person, not an administrator: Webex answers 403.
    let helpdesk = tenant.token_for("pat.helpdesk@demo-telecom.example");
    let out = tenant
        .wxm_with(&data, &helpdesk)
        .args(["--json", "bulk", "resume", "--yes"])
        .args(PACE)
        .output()
        .unwrap();
    // One JSON line for the plan, one for the job, the last for the error.
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let error: Value = serde_json::from_str(stdout.lines().last().unwrap_or_default()).unwrap();
    assert_eq!(error["error"]["code"], "not_allowed", "{stdout}");
    let hint = error["error"]["hint"].as_str().unwrap_or_default();
    assert!(hint.contains("partner administrator"), "{hint}");
    let status = tenant.bulk_status(&data, &[]);
    assert_eq!(status["progress"]["status"], "paused");
    assert_eq!(status["progress"]["counts"]["failed"], 0);
    assert_eq!(status["progress"]["counts"]["failedRetryable"], 0);
    assert!(tenant.users_of("Denied+bulk").is_empty());

    let out = tenant
        .wxm(&data)
        .args(["bulk", "resume", "--yes"])
        .args(PACE)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(tenant.users_of("Denied+bulk").len(), USERS);
}

#[test]
fn after_login_demo_bulk_plan_and_run_use_the_demo_tenant_with_no_token_given() {
    let demo = DemoData::signed_in();
    let wxm = || demo.wxm();
    let dir = tempfile::tempdir().unwrap();
    let file = users_csv(dir.path(), "dm", 6);
    let out = wxm().args(bulk_plan(&file, "Demo+bulk")).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout.contains("6 users will be provisioned"), "{stdout}");
    let out = wxm()
        .args(["--json", "bulk", "run"])
        .arg(&file)
        .args(into_enterprise("Demo+bulk"))
        .args(["--yes", "--watch-interval", "0.2", "--watch-timeout", "5"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let last = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap()
        .to_string();
    let v: Value = serde_json::from_str(&last).unwrap();
    assert_eq!(v["progress"]["counts"]["done"], 6, "{v}");

    // Signed out, a command that needs Webex says how to sign in.
    wxm().arg("logout").assert_success();
    let out = wxm()
        .args(["--json", "bulk", "plan"])
        .arg(&file)
        .args(["--enterprise", "Demo+bulk"])
        .output()
        .unwrap();
    assert_refused(&out, 1, "not_signed_in", "");
}

trait AssertSuccess {
    fn assert_success(&mut self);
}

impl AssertSuccess for Command {
    fn assert_success(&mut self) {
        let out = self.output().unwrap();
        assert!(out.status.success(), "{out:?}");
    }
}

#[test]
fn escape_sequences_in_refused_cells_are_shown_escaped_by_bulk_plan() {
    let tenant = start(0.5);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("escapes.csv");
    std::fs::write(
        &file,
        "userId,firstName,lastName,email,package,extension\n\
         ok@bw.example,Ann,One,ann@esc.example,basic,1\n\
         bad@bw.example,Bob,Two,bob@esc.example,\u{1b}]0;owned\u{7}\u{1b}[2Jgold,2\n",
    )
    .unwrap();
    let out = tenant
        .wxm(&dir.path().join("data"))
        .args(bulk_plan(&file, "Esc+bulk"))
        .args(PACE)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
    assert!(
        stdout.contains("\\x1b]0;owned\\x07\\x1b[2Jgold"),
        "{stdout}"
    );
}
