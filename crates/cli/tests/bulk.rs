//! `wxm bulk` as a real process against the simulated tenant (started in this test
//! process on 127.0.0.1:0): killed with SIGKILL in the middle of a 2,000-user run and
//! resumed, every user is provisioned exactly once, as the simulator itself counts.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

mod support;
use support::{bulk_plan, done_count, into_enterprise, stderr, users_csv, Tenant};

const PACE: [&str; 6] = [
    "--rate",
    "400",
    "--concurrency",
    "8",
    "--watch-interval",
    "0.2",
];

#[test]
fn a_2000_user_run_killed_with_sigkill_three_times_and_resumed_provisions_everyone_exactly_once() {
    const USERS: u32 = 2000;
    let tenant = Tenant::fast();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = users_csv(dir.path(), "k", USERS as usize);
    let before = tenant.created();

    let mut job_id = String::new();
    for (round, kill_at) in [300u32, 800, 1300, u32::MAX].into_iter().enumerate() {
        let mut child = tenant
            .run_or_resume(&data, round, &file, "KillTest+bulk")
            .args(PACE)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let id = first
            .trim()
            .strip_prefix("Job ")
            .unwrap_or_else(|| panic!("the job id comes first: {first:?}"))
            .to_string();
        if round == 0 {
            job_id = id;
        } else {
            assert_eq!(id, job_id, "resume picks the unfinished job");
        }
        // Drain the rest so the child never blocks on a full pipe.
        let reader = std::thread::spawn(move || {
            let mut rest = String::new();
            let _ = std::io::Read::read_to_string(&mut stdout, &mut rest);
            rest
        });
        if kill_at == u32::MAX {
            let status = child.wait().unwrap();
            let rest = reader.join().unwrap();
            assert!(status.success(), "the last resume ends well: {rest}");
            assert!(rest.contains("Completed"), "{rest}");
            break;
        }
        let started = Instant::now();
        loop {
            if done_count(&data) >= kill_at {
                break;
            }
            assert!(
                child.try_wait().unwrap().is_none(),
                "the run ended before it could be killed"
            );
            assert!(started.elapsed() < Duration::from_secs(120), "no progress");
            std::thread::sleep(Duration::from_millis(20));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let _ = reader.join();
    }

    // The simulator's own count: every user created once, no user twice.
    assert_eq!(tenant.created() - before, u64::from(USERS));
    let mut users = tenant.users_of("KillTest+bulk");
    users.sort();
    let mut twice: Vec<&String> = users
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| &w[0])
        .collect();
    twice.dedup();
    assert!(twice.is_empty(), "no user twice: {twice:?}");
    assert_eq!(
        users.len(),
        USERS as usize,
        "{:?}",
        users
            .iter()
            .filter(|u| !u.starts_with('k'))
            .collect::<Vec<_>>()
    );

    let status = tenant.bulk_status(&data, &[&job_id]);
    assert_eq!(status["progress"]["counts"]["done"], USERS);
    assert_eq!(status["progress"]["status"], "completed");
    assert_eq!(status["progress"]["webex"]["provisioned"], USERS);

    let report = dir.path().join("report.csv");
    let out = tenant
        .wxm(&data)
        .args(["bulk", "report", &job_id, "--format", "csv", "--out"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(&report).unwrap();
    assert_eq!(
        text.lines()
            .filter(|l| l.contains(",Provisioned,") && !l.contains(",Total,"))
            .count(),
        USERS as usize
    );
}

#[test]
fn bulk_run_without_yes_asks_first_and_provisions_nobody_when_not_confirmed() {
    let tenant = Tenant::fast();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = users_csv(dir.path(), "k", 5);
    let before = tenant.created();
    let out = tenant
        .wxm(&data)
        .args(["bulk", "run"])
        .arg(&file)
        .args(into_enterprise("Ask+bulk"))
        .args(PACE)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stdout.starts_with("Job job-"), "{stdout}");
    assert!(
        stdout.contains("Provision 5 users? This cannot be undone."),
        "{stdout}"
    );
    assert!(
        stderr.contains("not_confirmed") || stderr.contains("did not confirm"),
        "{stderr}"
    );
    assert_eq!(tenant.created(), before, "nothing provisioned");

    // The plan is kept and listed; resume --yes runs it, and the HTML report is written.
    let list = tenant
        .wxm(&data)
        .args(["--json", "bulk", "list"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list["jobs"][0]["status"], "planned");
    let out = tenant
        .wxm(&data)
        .args(["bulk", "resume", "--yes"])
        .args(PACE)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", support::stderr(&out));
    assert_eq!(tenant.created() - before, 5);
    let html = tenant
        .wxm(&data)
        .args(["bulk", "report", "--format", "html"])
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&html.stdout);
    assert!(html.contains("<h1>Bulk move report</h1>"), "{html}");
    assert!(html.contains("k00004@bw.example"));
}

#[test]
fn bulk_plan_names_each_bad_row_and_column_and_keeps_the_valid_rows() {
    let tenant = Tenant::fast();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "userId,firstName,lastName,email,package,extension\n\
         a1@bw.example,Ann,One,ann@plan.example,basic,1\n\
         a2@bw.example,Bob,Two,bob@,basic,2\n\
         a3@bw.example,Cy,Three,cy@plan.example,gold,3\n",
    )
    .unwrap();
    let out = tenant
        .wxm(&dir.path().join("data"))
        .args(bulk_plan(&file, "Plan+bulk"))
        .args(PACE)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout.contains("row 3, column \"email\" (\"bob@\")"),
        "{stdout}"
    );
    assert!(
        stdout.contains("row 4, column \"package\" (\"gold\")"),
        "{stdout}"
    );
    assert!(stdout.contains("1 users will be provisioned"), "{stdout}");
}

#[test]
fn a_file_that_cannot_be_read_exits_2_naming_it_and_leaves_no_job_behind() {
    let tenant = Tenant::fast();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // A spreadsheet's "CSV" in Windows-1252 ("José"), a file without the columns a job
    // needs, and one that is not there.
    let latin = dir.path().join("latin.csv");
    std::fs::write(
        &latin,
        b"userId,firstName,lastName,email,package,extension\nj@bw.example,Jos\xe9,P,j@x.example,basic,1\n",
    )
    .unwrap();
    let columns = dir.path().join("columns.csv");
    std::fs::write(&columns, "name,mail\nAnn,ann@x.example\n").unwrap();
    let missing = dir.path().join("missing.csv");
    for (file, says) in [
        (&latin, "is not UTF-8 text (first bad character near row 2)"),
        (&columns, "has no column for the BroadWorks user id"),
        (&missing, "cannot read the users file"),
    ] {
        let out = tenant
            .wxm(&data)
            .args(bulk_plan(file, "Plan+bulk"))
            .args(PACE)
            .output()
            .unwrap();
        let text = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{file:?}: {text}");
        assert!(text.contains(&file.display().to_string()), "{text}");
        assert!(text.contains(says), "{text}");
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains("Job "),
            "no job is made for a file that cannot be read: {out:?}"
        );
    }
    let list = tenant.wxm(&data).args(["bulk", "list"]).output().unwrap();
    assert!(list.status.success(), "{list:?}");
    assert!(
        !String::from_utf8_lossy(&list.stdout).contains("job-"),
        "no job waits in the list: {list:?}"
    );
}
