//! `wxm` against a mock that answers as one generating bodies from Cisco's schemas
//! (Prism's dynamic mode) does: any value the schema's type allows — a float info code,
//! a subscriber without `lastStatusChange`, statuses that never move because the mock
//! keeps no state. A tiny HTTP server on 127.0.0.1:0 in this process plays that mock;
//! `wxm` runs as a real process against it. What it says must make sense and end.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output};

mod support;

/// The answer to `METHOD /path` (the query left off): status and JSON body.
type Route = fn(&str, &str) -> (u16, String);

/// Serves `route` on a loopback port for the rest of the test process; the base URL.
fn serve(route: Route) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut head = String::new();
                if reader.read_line(&mut head).is_err() {
                    return;
                }
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap_or(0);
                        }
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                let mut parts = head.split_whitespace();
                let method = parts.next().unwrap_or("").to_string();
                let target = parts.next().unwrap_or("");
                let path = target.split('?').next().unwrap_or("");
                let path = path.strip_prefix("/v1").unwrap_or(path).to_string();
                let (status, body) = route(&method, &path);
                let answer = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes());
            });
        }
    });
    format!("http://{addr}/v1")
}

/// `/people/me` and the org it names: the sign-in every command starts with.
fn sign_in(method: &str, path: &str) -> Option<(u16, String)> {
    match (method, path) {
        ("GET", "/people/me") => Some((
            200,
            json!({ "id": "person-1", "emails": ["pat@partner.example"],
                    "displayName": "Pat", "orgId": "org-1" })
            .to_string(),
        )),
        ("GET", p) if p.starts_with("/organizations/") => Some((
            200,
            json!({ "id": "org-1", "displayName": "Partner" }).to_string(),
        )),
        _ => None,
    }
}

