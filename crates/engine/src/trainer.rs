//! The trainer's "End user's screen": in demo mode a trainer plays the people who are
//! not the partner — the end user and the customer's administrator — and the clock,
//! through the demo tenant's `/sim` control API. Each action answers with what that
//! person would see and one sentence saying what just happened, so a class sees both
//! sides of a procedure. Everything here refuses with `not_demo` outside demo mode.

use crate::actions::SubscriberView;
use crate::connection::ConnectionMode;
use crate::explain::Explained;
use crate::ErrorCode;
use crate::{EngineError, Trainer};
use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;
use webex::model::{Subscriber, SubscriberStatus};
use webex::SubscriberFilter;

/// A seeded demo scenario the tenant can be reset to.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioInfo {
    pub name: String,
    pub description: String,
    /// The customer organizations whose administrator the trainer can play.
    pub customer_orgs: Vec<TrainerOrg>,
}

/// A customer organization of the scenario.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrainerOrg {
    pub id: String,
    pub name: String,
}

/// One email in the end user's mailbox.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrainerEmail {
    pub id: String,
    /// `consentMove` (button Activate Account) or `joinNow` (button Join Now).
    pub kind: String,
    pub subject: String,
    /// The button in the email: "Activate Account" or "Join Now".
    pub button: String,
    pub subscriber_id: String,
    pub sent: String,
    /// What the email says, in plain words.
    pub body: String,
}

/// The end user's mailbox, as they see it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Mailbox {
    pub to: String,
    pub emails: Vec<TrainerEmail>,
    /// One sentence for the "what just happened" line.
    pub happened: String,
}

/// What one action of the trainer did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrainerOutcome {
    /// Who acted: `end_user`, `customer_admin`, `clock` or `trainer`.
    pub actor: String,
    /// What that person now sees on their screen, in plain words.
    pub sees: String,
    /// One sentence for the "what just happened" line.
    pub happened: String,
    /// The user the action concerned, as the partner sees them now.
    pub subscriber: Option<SubscriberView>,
}

/// The scenarios the demo tenant can be reset to.
pub fn scenarios() -> Vec<ScenarioInfo> {
    let s = webex_sim::Scenario::default();
    vec![ScenarioInfo {
        name: s.name.clone(),
        description: s.description.clone(),
        customer_orgs: s
            .orgs
            .iter()
            .filter(|o| o.kind == webex_sim::scenario::OrgKind::Customer)
            .map(|o| TrainerOrg {
                id: o.id.clone(),
                name: o.display_name.clone(),
            })
            .collect(),
    }]
}

fn refused(
    code: crate::error_code::ErrorCode,
    message: impl Into<String>,
    hint: &str,
    details: String,
) -> EngineError {
    EngineError::Explained(Explained {
        code,
        message: message.into(),
        hint: hint.into(),
        details,
    })
}

fn not_demo() -> EngineError {
    refused(
        ErrorCode::NotDemo,
        "The end user's screen works only on the demo tenant, never on a real Webex organization.",
        "Choose Sign in, then Use the demo tenant, to practise.",
        String::new(),
    )
}

fn need(value: &str, what: &str) -> Result<String, EngineError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(refused(
            ErrorCode::TrainerFieldMissing,
            format!("Enter {what}."),
            "Fill it in, then try again.",
            String::new(),
        ));
    }
    Ok(v.to_string())
}

fn first_name(s: &Subscriber) -> String {
    s.first_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| s.user_id.clone())
}

fn email_body(kind: &str) -> &'static str {
    match kind {
        "consentMove" => "Your Webex account is moving to the Webex your phone company gives you. Click Activate Account to agree, then sign in to your old account and delete it.",
        _ => "Please confirm that this is your email address for Webex. Click Join Now to confirm it.",
    }
}

