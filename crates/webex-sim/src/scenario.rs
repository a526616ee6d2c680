//! Scenario files: the seeded tenant as data (JSON). The default demo tenant is
//! `scenarios/demo.json`, embedded at build time.

use serde::{Deserialize, Serialize};

/// The default demo tenant, covering every outcome of every wizard.
pub const DEMO_SCENARIO: &str = include_str!("../scenarios/demo.json");

/// A seeded tenant: the partner, customer and consumer orgs, their people, the
/// BroadWorks side, and what Webex already holds.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Email of the person the demo token signs in as (a partner admin).
    pub signed_in: String,
    /// The partner's onboarding templates.
    pub templates: Vec<TemplateSeed>,
    pub orgs: Vec<OrgSeed>,
    pub people: Vec<PersonSeed>,
    /// What BroadWorks holds: enterprises and their users (not visible through /v1).
    #[serde(default)]
    pub broadworks: Vec<BroadWorksEnterpriseSeed>,
    /// Enterprises Webex already knows (with their customer org).
    #[serde(default)]
    pub enterprises: Vec<EnterpriseSeed>,
    #[serde(default)]
    pub subscribers: Vec<SubscriberSeed>,
    /// Many similar subscribers, e.g. to need paging.
    #[serde(default)]
    pub generated_subscribers: Vec<GeneratedSubscribers>,
    #[serde(default)]
    pub workspaces: Vec<WorkspaceSeed>,
    /// Webex integrations registered for OAuth sign-in (`/v1/authorize`, `/v1/access_token`).
    #[serde(default)]
    pub oauth_clients: Vec<OAuthClientSeed>,
}

/// A registered Webex integration: its client id and secret and the exact redirect URIs
/// it may use (Webex matches them exactly, port included).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OAuthClientSeed {
    pub client_id: String,
    pub client_secret: String,
    pub redirect_uris: Vec<String>,
}

impl Default for Scenario {
    fn default() -> Self {
        // The embedded file is part of the program, not input; a test proves it parses.
        Scenario::from_json(DEMO_SCENARIO).expect("the embedded demo scenario is valid")
    }
}

impl Scenario {
    /// Reads a scenario file's text.
    pub fn from_json(text: &str) -> Result<Scenario, crate::SimError> {
        serde_json::from_str(text).map_err(|e| crate::SimError::Scenario(e.to_string()))
    }

    /// The demo partner org's id.
    pub fn partner_org_id(&self) -> Option<&str> {
        self.orgs
            .iter()
            .find(|o| o.kind == OrgKind::Partner)
            .map(|o| o.id.as_str())
    }
}

/// An onboarding template (its `provisioningId`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateSeed {
    pub provisioning_id: String,
    pub name: String,
    /// Trusted emails: the email sent at provisioning is used as is.
    pub trusted_emails: bool,
}

/// What kind of Webex org this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// The service provider's own org.
    Partner,
    /// A company's org.
    Customer,
    /// Free, trial and self-signup accounts.
    Consumer,
}

/// A Webex organization.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrgSeed {
    pub id: String,
    pub display_name: String,
    pub kind: OrgKind,
    #[serde(default)]
    pub verified_domains: Vec<String>,
    #[serde(default)]
    pub claimed_domains: Vec<String>,
    #[serde(default)]
    pub licenses: Vec<LicenseSeed>,
    /// External and partner administrators already in place.
    #[serde(default)]
    pub admins: Vec<AdminSeed>,
    /// Extra people `user{n}@domain`, e.g. to reach 100 users.
    #[serde(default)]
    pub generated_people: Option<GeneratedPeople>,
}

/// A license of an org.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LicenseSeed {
    pub id: String,
    pub name: String,
    pub total_units: u32,
    #[serde(default)]
    pub consumed_units: u32,
    /// `active`, `suspended` or `cancelled` (not shown by the API, which has no such field).
    #[serde(default = "active")]
    pub status: String,
}

fn active() -> String {
    "active".into()
}

/// A person from another org who administers this one.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AdminSeed {
    pub email: String,
    /// A role id such as `id_full_admin`.
    pub role: String,
}

/// Generated people of an org.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GeneratedPeople {
    pub count: u32,
    pub email_domain: String,
}

/// A person.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PersonSeed {
    #[serde(default)]
    pub id: Option<String>,
    pub org_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// Role ids in their own org, e.g. `id_full_admin`.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// A BroadWorks enterprise and its users, as the service provider's BroadWorks has them.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BroadWorksEnterpriseSeed {
    pub sp_enterprise_id: String,
    /// The customer's name; a new Webex org gets it.
    pub name: String,
    /// What a trainer should know about it.
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub users: Vec<BroadWorksUserSeed>,
}

/// A BroadWorks user.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BroadWorksUserSeed {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub primary_phone_number: Option<String>,
    #[serde(default)]
    pub extension: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// An enterprise Webex already knows.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnterpriseSeed {
    pub sp_enterprise_id: String,
    pub org_id: String,
    pub provisioning_id: String,
}

/// A subscriber already in Webex.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubscriberSeed {
    #[serde(default)]
    pub id: Option<String>,
    pub sp_enterprise_id: String,
    pub provisioning_id: String,
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub primary_phone_number: Option<String>,
    #[serde(default)]
    pub extension: Option<String>,
    #[serde(default = "standard")]
    pub package: webex::model::Package,
    pub status: webex::model::SubscriberStatus,
    #[serde(default)]
    pub self_activated: bool,
}

fn standard() -> webex::model::Package {
    webex::model::Package::Standard
}

/// `count` subscribers `{userIdPrefix}{n}` with emails `{userIdPrefix}{n}@{emailDomain}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GeneratedSubscribers {
    pub sp_enterprise_id: String,
    pub provisioning_id: String,
    pub count: u32,
    pub user_id_prefix: String,
    pub email_domain: String,
    pub status: webex::model::SubscriberStatus,
}

/// A workspace already in Webex (to detach by id).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkspaceSeed {
    pub id: String,
    pub sp_enterprise_id: String,
    pub provisioning_id: String,
    pub user_id: String,
    pub display_name: String,
    #[serde(default)]
    pub primary_phone_number: Option<String>,
    #[serde(default)]
    pub extension: Option<String>,
}
