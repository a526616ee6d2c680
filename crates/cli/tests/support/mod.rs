//! Shared by the `wxm bulk` tests: a simulated tenant started in the test process on
//! 127.0.0.1:0, its control API, and `wxm` as a real process pointed at it.
#![allow(dead_code)]

use assert_cmd::cargo::CommandCargoExt;
use serde_json::{json, Value};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;
use webex_sim::{RunningSim, SimOptions};

pub struct Tenant {
    pub rt: tokio::runtime::Runtime,
    pub sim: RunningSim,
}

impl Tenant {
    pub fn start_with(options: SimOptions) -> Tenant {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let sim = rt.block_on(webex_sim::start_with(options)).unwrap();
        Tenant { rt, sim }
    }

    /// A tenant whose clock runs fifty times faster than real time.
    pub fn fast() -> Tenant {
        Tenant::start_with(SimOptions {
            clock_speed: 50.0,
            ..SimOptions::default()
        })
    }

    /// `GET /sim{path}` (no body) or `POST /sim{path}` with the body.
    pub fn control(&self, path: &str, body: Option<Value>) -> Value {
        let control = self.sim.control();
        self.rt.block_on(async {
            match body {
                Some(b) => control.post(path, &b).await,
                None => control.get(path).await,
            }
            .unwrap()
            .1
        })
    }

    /// A counter of `/sim/stats` (`subscribersCreated`, `prechecks`, `requests`).
    pub fn counter(&self, name: &str) -> u64 {
        self.rt.block_on(self.sim.control().counter(name)).unwrap()
    }

    pub fn created(&self) -> u64 {
        self.counter("subscribersCreated")
    }

    /// The user ids the simulator holds for an enterprise, sorted (twice if twice).
    pub fn users_of(&self, enterprise: &str) -> Vec<String> {
        self.rt
            .block_on(self.sim.control().user_ids_of(enterprise))
            .unwrap()
    }

    /// A new token for the scenario's partner admin.
    pub fn mint_token(&self) -> String {
        self.token_for("alex.partner@demo-telecom.example")
    }

    /// A new token for the scenario's person with this email.
    pub fn token_for(&self, email: &str) -> String {
        self.control("tokens", Some(json!({ "email": email })))["accessToken"]
            .as_str()
            .expect("a token for a person of the scenario")
            .to_string()
    }

    /// `wxm` on a data folder, with this tenant and `token` (never the real data folder).
    pub fn wxm_with(&self, data: &Path, token: &str) -> Command {
        wxm_at(&self.sim.base_url(), data, token)
    }

    pub fn wxm(&self, data: &Path) -> Command {
        self.wxm_with(data, self.sim.demo_token())
    }

    /// Round `round` of a job that is killed and resumed: `bulk run` of `file` into
    /// `enterprise` the first time, `bulk resume` after, without asking either time.
    pub fn run_or_resume(
        &self,
        data: &Path,
        round: usize,
        file: &Path,
        enterprise: &str,
    ) -> Command {
        let mut cmd = self.wxm(data);
        if round == 0 {
            cmd.args(["bulk", "run"])
                .arg(file)
                .args(into_enterprise(enterprise))
                .arg("--yes");
        } else {
            cmd.args(["bulk", "resume", "--yes"]);
        }
        cmd
    }

    /// `wxm --json bulk status` (of the latest job, or of the one named) as JSON.
    pub fn bulk_status(&self, data: &Path, job: &[&str]) -> Value {
        let out = self
            .wxm(data)
            .args(["--json", "bulk", "status"])
            .args(job)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"))
    }
}

/// The `wxm bulk` arguments that send a file's users to `enterprise` with the demo's
/// template for trusted emails.
pub fn into_enterprise(enterprise: &str) -> [&str; 4] {
    [
        "--enterprise",
        enterprise,
        "--provisioning-id",
        "sim-tmpl-trusted",
    ]
}

/// The arguments of `wxm bulk plan` of `file` into `enterprise` (see [`into_enterprise`]).
pub fn bulk_plan(file: &Path, enterprise: &str) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec!["bulk".into(), "plan".into(), file.into()];
    args.extend(into_enterprise(enterprise).map(OsString::from));
    args
}

