//! The demo tenant inside an engine on a temporary data folder, with the end user and
//! the customer admin played through its /sim API: shared by the action tests.

use engine::actions::{
    ActionContext, CheckResult, DetachTargets, ProvisionForm, RemovalKind, RemovalReport,
    SubscriberView,
};
use engine::audit::{AuditFilter, AuditRecord};
use engine::lookups::LookupResult;
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

    /// The customer admin of `org_id` adds the partner as an external admin.
    pub async fn customer_adds_partner(&self, org_id: &str) {
        self.sim(
            "/customer-admin/add-external-admin",
            json!({ "orgId": org_id, "email": PARTNER }),
        )
        .await;
    }

    pub async fn later(&self) {
        self.sim("/clock/advance", json!({ "seconds": 30 })).await;
    }

    /// A session of `wizard` and the context that files the actions under it.
    pub fn session_ctx(&self, wizard: &str) -> (String, ActionContext) {
        let session = self.engine.sessions().start_session(wizard).unwrap();
        let ctx = ActionContext {
            session_id: Some(session.id.clone()),
        };
        (session.id, ctx)
    }

    /// What Webex says of a subscriber now (the status the procedures poll).
    pub async fn status(&self, ctx: &ActionContext, id: &str) -> SubscriberView {
        self.engine
            .actions()
            .subscriber_status(ctx, id)
            .await
            .unwrap()
    }

    /// Why a status check failed.
    pub async fn status_error(&self, ctx: &ActionContext, id: &str) -> engine::EngineError {
        self.engine
            .actions()
            .subscriber_status(ctx, id)
            .await
            .unwrap_err()
    }

    /// The check that the partner is a Full Admin of a customer org.
    pub async fn full_admin(&self, ctx: &ActionContext, org_id: &str) -> CheckResult {
        self.engine
            .actions()
            .verify_full_admin(ctx, org_id)
            .await
            .unwrap()
    }

    /// The check that an enterprise is attached to a Webex org.
    pub async fn org_attached(&self, ctx: &ActionContext, enterprise: &str) -> CheckResult {
        self.engine
            .actions()
            .verify_org_attached(ctx, enterprise)
            .await
            .unwrap()
    }

    /// What detaching an enterprise would remove.
    pub async fn detach_targets(&self, ctx: &ActionContext, enterprise: &str) -> DetachTargets {
        self.engine
            .actions()
            .detach_targets(ctx, enterprise)
            .await
            .unwrap()
    }

    pub async fn remove(
        &self,
        ctx: &ActionContext,
        kind: RemovalKind,
        ids: &[String],
    ) -> RemovalReport {
        self.engine.actions().remove(ctx, kind, ids).await.unwrap()
    }

    /// A question of a session looked up in the tenant.
    pub async fn lookup(&self, session_id: &str, input: &str, typed: &str) -> LookupResult {
        self.engine
            .sessions()
            .lookup(session_id, input, typed)
            .await
            .unwrap()
    }

    pub fn audit_records(&self, filter: &AuditFilter) -> Vec<AuditRecord> {
        self.engine.audit_log().audit_records(filter).unwrap()
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

/// Hanna of Harbor Dental, whose org has not let the partner in yet (Webex error 2017).
pub fn hanna() -> ProvisionForm {
    form(
        "hanna.harbor@bw.demo-telecom.example",
        "DemoTelecom+harbor",
        "sim-tmpl-trusted",
        "hanna.admin@harbordental.example",
    )
}
