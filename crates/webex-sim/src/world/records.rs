//! The records the tenant keeps: orgs, licenses, people, templates, the BroadWorks
//! side, enterprises, subscribers, workspaces, emails, tokens and counters, and how the
//! API shows each.

use super::iso;
use crate::scenario::OrgKind;
use serde::{Deserialize, Serialize};
use webex::model::{Package, SubscriberError, SubscriberStatus};

/// The whole tenant.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct World {
    /// Sim time (epoch ms) when this state was taken; the clock starts again from here.
    pub clock_ms: u64,
    pub partner_org_id: String,
    pub signed_in_person_id: String,
    pub templates: Vec<Template>,
    pub orgs: Vec<Org>,
    pub people: Vec<PersonRec>,
    pub broadworks_users: Vec<BwUser>,
    pub broadworks_names: Vec<(String, String)>,
    pub enterprises: Vec<EnterpriseRec>,
    pub subscribers: Vec<SubscriberRec>,
    pub workspaces: Vec<WorkspaceRec>,
    pub emails: Vec<EmailRec>,
    /// Never saved: a loaded state issues a fresh demo token.
    #[serde(skip, default)]
    pub tokens: Vec<TokenRec>,
    pub counters: Counters,
    pub next_id: u64,
    /// How long `provisioning`/`updating` takes, in sim milliseconds.
    pub provisioning_ms: u64,
}

/// A Webex org.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Org {
    pub id: String,
    pub display_name: String,
    pub kind: OrgKind,
    pub created_ms: u64,
    pub verified_domains: Vec<String>,
    pub claimed_domains: Vec<String>,
    pub licenses: Vec<LicenseRec>,
    /// People of other orgs who administer this one (partner and external admins).
    pub admins: Vec<AdminRec>,
}

/// A license and its state (the API shows no state; the rules use it).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseRec {
    pub id: String,
    pub name: String,
    pub total_units: u32,
    pub consumed_units: u32,
    pub status: String,
}

/// A person of another org with an admin role here.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AdminRec {
    pub person_id: String,
    pub role: String,
}

/// A Webex user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonRec {
    pub id: String,
    pub org_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub roles: Vec<String>,
    pub licenses: Vec<String>,
    pub created_ms: u64,
    /// The end user signed in to this account (through `/sim`).
    #[serde(default)]
    pub logged_in: bool,
}

impl PersonRec {
    /// As the People API shows it; `enriched` adds roles and licenses (GET by id).
    pub fn to_model(&self, enriched: bool) -> webex::model::Person {
        webex::model::Person {
            id: self.id.clone(),
            emails: vec![self.email.clone()],
            display_name: Some(format!("{} {}", self.first_name, self.last_name)),
            first_name: Some(self.first_name.clone()),
            last_name: Some(self.last_name.clone()),
            org_id: Some(self.org_id.clone()),
            roles: if enriched {
                self.roles.clone()
            } else {
                Vec::new()
            },
            licenses: if enriched {
                self.licenses.clone()
            } else {
                Vec::new()
            },
            created: Some(iso(self.created_ms)),
            // Live Webex sends these as JSON booleans (the spec says strings).
            invite_pending: enriched.then_some(false),
            login_enabled: enriched.then_some(true),
            kind: Some("person".into()),
        }
    }
}

/// An onboarding template.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub provisioning_id: String,
    pub name: String,
    pub trusted_emails: bool,
}

/// A BroadWorks user (the service provider's side).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BwUser {
    pub sp_enterprise_id: String,
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub primary_phone_number: Option<String>,
    pub extension: Option<String>,
}

/// A BroadWorks enterprise as Webex knows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnterpriseRec {
    pub id: String,
    pub sp_enterprise_id: String,
    pub org_id: Option<String>,
    pub provisioning_id: String,
    pub customer_name: String,
}

/// What happens when a subscriber's background work is due.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum DueOutcome {
    Provisioned,
    ApprovalRequired,
    Updated,
}

