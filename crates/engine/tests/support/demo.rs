//! The demo tenant inside an engine on a temporary data folder, with the end user and
//! the customer admin played through its /sim API: shared by the action tests.

use engine::actions::ProvisionForm;
use engine::store::DB_FILE;
use engine::Engine;
use serde_json::json;

pub const PARTNER: &str = "alex.partner@demo-telecom.example";

pub struct Demo {
    pub engine: Engine,
    pub sim: webex_sim::control_client::SimControl,
    pub _dir: tempfile::TempDir,
}

impl Demo {
    pub async fn start() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::open(dir.path()).unwrap();
        engine.connect_demo().await.unwrap();
        let sim = engine.demo_control().await.unwrap();
        Demo {
            engine,
            sim,
            _dir: dir,
        }
    }

    /// Someone who is not the partner does something (end user, customer admin, clock).
    pub async fn sim(&self, path: &str, body: serde_json::Value) {
        let (status, answer) = self.sim.post(path, &body).await.unwrap();
        assert!((200..300).contains(&status), "{path}: {answer}");
    }

    /// The user agrees to the move: Activate Account in the consent email, signs in to
    /// the old account and deletes it; then time passes for Webex to finish.
    pub async fn user_agrees(&self, subscriber_id: &str, email: &str) {
        self.sim(
            "/end-user/activate-account",
            json!({ "subscriberId": subscriber_id }),
        )
        .await;
        self.sim("/end-user/log-in", json!({ "email": email }))
            .await;
        self.sim("/end-user/delete-old-account", json!({ "email": email }))
            .await;
        self.later().await;
    }

    pub async fn later(&self) {
        self.sim("/clock/advance", json!({ "seconds": 30 })).await;
    }

    pub fn audit_actions(&self) -> Vec<(String, Option<String>)> {
        let raw = rusqlite::Connection::open(self._dir.path().join(DB_FILE)).unwrap();
        let mut stmt = raw
            .prepare("SELECT action, wizard FROM audit_log WHERE method IS NOT NULL ORDER BY id")
            .unwrap();
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        rows.map(|r| r.unwrap()).collect()
    }
}

pub fn form(user: &str, enterprise: &str, template: &str, email: &str) -> ProvisionForm {
    ProvisionForm {
        provisioning_id: template.into(),
        sp_enterprise_id: enterprise.into(),
        user_id: user.into(),
        first_name: "Test".into(),
        last_name: "User".into(),
        email: email.into(),
        package: "standard".into(),
        extension: "4321".into(),
        untrusted_email: email.is_empty(),
        ..Default::default()
    }
}