/// A CSV of `n` new users named `{prefix}{i:05}@bw.example`, `;`-separated and with no
/// enterprise column (`--enterprise` gives it for the whole file), as `{prefix}.csv`.
pub fn users_csv(dir: &Path, prefix: &str, n: usize) -> PathBuf {
    let mut text = String::from("User ID;First Name;Last Name;E-mail;Package;Extension\n");
    for i in 0..n {
        text.push_str(&format!(
            "{prefix}{i:05}@bw.example;First{i};Last{i};{prefix}{i:05}@newco.example;basic;{}\n",
            2000 + i
        ));
    }
    let path = dir.join(format!("{prefix}.csv"));
    std::fs::write(&path, text).unwrap();
    path
}

/// A number read from the job journal by a second reader (0 when it cannot be read).
pub fn query_u32(data: &Path, sql: &str) -> u32 {
    let Ok(db) = rusqlite::Connection::open_with_flags(
        data.join("wxm.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    ) else {
        return 0;
    };
    let _ = db.busy_timeout(Duration::from_secs(5));
    db.query_row(sql, [], |r| r.get(0)).unwrap_or(0)
}

/// Users the journal records as sent.
pub fn done_count(data: &Path) -> u32 {
    query_u32(data, "SELECT COUNT(*) FROM job_items WHERE status = 'done'")
}

/// A data folder signed in to the demo tenant with `wxm login --demo`: every later `wxm`
/// run starts the demo tenant (webex-sim over loopback HTTP) afresh in its own process,
/// as the app's window does, and acts through the engine's sign-in.
pub struct DemoData {
    pub dir: tempfile::TempDir,
}

impl DemoData {
    pub fn signed_in() -> DemoData {
        let data = DemoData {
            dir: tempfile::tempdir().unwrap(),
        };
        let out = data.wxm().args(["login", "--demo"]).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        data
    }

    /// `wxm` on this data folder (never the real one; secrets in memory only).
    pub fn wxm(&self) -> Command {
        let mut cmd = Command::cargo_bin("wxm").unwrap();
        cmd.env_remove("WXM_TOKEN")
            .env_remove("WXM_BASE_URL")
            .env_remove("WXM_DEMO_PORT")
            .env("WXM_SECRET_STORE", "memory")
            .env("WXM_DATA_DIR", self.dir.path());
        cmd
    }

    /// The audit rows of the API calls made on this data folder (`wxm audit export`).
    pub fn api_calls(&self) -> Vec<Value> {
        let out = self
            .wxm()
            .args(["audit", "export", "--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        api_calls(serde_json::from_slice(&out.stdout).unwrap())
    }
}

/// Audit rows of API calls (those with a method), without what differs from one run to
/// the next (row id, time, Webex's tracking id).
pub fn api_calls(rows: Value) -> Vec<Value> {
    rows.as_array()
        .expect("the audit log as a JSON array")
        .iter()
        .filter(|r| !r["method"].is_null())
        .map(|r| {
            let mut r = r.clone();
            for varying in ["id", "at", "trackingId"] {
                r.as_object_mut().unwrap().remove(varying);
            }
            r
        })
        .collect()
}

/// `wxm` as assert_cmd runs it, on a fresh data folder of its own (never the real one).
pub fn wxm_on_a_fresh_folder() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("wxm").unwrap();
    cmd.env("WXM_DATA_DIR", tempfile::tempdir().unwrap().keep());
    cmd
}

/// A command's standard output, as JSON.
pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {out:?}"))
}

/// `out` is a refusal answered in JSON: it exited with `exit`, its error has `code`, and
/// its hint (if `hint` is not empty) says `hint`.
pub fn assert_refused(out: &Output, exit: i32, code: &str, hint: &str) {
    assert_eq!(out.status.code(), Some(exit), "{out:?}");
    let v = json(out);
    assert_eq!(v["error"]["code"], code, "{v}");
    if !hint.is_empty() {
        let said = v["error"]["hint"].as_str().unwrap_or_default();
        assert!(said.contains(hint), "{v}");
    }
}

/// A command's standard error, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// `wxm` on a data folder, against the Webex API at `base_url` with `token`, touching
/// none of this machine's own settings (data folder, token, keychain).
pub fn wxm_at(base_url: &str, data: &Path, token: &str) -> Command {
    let mut cmd = Command::cargo_bin("wxm").unwrap();
    cmd.env_remove("WXM_DATA_DIR")
        .env_remove("WXM_TOKEN")
        .env_remove("WXM_BASE_URL")
        .env("WXM_SECRET_STORE", "memory")
        .arg("--data-dir")
        .arg(data)
        .arg("--base-url")
        .arg(base_url)
        .arg("--token")
        .arg(token);
    cmd
}