fn wxm(base: &str, data: &Path) -> Command {
    support::wxm_at(base, data, "mock-token")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// What `wxm migration status ENT1` prints, which must end well.
fn board_of_ent1(base: &str, data: &Path) -> String {
    let out = wxm(base, data)
        .args(["migration", "status", "ENT1"])
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    said
}

/// The audit rows of `action` (`wxm audit export --format json`).
fn audit_rows(base: &str, data: &Path, action: &str) -> Vec<Value> {
    let out = wxm(base, data)
        .args(["audit", "export", "--format", "json"])
        .output()
        .unwrap();
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    rows.into_iter().filter(|r| r["action"] == action).collect()
}

fn generated_precheck(method: &str, path: &str) -> (u16, String) {
    if let Some(answer) = sign_in(method, path) {
        return answer;
    }
    match (method, path) {
        // The schema's `info` is one object; its `infoCode` an integer a generator may
        // write as any number.
        ("POST", "/broadworks/subscribers/validate") => (
            200,
            json!({ "message": "exercitation",
                    "info": { "infoCode": 14983117.33276783, "description": "pariatur consequat" } })
            .to_string(),
        ),
        _ => (404, "{}".into()),
    }
}

#[test]
fn a_precheck_whose_info_code_is_not_a_whole_number_is_read_not_refused() {
    let base = serve(generated_precheck);
    let data = tempfile::tempdir().unwrap();
    let out = wxm(&base, data.path())
        .args(["user", "precheck", "user@example.com"])
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("pariatur consequat"), "{said}");
    assert!(
        said.contains("Webex did not say that provisioning will work"),
        "{said}"
    );
    assert!(!said.contains("could not read"), "{said}");

    let out = wxm(&base, data.path())
        .args(["--json", "user", "precheck", "user@example.com"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["precheck"]["ok"], false, "{v}");
    assert_eq!(v["precheck"]["findings"], json!(["pariatur consequat"]));
}

fn unreadable_precheck(method: &str, path: &str) -> (u16, String) {
    if let Some(answer) = sign_in(method, path) {
        return answer;
    }
    match (method, path) {
        ("POST", "/broadworks/subscribers/validate") => (200, r#"{"info": "x"}"#.into()),
        _ => (404, "{}".into()),
    }
}

#[test]
fn an_answer_that_cannot_be_read_is_audited_as_failed_not_ok() {
    let base = serve(unreadable_precheck);
    let data = tempfile::tempdir().unwrap();
    let out = wxm(&base, data.path())
        .args(["user", "precheck", "user@example.com"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let rows = audit_rows(&base, data.path(), "precheck-user");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["httpStatus"], 200, "{rows:?}");
    assert_eq!(rows[0]["result"], "failed: webex_unreadable", "{rows:?}");
}

fn stateless_subscribers(method: &str, path: &str) -> (u16, String) {
    if let Some(answer) = sign_in(method, path) {
        return answer;
    }
    // A subscriber without `lastStatusChange` (every field of the schema is optional),
    // always `provisioning`: a mock keeps no state, so it never moves.
    let subscriber = |user: &str| {
        json!({ "id": format!("sub-{user}"), "userId": user, "spEnterpriseId": "ENT1",
                "firstName": "Ann", "lastName": "Lee", "status": "provisioning" })
    };
    match (method, path) {
        ("GET", "/broadworks/subscribers") => {
            (200, json!({ "items": [subscriber("ann@sp")] }).to_string())
        }
        ("POST", "/broadworks/subscribers") => (200, subscriber("ann@sp").to_string()),
        ("POST", "/broadworks/subscribers/validate") => (
            200,
            json!({ "message": "success", "info": [{ "infoCode": 100 }] }).to_string(),
        ),
        ("GET", "/broadworks/enterprises") => (
            200,
            json!({ "items": [{ "id": "e-1", "spEnterpriseId": "ENT1", "orgId": "org-9" }] })
                .to_string(),
        ),
        ("GET", _) => (200, json!({ "items": [] }).to_string()),
        _ => (404, "{}".into()),
    }
}

#[test]
fn a_board_of_one_user_without_a_time_of_change_reads_as_words() {
    let base = serve(stateless_subscribers);
    let data = tempfile::tempdir().unwrap();
    let said = board_of_ent1(&base, data.path());
    assert!(said.starts_with("ENT1: 1 user\n"), "{said}");
    assert!(
        said.contains("- Ann Lee (ann@sp): being set up\n"),
        "{said}"
    );
    assert!(
        !said.contains(" for \n") && !said.contains("for  "),
        "{said}"
    );
    assert!(said.contains("Waiting on Webex"), "{said}");

    let out = wxm(&base, data.path())
        .args(["migration", "list"])
        .output()
        .unwrap();
    let said = text(&out);
    assert!(said.starts_with("ENT1: 1 user — 0 done"), "{said}");
}

#[test]
fn a_bulk_run_whose_users_never_finish_says_it_stopped_waiting_and_where_to_look() {
    let base = serve(stateless_subscribers);
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("users.csv");
    std::fs::write(
        &file,
        "userId,firstName,lastName,email,package,primaryPhoneNumber\n\
         ann@sp,Ann,Lee,ann@example.com,basic,+15550000001\n",
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = wxm(&base, data.path())
        .args(["bulk", "run"])
        .arg(&file)
        .args(["--enterprise", "ENT1", "--provisioning-id", "PROV1"])
        .args(["--watch-timeout", "1", "--watch-interval", "0.2", "--yes"])
        .output()
        .unwrap();
    let said = text(&out);
    assert!(started.elapsed().as_secs() < 60, "{said}");
    // Nobody failed: the job ends, exit 0, and says plainly that Webex had not finished.
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(
            "Stopped waiting after 1 s (--watch-timeout): Webex had not finished 1 user."
        ),
        "{said}"
    );
    assert!(
        said.contains("Read where they stand later with: wxm migration status ENT1"),
        "{said}"
    );
    let out = wxm(&base, data.path())
        .args(["bulk", "report", "--format", "csv"])
        .output()
        .unwrap();
    let report = text(&out);
    assert!(
        report.contains("check again later with `wxm migration status ENT1`"),
        "{report}"
    );
}

/// Subscribers deleted by `unfiltered_subscribers`' server, by id.
static DELETED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn unfiltered_subscribers(method: &str, path: &str) -> (u16, String) {
    if let Some(answer) = sign_in(method, path) {
        return answer;
    }
    // A server that ignores `spEnterpriseId`: it lists another customer's user too.
    let subscriber = |id: &str, ent: &str| {
        json!({ "id": id, "userId": format!("{id}@sp"), "spEnterpriseId": ent,
                "firstName": "A", "lastName": "B", "status": "provisioned" })
    };
    match (method, path) {
        ("GET", "/broadworks/subscribers") => (
            200,
            json!({ "items": [subscriber("mine", "ENT1"), subscriber("theirs", "OTHER+ent")] })
                .to_string(),
        ),
        ("DELETE", p) if p.starts_with("/broadworks/subscribers/") => {
            let id = p.trim_start_matches("/broadworks/subscribers/").to_string();
            DELETED.lock().unwrap().push(id);
            (204, String::new())
        }
        ("GET", _) => (200, json!({ "items": [] }).to_string()),
        _ => (404, "{}".into()),
    }
}

#[test]
fn a_detach_never_removes_a_user_of_another_enterprise_that_a_server_listed() {
    let base = serve(unfiltered_subscribers);
    let data = tempfile::tempdir().unwrap();
    let out = wxm(&base, data.path())
        .args(["detach", "ENT1", "--yes"])
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert_eq!(*DELETED.lock().unwrap(), ["mine"], "{said}");
}

fn failed_subscriber(method: &str, path: &str) -> (u16, String) {
    if let Some(answer) = sign_in(method, path) {
        return answer;
    }
    match (method, path) {
        ("GET", "/broadworks/subscribers") => (
            200,
            json!({ "items": [{ "id": "sub-bo", "userId": "bo@sp", "spEnterpriseId": "ENT1",
                    "firstName": "Bo", "lastName": "Berg", "status": "error",
                    "lastStatusChange": "2026-11-30T10:00:00.000Z",
                    "errors": [{ "errorCode": 9999, "description": "Mailbox quota exceeded" }] }] })
            .to_string(),
        ),
        ("GET", _) => (200, json!({ "items": [] }).to_string()),
        _ => (404, "{}".into()),
    }
}

#[test]
fn a_user_in_error_on_the_board_shows_the_details_its_next_step_tells_to_read() {
    let base = serve(failed_subscriber);
    let data = tempfile::tempdir().unwrap();
    let said = board_of_ent1(&base, data.path());
    assert!(said.contains("Read the details below"), "{said}");
    assert!(
        said.contains("    Details: Mailbox quota exceeded · Webex error code 9999"),
        "{said}"
    );
}

fn subscriber_in_a_new_status(method: &str, path: &str) -> (u16, String) {
    if let Some(answer) = sign_in(method, path) {
        return answer;
    }
    match (method, path) {
        // A status Cisco may add later, beside one the spec knows.
        ("GET", "/broadworks/subscribers") => (
            200,
            json!({ "items": [
                { "id": "sub-cy", "userId": "cy@sp", "spEnterpriseId": "ENT1",
                  "firstName": "Cy", "lastName": "Dahl", "status": "suspended",
                  "lastStatusChange": "2026-11-30T10:00:00.000Z" },
                { "id": "sub-di", "userId": "di@sp", "spEnterpriseId": "ENT1",
                  "firstName": "Di", "lastName": "Eck", "status": "provisioned",
                  "lastStatusChange": "2026-11-30T10:00:00.000Z" }
            ] })
            .to_string(),
        ),
        ("GET", _) => (200, json!({ "items": [] }).to_string()),
        _ => (404, "{}".into()),
    }
}

#[test]
fn a_user_in_a_status_this_app_does_not_know_is_listed_not_the_board_refused() {
    let base = serve(subscriber_in_a_new_status);
    let data = tempfile::tempdir().unwrap();
    let said = board_of_ent1(&base, data.path());
    assert!(said.starts_with("ENT1: 2 users\n"), "{said}");
    assert!(
        said.contains("- Cy Dahl (cy@sp): in a status this app does not know"),
        "{said}"
    );
    assert!(said.contains("Look the user up in Partner Hub"), "{said}");
    assert!(
        said.contains("1 of 2 people have moved to Webex for BroadWorks."),
        "{said}"
    );
}