impl Trainer<'_> {
    /// The `/sim` control API of the in-process demo tenant; refuses outside demo mode.
    async fn control(&self) -> Result<webex_sim::control_client::SimControl, EngineError> {
        if self.connection_status().await.mode != ConnectionMode::Demo {
            return Err(not_demo());
        }
        self.demo_control().await.ok_or_else(not_demo)
    }

    /// One call to the control API; its refusals become plain words.
    async fn sim_call(&self, method: &str, path: &str, body: Value) -> Result<Value, EngineError> {
        let control = self.control().await?;
        let unreachable = |e: webex_sim::control_client::Unreachable| {
            refused(
                ErrorCode::DemoUnavailable,
                "The demo tenant did not answer.",
                "Restart the app. If it keeps happening, report it with the log file.",
                e.to_string(),
            )
        };
        let (status, value) = match method {
            "GET" => control.get(path).await,
            _ => control.post(path, &body).await,
        }
        .map_err(unreachable)?;
        if !(200..300).contains(&status) {
            let message = value["message"]
                .as_str()
                .unwrap_or("The demo tenant refused this.")
                .to_string();
            return Err(refused(
                ErrorCode::TrainerRefused,
                format!("That does not work yet: {message}"),
                "Follow the steps of the procedure in order, then try again. \"Reset demo\" starts the practice again.",
                format!("{method} /sim{path} answered {status}"),
            ));
        }
        let _ = self.audit(
            "trainer",
            "demo-control",
            &format!("{method} /sim{path}"),
            None,
        );
        Ok(value)
    }

    async fn outcome(
        &self,
        actor: &str,
        sees: String,
        happened: String,
        subscriber: Option<&Subscriber>,
    ) -> TrainerOutcome {
        let who = self.connection_status().await.email;
        TrainerOutcome {
            actor: actor.into(),
            sees,
            happened,
            subscriber: subscriber.map(|s| SubscriberView::of(s, who.as_deref())),
        }
    }

    /// Finds a user's subscriber by enterprise and BroadWorks user id, as the partner
    /// sees it (the end user knows their own account, not Webex's id for it).
    async fn find_subscriber(
        &self,
        sp_enterprise_id: &str,
        user_id: &str,
    ) -> Result<Subscriber, EngineError> {
        let client = self.signed_in_client().await?;
        let filter = SubscriberFilter {
            sp_enterprise_id: Some(sp_enterprise_id.into()),
            user_id: Some(user_id.into()),
            max: Some(10),
            ..Default::default()
        };
        let list = client.subscribers(&filter).await?;
        list.into_iter()
            .find(|s| s.user_id == user_id && s.sp_enterprise_id == sp_enterprise_id)
            .ok_or_else(|| {
                refused(
                    ErrorCode::TrainerNoSuchUser,
                    format!("Webex has no user {user_id} in {sp_enterprise_id} yet."),
                    "Check the enterprise and the BroadWorks user id. With untrusted emails the partner adds the user first.",
                    String::new(),
                )
            })
    }

    /// The end user opens their mailbox: the emails Webex sent them.
    pub async fn end_user_mailbox(self, to: &str) -> Result<Mailbox, EngineError> {
        let to = need(to, "the user's email address")?;
        let url = format!("/end-user/emails?to={}", url_encode(&to));
        let value = self.sim_call("GET", &url, Value::Null).await?;
        let emails: Vec<TrainerEmail> = value["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|e| {
                        let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                        TrainerEmail {
                            id: s("id"),
                            body: email_body(e["kind"].as_str().unwrap_or_default()).into(),
                            kind: s("kind"),
                            subject: s("subject"),
                            button: s("button"),
                            subscriber_id: s("subscriberId"),
                            sent: s("sent"),
                        }
                    })
                    .rev()
                    .collect()
            })
            .unwrap_or_default();
        let happened = match emails.len() {
            0 => format!("The user opened the mailbox of {to}: no email from Webex yet."),
            1 => format!("The user opened the mailbox of {to}: one email from Webex."),
            n => format!("The user opened the mailbox of {to}: {n} emails from Webex."),
        };
        Ok(Mailbox {
            to,
            emails,
            happened,
        })
    }

    /// Untrusted emails: the user enters their email on the activation page.
    pub async fn end_user_enter_email(
        self,
        sp_enterprise_id: &str,
        user_id: &str,
        email: &str,
    ) -> Result<TrainerOutcome, EngineError> {
        let ent = need(sp_enterprise_id, "the enterprise")?;
        let user = need(user_id, "the user's BroadWorks user id")?;
        let email = need(email, "the email address the user types")?;
        let sub = self.find_subscriber(&ent, &user).await?;
        let value = self
            .sim_call(
                "POST",
                "/end-user/enter-email",
                json!({ "subscriberId": sub.id, "email": email }),
            )
            .await?;
        let s: Option<Subscriber> = serde_json::from_value(value).ok();
        let name = s.as_ref().map(first_name).unwrap_or(user);
        Ok(self
            .outcome(
                "end_user",
                format!("The activation page says: check your inbox — Webex sent an email to {email}. Open it and click Join Now."),
                format!("{name} entered the email {email}; Webex now waits for them to click Join Now."),
                s.as_ref(),
            )
            .await)
    }

    /// The user clicks the button of an email: Join Now or Activate Account.
    pub async fn end_user_click(
        self,
        subscriber_id: &str,
        kind: &str,
    ) -> Result<TrainerOutcome, EngineError> {
        let id = need(subscriber_id, "the email to open")?;
        let (path, button) = match kind {
            "consentMove" => ("/end-user/activate-account", "Activate Account"),
            "joinNow" => ("/end-user/join-now", "Join Now"),
            other => {
                return Err(refused(
                    ErrorCode::TrainerUnknownEmail,
                    format!("This app does not know the email kind '{other}'."),
                    "Open the mailbox again and click a button of an email there.",
                    String::new(),
                ))
            }
        };
        let value = self
            .sim_call("POST", path, json!({ "subscriberId": id }))
            .await?;
        let s: Option<Subscriber> = serde_json::from_value(value).ok();
        let name = s
            .as_ref()
            .map(first_name)
            .unwrap_or_else(|| "The user".into());
        let status = s.as_ref().map(|s| s.status);
        let (sees, happened) = match (kind, status) {
            ("consentMove", _) => (
                "The Webex Consumer portal, the website for personal Webex accounts, opens and asks them to sign in to their old Webex account.".to_string(),
                format!("{name} clicked Activate Account and agreed to the move; Webex now waits for them to sign in to the old account and delete it."),
            ),
            (_, Some(SubscriberStatus::PendingUserMigration)) => (
                "Webex says this email already has a Webex account. A second email, 'Your Webex account is moving', arrives with an Activate Account button.".to_string(),
                format!("{name} clicked Join Now; Webex found an old Webex account with this email and now waits for them to click Activate Account in its new email."),
            ),
            (_, Some(SubscriberStatus::Error)) => (
                "Webex says the account cannot be set up yet.".to_string(),
                format!("{name} clicked Join Now; Webex now needs the customer's administrator to approve the partner first."),
            ),
            _ => (
                "Webex says the email address is confirmed and the account is being set up.".to_string(),
                format!("{name} clicked {button}; Webex is now setting up their account."),
            ),
        };
        Ok(self.outcome("end_user", sees, happened, s.as_ref()).await)
    }

    /// The user signs in to their old Webex account on the Consumer portal.
    pub async fn end_user_log_in(self, email: &str) -> Result<TrainerOutcome, EngineError> {
        let email = need(email, "the email of the old Webex account")?;
        self.sim_call("POST", "/end-user/log-in", json!({ "email": email }))
            .await?;
        Ok(self
            .outcome(
                "end_user",
                format!("They are signed in to the old Webex account {email}. The page offers Delete Account, to make way for the new one."),
                format!("The user signed in to the Consumer portal as {email}; next they delete the old account."),
                None,
            )
            .await)
    }

    /// The user deletes their old (free) Webex account; Webex then sets up the new one.
    pub async fn end_user_delete_old_account(
        self,
        email: &str,
    ) -> Result<TrainerOutcome, EngineError> {
        let email = need(email, "the email of the old Webex account")?;
        let value = self
            .sim_call(
                "POST",
                "/end-user/delete-old-account",
                json!({ "email": email }),
            )
            .await?;
        let subs: Vec<Subscriber> =
            serde_json::from_value(value["items"].clone()).unwrap_or_default();
        let name = subs
            .first()
            .map(first_name)
            .unwrap_or_else(|| "the user".into());
        Ok(self
            .outcome(
                "end_user",
                "The page says the old Webex account is deleted. Then the Download page opens, so they can install Webex.".into(),
                format!("The old account {email} was deleted; Webex is now setting up {name}'s new account with the same email."),
                subs.first(),
            )
            .await)
    }

    /// Self-activation: the user signs in to the activation portal with their
    /// BroadWorks account and enters their email.
    pub async fn end_user_self_activate(
        self,
        sp_enterprise_id: &str,
        user_id: &str,
        email: &str,
    ) -> Result<TrainerOutcome, EngineError> {
        let ent = need(sp_enterprise_id, "the enterprise")?;
        let user = need(user_id, "the user's BroadWorks user id")?;
        let email = need(email, "the email address the user types")?;
        let value = self
            .sim_call(
                "POST",
                "/end-user/self-activate",
                json!({ "spEnterpriseId": ent, "userId": user, "email": email }),
            )
            .await?;
        let s: Option<Subscriber> = serde_json::from_value(value).ok();
        let name = s.as_ref().map(first_name).unwrap_or(user);
        Ok(self
            .outcome(
                "end_user",
                format!("The activation portal says: check your inbox — Webex sent an email to {email}. Open it and click Join Now."),
                format!("{name} signed in to the activation portal and entered {email}; Webex now waits for them to click Join Now."),
                s.as_ref(),
            )
            .await)
    }

    /// The customer's administrator adds the partner admin as external Full Admin.
    pub async fn customer_admin_approve(
        self,
        org_id: &str,
        partner_email: &str,
    ) -> Result<TrainerOutcome, EngineError> {
        let org = need(org_id, "the customer's organization")?;
        let email = need(partner_email, "the partner administrator's email")?;
        self.sim_call(
            "POST",
            "/customer-admin/add-external-admin",
            json!({ "orgId": org, "email": email, "role": "id_full_admin" }),
        )
        .await?;
        let org_name = scenarios()
            .into_iter()
            .flat_map(|s| s.customer_orgs)
            .find(|o| o.id == org)
            .map(|o| o.name)
            .unwrap_or(org);
        Ok(self
            .outcome(
                "customer_admin",
                format!("In Control Hub, under Users, {email} now shows as an external administrator with Full Administrator rights."),
                format!("{org_name}'s administrator added {email} as an external Full Administrator; the partner can now act in their organization."),
                None,
            )
            .await)
    }

    /// Lets time pass for Webex: work that takes a while (setting up an account) finishes.
    pub async fn trainer_advance_clock(self, seconds: u32) -> Result<TrainerOutcome, EngineError> {
        self.sim_call("POST", "/clock/advance", json!({ "seconds": seconds }))
            .await?;
        let span = match seconds {
            60 => "A minute".to_string(),
            86_400 => "A day".to_string(),
            s if s > 86_400 && s % 86_400 == 0 => format!("{} days", s / 86_400),
            s if s >= 120 && s % 60 == 0 => format!("{} minutes", s / 60),
            s => format!("{s} seconds"),
        };
        Ok(self
            .outcome(
                "clock",
                "Nothing changes on anyone's screen: time passes for Webex.".into(),
                format!("{span} passed; Webex finished the work that was due."),
                None,
            )
            .await)
    }

    /// Restores the demo tenant to a seeded scenario. Tokens stay valid.
    pub async fn trainer_reset(self, scenario: &str) -> Result<TrainerOutcome, EngineError> {
        let known = scenarios();
        let Some(info) = known.iter().find(|s| s.name == scenario.trim()) else {
            return Err(refused(
                ErrorCode::UnknownScenario,
                format!("There is no demo scenario '{}'.", scenario.trim()),
                &format!(
                    "Choose one of: {}.",
                    known
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                String::new(),
            ));
        };
        self.control().await?;
        self.sim_call("POST", "/reset", json!({})).await?;
        Ok(self
            .outcome(
                "trainer",
                "Everyone is back at the start: mailboxes are empty and old Webex accounts are back.".into(),
                format!("The demo tenant was reset to the '{}' scenario; users added in this demo are gone.", info.name),
                None,
            )
            .await)
    }
}

/// Percent-encodes a query value.
fn url_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
