//! Long-running commands as a person at a terminal and a script see them: the real
//! `wxm` in a pseudo-terminal draws a progress bar (and still exits as it should); the
//! same command with its output piped prints plain lines with no terminal codes.

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession as Session;
use expectrl::{Eof, Expect};
use std::path::Path;
use std::process::{Command, Output};
use std::time::Duration;

mod support;
use support::{stderr, users_csv, DemoData, Tenant};

const ESC: u8 = 0x1b;
/// What indicatif draws a bar with: filled and empty cells.
const BAR_CELLS: [char; 2] = ['█', '░'];

/// Runs `cmd` in a wide pseudo-terminal until it ends: everything it drew, and its exit code.
fn at_a_terminal(mut cmd: Command) -> (String, i32) {
    cmd.env("TERM", "xterm-256color");
    let mut session = Session::spawn(cmd).unwrap();
    session.get_process_mut().set_window_size(200, 50).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(120)));
    let drawn = session.expect(Eof).unwrap();
    let drawn = String::from_utf8_lossy(drawn.as_bytes()).to_string();
    let code = match session.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("wxm did not exit: {other:?}\n{drawn}"),
    };
    (drawn, code)
}

/// Runs `cmd` with standard output and standard error piped (a terminal type set all
/// the same: it is the pipe that decides).
fn piped(mut cmd: Command) -> Output {
    cmd.env("TERM", "xterm-256color").output().unwrap()
}

/// The lines as drawn, one per drawing (a bar is redrawn after a carriage return),
/// without the terminal's codes.
fn drawings(drawn: &str) -> Vec<String> {
    drawn.split(['\r', '\n']).map(without_codes).collect()
}

/// A line without its CSI sequences (such as ESC [2K, which clears the line).
fn without_codes(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        if chars.next() == Some('[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        }
    }
    out
}

/// A bar drawn with `text` before it and `count` (such as "5/5") after it.
fn draws_bar(drawn: &str, text: &str, count: &str) -> bool {
    drawings(drawn).iter().any(|line| {
        line.trim_start().strip_prefix(text).is_some_and(|rest| {
            rest.trim_start().starts_with(BAR_CELLS) && rest.contains(&format!(" {count}"))
        })
    })
}