/// A BroadWorks subscriber mapped (or being mapped) to Webex.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriberRec {
    pub id: String,
    pub person_id: Option<String>,
    pub user_id: String,
    pub sp_enterprise_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub primary_phone_number: Option<String>,
    pub mobile_phone_number: Option<String>,
    pub extension: Option<String>,
    pub package: Package,
    pub status: SubscriberStatus,
    pub errors: Vec<SubscriberError>,
    pub created_ms: u64,
    pub last_status_change_ms: u64,
    pub provisioning_id: String,
    pub self_activated: bool,
    /// Sim time when `provisioning`/`updating` completes.
    pub due_ms: Option<u64>,
    pub due_outcome: Option<DueOutcome>,
    pub pending_update: Option<webex::model::SubscriberUpdate>,
    /// The user clicked Activate Account in the consent email.
    pub consented: bool,
    /// The first user of a new org becomes its admin.
    pub first_admin: bool,
}

impl SubscriberRec {
    /// As the API shows it.
    pub fn to_model(&self) -> webex::model::Subscriber {
        webex::model::Subscriber {
            id: self.id.clone(),
            person_id: if self.status == SubscriberStatus::Provisioned {
                self.person_id.clone()
            } else {
                None
            },
            user_id: self.user_id.clone(),
            sp_enterprise_id: self.sp_enterprise_id.clone(),
            first_name: Some(self.first_name.clone()),
            last_name: Some(self.last_name.clone()),
            email: self.email.clone(),
            primary_phone_number: self.primary_phone_number.clone(),
            mobile_phone_number: self.mobile_phone_number.clone(),
            extension: self.extension.clone(),
            package: Some(self.package),
            status: self.status,
            errors: self.errors.clone(),
            created: Some(iso(self.created_ms)),
            last_status_change: Some(iso(self.last_status_change_ms)),
            provisioning_id: Some(self.provisioning_id.clone()),
            self_activated: Some(self.self_activated),
        }
    }
}

/// A BroadWorks workspace.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceRec {
    pub id: String,
    pub provisioning_id: String,
    pub user_id: String,
    pub sp_enterprise_id: String,
    pub display_name: String,
    pub primary_phone_number: Option<String>,
    pub extension: Option<String>,
    pub created_ms: u64,
}

impl WorkspaceRec {
    /// As the API shows it.
    pub fn to_model(&self) -> webex::model::Workspace {
        webex::model::Workspace {
            id: self.id.clone(),
            provisioning_id: Some(self.provisioning_id.clone()),
            user_id: self.user_id.clone(),
            sp_enterprise_id: self.sp_enterprise_id.clone(),
            display_name: Some(self.display_name.clone()),
            primary_phone_number: self.primary_phone_number.clone(),
            extension: self.extension.clone(),
            created: Some(iso(self.created_ms)),
        }
    }
}

/// An email Webex sent to an end user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmailRec {
    pub id: String,
    pub to: String,
    /// `consentMove` (button Activate Account) or `joinNow` (button Join Now).
    pub kind: String,
    pub subject: String,
    pub button: String,
    pub subscriber_id: String,
    pub sent: String,
}

/// A bearer token the tenant accepts.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRec {
    pub token: String,
    pub person_id: String,
    pub issued_ms: u64,
    /// When an OAuth access token stops working (sim ms); demo tokens do not expire.
    #[serde(default)]
    pub expires_ms: Option<u64>,
}

/// Counts that tests and trainers read through `/sim/stats`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counters {
    /// Subscribers created by `POST /broadworks/subscribers` or self-activation.
    pub subscribers_created: u64,
    /// Every request that reached `/v1` (refused ones too): what a job cost in requests.
    #[serde(default)]
    pub requests: u64,
    /// Prechecks (`POST /broadworks/subscribers/validate`) received.
    #[serde(default)]
    pub prechecks: u64,
}