fn no_terminal_codes(out: &Output) {
    for (name, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(
            !bytes.contains(&ESC) && !String::from_utf8_lossy(bytes).contains(BAR_CELLS),
            "{name} holds terminal codes or bar cells: {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// `wxm bulk run` of `users` new users into `enterprise`, without asking.
fn bulk_run(tenant: &Tenant, dir: &Path, users: usize, enterprise: &str) -> Command {
    let file = users_csv(dir, "p", users);
    let mut cmd = tenant.run_or_resume(&dir.join("data"), 0, &file, enterprise);
    cmd.args(["--rate", "400", "--watch-interval", "0.2"]);
    cmd
}

#[test]
fn bulk_run_at_a_terminal_draws_progress_bars_and_exits_0_once_everyone_is_provisioned() {
    let tenant = Tenant::fast();
    let dir = tempfile::tempdir().unwrap();
    let (drawn, code) = at_a_terminal(bulk_run(&tenant, dir.path(), 6, "PtyBar+bulk"));
    assert_eq!(code, 0, "{drawn}");
    assert!(
        draws_bar(&drawn, "Checking users", "6/6"),
        "the prechecks' bar: {drawn}"
    );
    // The run's bar: its count, then how fast it goes and the stage it is at.
    assert!(
        drawings(&drawn)
            .iter()
            .any(|l| l.trim_start().starts_with(BAR_CELLS) && l.contains(" 6/6 (")),
        "the run's bar: {drawn}"
    );
    // Each drawing is cleared before the next line is printed (the bar leaves no trace).
    assert!(drawn.contains("\x1b[2K"), "{drawn}");
    assert!(
        drawn.contains("6 users (6 done, 0 failed, 0 skipped)"),
        "{drawn}"
    );
    assert_eq!(tenant.users_of("PtyBar+bulk").len(), 6);
}

#[test]
fn bulk_run_piped_prints_plain_progress_lines_without_terminal_codes() {
    let tenant = Tenant::fast();
    let dir = tempfile::tempdir().unwrap();
    let out = piped(bulk_run(&tenant, dir.path(), 6, "PtyPlain+bulk"));
    assert!(out.status.success(), "{out:?}");
    no_terminal_codes(&out);
    let progress = stderr(&out);
    for line in ["Checking users: 6 of 6", "Completed: 6 of 6 users"] {
        assert!(
            progress.lines().any(|l| l == line),
            "{line:?} in: {progress}"
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Job "),
        "the job id comes first: {stdout}"
    );
    assert!(
        stdout.contains("6 users (6 done, 0 failed, 0 skipped)"),
        "{stdout}"
    );
    assert_eq!(tenant.users_of("PtyPlain+bulk").len(), 6);
}

/// `wxm detach` of the demo's Globex: 120 subscribers, removed ten at a time.
fn detach_globex(data: &DemoData) -> Command {
    let mut cmd = data.wxm();
    cmd.args(["detach", "DemoTelecom+globex", "--yes"]);
    cmd
}

#[test]
fn detach_at_a_terminal_draws_a_removal_bar_per_step_and_exits_0() {
    let data = DemoData::signed_in();
    let (drawn, code) = at_a_terminal(detach_globex(&data));
    assert_eq!(code, 0, "{drawn}");
    assert!(
        draws_bar(&drawn, "Removing subscribers", "120/120"),
        "{drawn}"
    );
    assert!(
        draws_bar(&drawn, "Removing pending users", "3/3"),
        "{drawn}"
    );
    assert!(drawn.contains("Removed 120 subscribers"), "{drawn}");
    assert!(drawn.contains("Left for you to do by hand"), "{drawn}");
}

/// `wxm user remove` of `n` subscribers Webex does not have, without asking.
fn remove_unknown(data: &DemoData, n: usize) -> Command {
    let mut cmd = data.wxm();
    cmd.args(["user", "remove", "--yes"])
        .args((1..=n).map(|i| format!("sim-sub-nobody-{i}")));
    cmd
}

#[test]
fn removals_piped_print_a_line_a_tenth_of_the_way_without_terminal_codes() {
    let data = DemoData::signed_in();
    let out = piped(remove_unknown(&data, 25));
    assert_eq!(
        out.status.code(),
        Some(1),
        "a Webex refusal exits 1: {out:?}"
    );
    no_terminal_codes(&out);
    let progress: Vec<String> = stderr(&out)
        .lines()
        .filter(|l| l.starts_with("Removing "))
        .map(String::from)
        .collect();
    assert_eq!(
        progress,
        [
            "Removing subscribers: 10 of 25 done",
            "Removing subscribers: 20 of 25 done",
            "Removing subscribers: 25 of 25 done",
        ],
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("25 of 25 subscribers could not be removed"),
        "{}",
        stderr(&out)
    );
    // One batch: the result says it all, no progress line.
    let out = piped(remove_unknown(&data, 3));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    no_terminal_codes(&out);
    assert!(!stderr(&out).contains("Removing "), "{}", stderr(&out));
}

#[test]
fn a_removal_that_fails_at_a_terminal_clears_its_bar_then_explains_and_exits_1() {
    let data = DemoData::signed_in();
    let (drawn, code) = at_a_terminal(remove_unknown(&data, 12));
    assert_eq!(code, 1, "a Webex refusal exits 1: {drawn}");
    assert!(
        draws_bar(&drawn, "Removing subscribers", "12/12"),
        "{drawn}"
    );
    let error = "12 of 12 subscribers could not be removed";
    let at = drawn.find(error).unwrap_or_else(|| panic!("{drawn}"));
    // The bar was cleared before the explanation: it starts its own line.
    let before = &drawn[..at];
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    assert!(
        !before[line_start..].contains(BAR_CELLS),
        "the explanation shares a line with the bar: {drawn}"
    );
}
