//! The tenant's state and its rules: orgs, people, enterprises, subscribers and their
//! state machine, workspaces, the end user's mailbox. Pure data and functions; the HTTP
//! layers (`api`, `control`) call into it under one lock.

use crate::scenario::{OrgKind, Scenario};
use serde::{Deserialize, Serialize};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use webex::model::{Package, SubscriberError, SubscriberStatus};

/// Role ids. Webex's real ids are opaque; the app reads role names from `GET /roles`.
pub const FULL_ADMIN: &str = "id_full_admin";
/// Provisioning Administrator: what a partner gets on an automatic attach.
pub const PROVISIONING_ADMIN: &str = "id_provisioning_admin";

/// The roles `GET /roles` lists.
pub const ROLES: [(&str, &str); 5] = [
    (FULL_ADMIN, "Full Administrator"),
    ("id_user_admin", "User Administrator"),
    ("id_readonly_admin", "Read-only Administrator"),
    ("id_device_admin", "Device Administrator"),
    (PROVISIONING_ADMIN, "Provisioning Administrator"),
];

/// Webex error code: the user id is already mapped in the enterprise.
pub const E_ALREADY_ASSOCIATED: i64 = 10022;
/// Simulator's choice (UNCONFIRMED in public sources): approval by the customer needed.
pub const E_APPROVAL_REQUIRED: i64 = 2017;
/// Mandatory parameter missing.
pub const E_NULL_PARAMETER: i64 = 1001;
/// Parameter too long.
pub const E_PARAMETER_SIZE: i64 = 1002;

/// Precheck info codes. 100 is Webex's; the 91xx codes are the simulator's own.
pub const INFO_OK: i64 = 100;
/// Simulator's: an existing (consumer) Webex account uses the email.
pub const INFO_SIM_EXISTING_ACCOUNT: i64 = 9101;
/// Simulator's: the email belongs to a user of an existing customer org (attach).
pub const INFO_SIM_EXISTING_ORG: i64 = 9102;
/// Simulator's: attaching to that org needs the customer's approval.
pub const INFO_SIM_APPROVAL_NEEDED: i64 = 9103;
/// Simulator's: no org matches; a new customer org will be created.
pub const INFO_SIM_NEW_ORG: i64 = 9104;

/// Epoch milliseconds as Webex writes times: `2019-10-18T14:26:16.000Z`.
pub fn iso(ms: u64) -> String {
    humantime::format_rfc3339_millis(UNIX_EPOCH + Duration::from_millis(ms)).to_string()
}

/// Reads a time filter: epoch ms, or ISO 8601.
pub fn parse_time(value: &str) -> Option<u64> {
    if let Ok(ms) = value.trim().parse::<u64>() {
        return Some(ms);
    }
    let t = humantime::parse_rfc3339_weak(value.trim()).ok()?;
    Some(t.duration_since(UNIX_EPOCH).ok()?.as_millis() as u64)
}

fn now_real_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
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

/// An error of a rule, turned into a Webex-shaped answer by the HTTP layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub status: u16,
    pub message: String,
    pub code: Option<i64>,
}

impl Refusal {
    pub fn new(status: u16, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            message: message.into(),
            code: None,
        }
    }
    pub fn coded(status: u16, code: i64, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            message: message.into(),
            code: Some(code),
        }
    }
}

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

/// How the first subscriber's enterprise got its org.
enum OrgOutcome {
    Existing,
    Attached,
    Created,
    ApprovalRequired,
}

/// What a new subscriber request carries (POST body or self-activation).
pub struct NewSub {
    pub body: webex::model::NewSubscriber,
    pub self_activated: bool,
}

impl World {
    /// The tenant a scenario describes, at sim time `now`.
    pub fn from_scenario(s: &Scenario, now: u64, provisioning_ms: u64) -> Result<World, String> {
        let partner_org_id = s
            .partner_org_id()
            .ok_or("the scenario has no org of kind 'partner'")?
            .to_string();
        let mut w = World {
            clock_ms: now,
            partner_org_id,
            signed_in_person_id: String::new(),
            templates: s
                .templates
                .iter()
                .map(|t| Template {
                    provisioning_id: t.provisioning_id.clone(),
                    name: t.name.clone(),
                    trusted_emails: t.trusted_emails,
                })
                .collect(),
            orgs: Vec::new(),
            people: Vec::new(),
            broadworks_users: Vec::new(),
            broadworks_names: Vec::new(),
            enterprises: Vec::new(),
            subscribers: Vec::new(),
            workspaces: Vec::new(),
            emails: Vec::new(),
            tokens: Vec::new(),
            counters: Counters::default(),
            next_id: 1,
            provisioning_ms,
        };
        for o in &s.orgs {
            w.orgs.push(Org {
                id: o.id.clone(),
                display_name: o.display_name.clone(),
                kind: o.kind,
                created_ms: now,
                verified_domains: o.verified_domains.clone(),
                claimed_domains: o.claimed_domains.clone(),
                licenses: o
                    .licenses
                    .iter()
                    .map(|l| LicenseRec {
                        id: l.id.clone(),
                        name: l.name.clone(),
                        total_units: l.total_units,
                        consumed_units: l.consumed_units,
                        status: l.status.clone(),
                    })
                    .collect(),
                admins: Vec::new(),
            });
            if let Some(g) = &o.generated_people {
                for n in 1..=g.count {
                    let id = w.new_id("person");
                    w.people.push(PersonRec {
                        id,
                        org_id: o.id.clone(),
                        email: format!("user{n}@{}", g.email_domain),
                        first_name: "User".into(),
                        last_name: n.to_string(),
                        roles: Vec::new(),
                        licenses: Vec::new(),
                        created_ms: now,
                        logged_in: false,
                    });
                }
            }
        }
        for p in &s.people {
            if w.org(&p.org_id).is_none() {
                return Err(format!("person {} names unknown org {}", p.email, p.org_id));
            }
            let id = match &p.id {
                Some(id) => id.clone(),
                None => w.new_id("person"),
            };
            w.people.push(PersonRec {
                id,
                org_id: p.org_id.clone(),
                email: p.email.to_lowercase(),
                first_name: p.first_name.clone(),
                last_name: p.last_name.clone(),
                roles: p.roles.clone(),
                licenses: Vec::new(),
                created_ms: now,
                logged_in: false,
            });
        }
        for o in &s.orgs {
            for a in &o.admins {
                let person = w
                    .person_by_email(&a.email)
                    .ok_or(format!("admin {} of {} is not a person", a.email, o.id))?
                    .id
                    .clone();
                if let Some(org) = w.org_mut(&o.id) {
                    org.admins.push(AdminRec {
                        person_id: person,
                        role: a.role.clone(),
                    });
                }
            }
        }
        w.signed_in_person_id = w
            .person_by_email(&s.signed_in)
            .ok_or(format!("signedIn {} is not a person", s.signed_in))?
            .id
            .clone();
        for e in &s.broadworks {
            w.broadworks_names
                .push((e.sp_enterprise_id.clone(), e.name.clone()));
            for u in &e.users {
                w.broadworks_users.push(BwUser {
                    sp_enterprise_id: e.sp_enterprise_id.clone(),
                    user_id: u.user_id.clone(),
                    first_name: u.first_name.clone(),
                    last_name: u.last_name.clone(),
                    email: u.email.clone(),
                    primary_phone_number: u.primary_phone_number.clone(),
                    extension: u.extension.clone(),
                });
            }
        }
        for e in &s.enterprises {
            if w.org(&e.org_id).is_none() {
                return Err(format!(
                    "enterprise {} names unknown org",
                    e.sp_enterprise_id
                ));
            }
            let id = w.new_id("enterprise");
            let customer_name = w.customer_name(&e.sp_enterprise_id);
            w.enterprises.push(EnterpriseRec {
                id,
                sp_enterprise_id: e.sp_enterprise_id.clone(),
                org_id: Some(e.org_id.clone()),
                provisioning_id: e.provisioning_id.clone(),
                customer_name,
            });
        }
        let mut seeds: Vec<crate::scenario::SubscriberSeed> = s.subscribers.clone();
        for g in &s.generated_subscribers {
            for n in 1..=g.count {
                seeds.push(crate::scenario::SubscriberSeed {
                    id: None,
                    sp_enterprise_id: g.sp_enterprise_id.clone(),
                    provisioning_id: g.provisioning_id.clone(),
                    user_id: format!("{}{n:03}", g.user_id_prefix),
                    first_name: "Subscriber".into(),
                    last_name: format!("{n:03}"),
                    email: Some(format!("{}{n:03}@{}", g.user_id_prefix, g.email_domain)),
                    primary_phone_number: None,
                    extension: Some(format!("{}", 7000 + n)),
                    package: Package::Standard,
                    status: g.status,
                    self_activated: false,
                });
            }
        }
        for seed in seeds {
            w.seed_subscriber(seed, now)?;
        }
        for ws in &s.workspaces {
            w.workspaces.push(WorkspaceRec {
                id: ws.id.clone(),
                provisioning_id: ws.provisioning_id.clone(),
                user_id: ws.user_id.clone(),
                sp_enterprise_id: ws.sp_enterprise_id.clone(),
                display_name: ws.display_name.clone(),
                primary_phone_number: ws.primary_phone_number.clone(),
                extension: ws.extension.clone(),
                created_ms: now,
            });
        }
        Ok(w)
    }

    fn seed_subscriber(
        &mut self,
        seed: crate::scenario::SubscriberSeed,
        now: u64,
    ) -> Result<(), String> {
        let org_id = self
            .enterprise(&seed.sp_enterprise_id)
            .and_then(|e| e.org_id.clone())
            .ok_or(format!(
                "subscriber {} needs enterprise {} in 'enterprises'",
                seed.user_id, seed.sp_enterprise_id
            ))?;
        let id = seed.id.clone().unwrap_or_else(|| self.new_id("sub"));
        let mut person_id = None;
        if seed.status == SubscriberStatus::Provisioned {
            let email = seed.email.clone().ok_or(format!(
                "provisioned subscriber {} needs an email",
                seed.user_id
            ))?;
            person_id =
                Some(self.add_person(&org_id, &email, &seed.first_name, &seed.last_name, now));
        }
        let rec = SubscriberRec {
            id: id.clone(),
            person_id,
            user_id: seed.user_id,
            sp_enterprise_id: seed.sp_enterprise_id,
            first_name: seed.first_name,
            last_name: seed.last_name,
            email: seed.email.clone(),
            primary_phone_number: seed.primary_phone_number,
            mobile_phone_number: None,
            extension: seed.extension,
            package: seed.package,
            status: seed.status,
            errors: Vec::new(),
            created_ms: now,
            last_status_change_ms: now,
            provisioning_id: seed.provisioning_id,
            self_activated: seed.self_activated,
            due_ms: None,
            due_outcome: None,
            pending_update: None,
            consented: false,
            first_admin: false,
        };
        let waiting_for_consent = rec.status == SubscriberStatus::PendingUserMigration;
        self.subscribers.push(rec);
        if waiting_for_consent {
            if let Some(email) = seed.email {
                self.send_email(&email, "consentMove", &id, now);
            }
        }
        Ok(())
    }

    /// A fresh id with a readable prefix.
    pub fn new_id(&mut self, kind: &str) -> String {
        let n = self.next_id;
        self.next_id += 1;
        format!("sim-{kind}-{n:05}")
    }

    fn customer_name(&self, sp_enterprise_id: &str) -> String {
        self.broadworks_names
            .iter()
            .find(|(id, _)| id == sp_enterprise_id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| {
                sp_enterprise_id
                    .rsplit('+')
                    .next()
                    .unwrap_or(sp_enterprise_id)
                    .to_string()
            })
    }

    pub fn org(&self, id: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.id == id)
    }

    pub fn org_mut(&mut self, id: &str) -> Option<&mut Org> {
        self.orgs.iter_mut().find(|o| o.id == id)
    }

    pub fn person(&self, id: &str) -> Option<&PersonRec> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn person_by_email(&self, email: &str) -> Option<&PersonRec> {
        let email = email.to_lowercase();
        self.people.iter().find(|p| p.email == email)
    }

    pub fn enterprise(&self, sp_enterprise_id: &str) -> Option<&EnterpriseRec> {
        self.enterprises
            .iter()
            .find(|e| e.sp_enterprise_id == sp_enterprise_id)
    }

    pub fn subscriber(&self, id: &str) -> Option<&SubscriberRec> {
        self.subscribers.iter().find(|s| s.id == id)
    }

    pub fn subscriber_mut(&mut self, id: &str) -> Option<&mut SubscriberRec> {
        self.subscribers.iter_mut().find(|s| s.id == id)
    }

    fn add_person(
        &mut self,
        org_id: &str,
        email: &str,
        first: &str,
        last: &str,
        now: u64,
    ) -> String {
        let id = self.new_id("person");
        self.people.push(PersonRec {
            id: id.clone(),
            org_id: org_id.into(),
            email: email.to_lowercase(),
            first_name: first.into(),
            last_name: last.into(),
            roles: Vec::new(),
            licenses: Vec::new(),
            created_ms: now,
            logged_in: false,
        });
        id
    }

    /// The person a token belongs to, if the token is known and not expired.
    pub fn token_person(
        &self,
        token: &str,
        now: u64,
        ttl_ms: Option<u64>,
    ) -> Result<&PersonRec, &'static str> {
        let rec = self.tokens.iter().find(|t| t.token == token).ok_or(
            "The request requires a valid access token set in the Authorization request header.",
        )?;
        if ttl_ms.is_some_and(|ttl| now.saturating_sub(rec.issued_ms) >= ttl)
            || rec.expires_ms.is_some_and(|end| now >= end)
        {
            return Err("The access token has expired.");
        }
        self.person(&rec.person_id).ok_or(
            "The request requires a valid access token set in the Authorization request header.",
        )
    }

    /// Orgs the person administers: their own (if they hold an admin role) and those
    /// where they are a partner or external admin.
    pub fn administers(&self, person: &PersonRec, org_id: &str) -> bool {
        (person.org_id == org_id && !person.roles.is_empty())
            || self
                .org(org_id)
                .is_some_and(|o| o.admins.iter().any(|a| a.person_id == person.id))
    }

    /// Whether the person can see the org's people at all (own org always).
    pub fn sees_org(&self, person: &PersonRec, org_id: &str) -> bool {
        person.org_id == org_id || self.administers(person, org_id)
    }

    /// True for a partner admin (an admin of the partner org): only they use the
    /// BroadWorks APIs.
    pub fn is_partner_admin(&self, person: &PersonRec) -> bool {
        person.org_id == self.partner_org_id && !person.roles.is_empty()
    }

    /// Attaching to this org needs the customer's approval (≥100 users, or a verified
    /// or claimed domain).
    pub fn needs_approval(&self, org: &Org) -> bool {
        let users = self.people.iter().filter(|p| p.org_id == org.id).count();
        users >= 100 || !org.verified_domains.is_empty() || !org.claimed_domains.is_empty()
    }

    /// Customer org of an existing user with this email (not consumer, not partner).
    fn customer_org_of(&self, email: &str) -> Option<&Org> {
        let person = self.person_by_email(email)?;
        self.org(&person.org_id)
            .filter(|o| o.kind == OrgKind::Customer)
    }

    /// The consumer (free / self-signup) account with this email.
    pub fn consumer_account(&self, email: &str) -> Option<&PersonRec> {
        self.person_by_email(email).filter(|p| {
            self.org(&p.org_id)
                .is_some_and(|o| o.kind == OrgKind::Consumer)
        })
    }

    fn org_has_enterprise(&self, org_id: &str) -> bool {
        self.enterprises
            .iter()
            .any(|e| e.org_id.as_deref() == Some(org_id))
    }

    fn has_full_admin(&self, org: &Org, person_id: &str) -> bool {
        org.admins
            .iter()
            .any(|a| a.person_id == person_id && a.role == FULL_ADMIN)
    }

    /// Runs background work that is due at sim time `now`.
    pub fn tick(&mut self, now: u64) {
        self.clock_ms = self.clock_ms.max(now);
        let due: Vec<String> = self
            .subscribers
            .iter()
            .filter(|s| s.due_ms.is_some_and(|d| d <= now))
            .map(|s| s.id.clone())
            .collect();
        for id in due {
            self.complete(&id, now);
        }
    }

    fn set_status(sub: &mut SubscriberRec, status: SubscriberStatus, now: u64) {
        if sub.status != status {
            sub.status = status;
            sub.last_status_change_ms = now;
        }
    }

    fn complete(&mut self, id: &str, now: u64) {
        let Some(sub) = self.subscriber(id).cloned() else {
            return;
        };
        let outcome = sub.due_outcome.unwrap_or(DueOutcome::Provisioned);
        let org_id = self
            .enterprise(&sub.sp_enterprise_id)
            .and_then(|e| e.org_id.clone());
        let mut person_id = sub.person_id.clone();
        if outcome == DueOutcome::Provisioned {
            let (Some(org_id), Some(email)) = (org_id, sub.email.clone()) else {
                return;
            };
            let existing = self
                .person_by_email(&email)
                .filter(|p| p.org_id == org_id)
                .map(|p| p.id.clone());
            let pid = match existing {
                Some(pid) => pid,
                None => self.add_person(&org_id, &email, &sub.first_name, &sub.last_name, now),
            };
            if sub.first_admin {
                if let Some(p) = self.people.iter_mut().find(|p| p.id == pid) {
                    if !p.roles.iter().any(|r| r == FULL_ADMIN) {
                        p.roles.push(FULL_ADMIN.into());
                    }
                }
            }
            person_id = Some(pid);
        }
        let Some(s) = self.subscriber_mut(id) else {
            return;
        };
        s.due_ms = None;
        s.due_outcome = None;
        match outcome {
            DueOutcome::Provisioned => {
                s.person_id = person_id;
                s.errors.clear();
                Self::set_status(s, SubscriberStatus::Provisioned, now);
            }
            DueOutcome::ApprovalRequired => {
                s.errors = vec![SubscriberError {
                    error_code: Some(E_APPROVAL_REQUIRED),
                    description: Some(
                        "The customer organization requires external administrator approval: the customer's administrator must add the partner administrator as an external Full Administrator before the enterprise can be attached.".into(),
                    ),
                }];
                Self::set_status(s, SubscriberStatus::Error, now);
            }
            DueOutcome::Updated => {
                if let Some(u) = s.pending_update.take() {
                    apply_update(s, u);
                }
                Self::set_status(s, SubscriberStatus::Provisioned, now);
            }
        }
    }

    fn schedule(&mut self, id: &str, outcome: DueOutcome, now: u64) {
        let due = now + self.provisioning_ms;
        if let Some(s) = self.subscriber_mut(id) {
            s.due_ms = Some(due);
            s.due_outcome = Some(outcome);
            Self::set_status(s, SubscriberStatus::Provisioning, now);
        }
    }

    /// Sends an email to an end user.
    pub fn send_email(&mut self, to: &str, kind: &str, subscriber_id: &str, now: u64) {
        let (subject, button) = match kind {
            "consentMove" => (
                "Your Webex account is moving to your service provider",
                "Activate Account",
            ),
            _ => ("Confirm your email address for Webex", "Join Now"),
        };
        let id = self.new_id("email");
        self.emails.push(EmailRec {
            id,
            to: to.to_lowercase(),
            kind: kind.into(),
            subject: subject.into(),
            button: button.into(),
            subscriber_id: subscriber_id.into(),
            sent: iso(now),
        });
    }

    /// Makes sure the enterprise has a Webex org, attaching or creating one the way
    /// Webex does for the first subscriber.
    fn ensure_org(
        &mut self,
        sp_enterprise_id: &str,
        email: &str,
        caller_id: &str,
        now: u64,
    ) -> Result<OrgOutcome, Refusal> {
        let Some(ent) = self.enterprise(sp_enterprise_id).cloned() else {
            return Err(Refusal::new(404, "Unknown enterprise."));
        };
        if ent.org_id.is_some() {
            return Ok(OrgOutcome::Existing);
        }
        if let Some(org) = self.customer_org_of(email).cloned() {
            if self.org_has_enterprise(&org.id) {
                return Err(Refusal::new(
                    409,
                    "The organization of this email is already associated with another enterprise.",
                ));
            }
            if self.needs_approval(&org) && !self.has_full_admin(&org, caller_id) {
                return Ok(OrgOutcome::ApprovalRequired);
            }
            let active = org.licenses.iter().any(|l| l.status == "active");
            let role = if active {
                PROVISIONING_ADMIN
            } else {
                FULL_ADMIN
            };
            if let Some(o) = self.org_mut(&org.id) {
                if !o.admins.iter().any(|a| a.person_id == caller_id) {
                    o.admins.push(AdminRec {
                        person_id: caller_id.into(),
                        role: role.into(),
                    });
                }
            }
            self.set_enterprise_org(sp_enterprise_id, &org.id);
            return Ok(OrgOutcome::Attached);
        }
        let org_id = self.new_id("org");
        self.orgs.push(Org {
            id: org_id.clone(),
            display_name: ent.customer_name.clone(),
            kind: OrgKind::Customer,
            created_ms: now,
            verified_domains: Vec::new(),
            claimed_domains: Vec::new(),
            licenses: Vec::new(),
            admins: vec![AdminRec {
                person_id: caller_id.into(),
                role: FULL_ADMIN.into(),
            }],
        });
        self.set_enterprise_org(sp_enterprise_id, &org_id);
        Ok(OrgOutcome::Created)
    }

    fn set_enterprise_org(&mut self, sp_enterprise_id: &str, org_id: &str) {
        if let Some(e) = self
            .enterprises
            .iter_mut()
            .find(|e| e.sp_enterprise_id == sp_enterprise_id)
        {
            e.org_id = Some(org_id.into());
        }
    }

    /// The subscriber has a confirmed email: on to consent, provisioning or error 2017.
    fn proceed_with_email(
        &mut self,
        sub_id: &str,
        caller_id: &str,
        now: u64,
    ) -> Result<(), Refusal> {
        let Some(sub) = self.subscriber(sub_id).cloned() else {
            return Err(Refusal::new(404, "Subscriber not found."));
        };
        let Some(email) = sub.email.clone() else {
            return Err(Refusal::new(400, "The subscriber has no email yet."));
        };
        match self.ensure_org(&sub.sp_enterprise_id, &email, caller_id, now)? {
            OrgOutcome::ApprovalRequired => {
                self.schedule(sub_id, DueOutcome::ApprovalRequired, now);
                return Ok(());
            }
            OrgOutcome::Created => {
                if let Some(s) = self.subscriber_mut(sub_id) {
                    s.first_admin = true;
                }
            }
            OrgOutcome::Existing | OrgOutcome::Attached => {}
        }
        if self.consumer_account(&email).is_some() && !sub.consented {
            if let Some(s) = self.subscriber_mut(sub_id) {
                Self::set_status(s, SubscriberStatus::PendingUserMigration, now);
            }
            self.send_email(&email, "consentMove", sub_id, now);
            return Ok(());
        }
        self.schedule(sub_id, DueOutcome::Provisioned, now);
        Ok(())
    }

    /// `POST /broadworks/subscribers` (and self-activation).
    pub fn provision(
        &mut self,
        new: NewSub,
        caller_id: &str,
        now: u64,
    ) -> Result<SubscriberRec, Refusal> {
        let b = new.body;
        for (name, value) in [
            ("provisioningId", &b.provisioning_id),
            ("userId", &b.user_id),
            ("spEnterpriseId", &b.sp_enterprise_id),
            ("firstName", &b.first_name),
            ("lastName", &b.last_name),
        ] {
            if value.trim().is_empty() {
                return Err(Refusal::coded(
                    400,
                    E_NULL_PARAMETER,
                    format!("Mandatory parameter '{name}' is missing."),
                ));
            }
            if value.len() > 256 {
                return Err(Refusal::coded(
                    400,
                    E_PARAMETER_SIZE,
                    format!("Parameter '{name}' is longer than 256 characters."),
                ));
            }
        }
        let Some(template) = self
            .templates
            .iter()
            .find(|t| t.provisioning_id == b.provisioning_id)
            .cloned()
        else {
            return Err(Refusal::new(400, "Invalid provisioningId."));
        };
        if b.primary_phone_number.is_none() && b.extension.is_none() {
            return Err(Refusal::coded(
                400,
                E_NULL_PARAMETER,
                "A subscriber needs a primaryPhoneNumber or an extension.",
            ));
        }
        if self
            .subscribers
            .iter()
            .any(|s| s.sp_enterprise_id == b.sp_enterprise_id && s.user_id == b.user_id)
        {
            return Err(Refusal::coded(
                409,
                E_ALREADY_ASSOCIATED,
                "The BroadWorks UserID is already associated with an existing user",
            ));
        }
        let email_used = (template.trusted_emails || new.self_activated)
            .then(|| b.email.clone().map(|e| e.trim().to_lowercase()))
            .flatten()
            .filter(|e| !e.is_empty());
        if template.trusted_emails && email_used.is_none() {
            return Err(Refusal::coded(
                400,
                E_NULL_PARAMETER,
                "Mandatory parameter 'email' is missing: this template uses trusted emails.",
            ));
        }
        if let Some(e) = &email_used {
            if !e.contains('@') {
                return Err(Refusal::new(400, "Invalid parameter 'email'."));
            }
        }
        if self.enterprise(&b.sp_enterprise_id).is_none() {
            let id = self.new_id("enterprise");
            let customer_name = self.customer_name(&b.sp_enterprise_id);
            self.enterprises.push(EnterpriseRec {
                id,
                sp_enterprise_id: b.sp_enterprise_id.clone(),
                org_id: None,
                provisioning_id: b.provisioning_id.clone(),
                customer_name,
            });
        }
        let id = self.new_id("sub");
        self.subscribers.push(SubscriberRec {
            id: id.clone(),
            person_id: None,
            user_id: b.user_id.clone(),
            sp_enterprise_id: b.sp_enterprise_id.clone(),
            first_name: b.first_name.clone(),
            last_name: b.last_name.clone(),
            email: email_used.clone(),
            primary_phone_number: b.primary_phone_number.clone(),
            mobile_phone_number: b.mobile_phone_number.clone(),
            extension: b.extension.clone(),
            package: b.package,
            status: SubscriberStatus::PendingEmailInput,
            errors: Vec::new(),
            created_ms: now,
            last_status_change_ms: now,
            provisioning_id: b.provisioning_id.clone(),
            self_activated: new.self_activated,
            due_ms: None,
            due_outcome: None,
            pending_update: None,
            consented: false,
            first_admin: false,
        });
        self.counters.subscribers_created += 1;
        if new.self_activated {
            if let Some(sub) = self.subscriber_mut(&id) {
                Self::set_status(sub, SubscriberStatus::PendingEmailValidation, now);
            }
            if let Some(email) = &email_used {
                self.send_email(email, "joinNow", &id, now);
            }
        } else if email_used.is_some() {
            if let Err(refusal) = self.proceed_with_email(&id, caller_id, now) {
                self.subscribers.retain(|s| s.id != id);
                self.counters.subscribers_created -= 1;
                return Err(refusal);
            }
        }
        self.subscriber(&id)
            .cloned()
            .ok_or_else(|| Refusal::new(500, "The subscriber vanished."))
    }

    /// `POST /broadworks/subscribers/validate`.
    pub fn precheck(
        &self,
        req: &webex::model::PrecheckRequest,
        caller_id: &str,
    ) -> Result<Vec<(i64, String)>, Refusal> {
        let email = req.email.trim().to_lowercase();
        if email.is_empty() {
            return Err(Refusal::coded(
                400,
                E_NULL_PARAMETER,
                "Mandatory parameter 'email' is missing.",
            ));
        }
        if !email.contains('@') {
            return Err(Refusal::new(400, "Invalid parameter 'email'."));
        }
        if let Some(p) = &req.provisioning_id {
            if !self.templates.iter().any(|t| &t.provisioning_id == p) {
                return Err(Refusal::new(400, "Invalid provisioningId."));
            }
        }
        if let (Some(ent), Some(user)) = (&req.sp_enterprise_id, &req.user_id) {
            if self
                .subscribers
                .iter()
                .any(|s| &s.sp_enterprise_id == ent && &s.user_id == user)
            {
                return Err(Refusal::coded(
                    409,
                    E_ALREADY_ASSOCIATED,
                    "The BroadWorks UserID is already associated with an existing user",
                ));
            }
        }
        let mut info = vec![(
            INFO_OK,
            "Provisioning preCheck validation successful.".to_string(),
        )];
        if self.consumer_account(&email).is_some() {
            info.push((INFO_SIM_EXISTING_ACCOUNT, "[simulator] An existing Webex account uses this email: the user will be asked to consent to the move.".into()));
        }
        let ent_has_org = req
            .sp_enterprise_id
            .as_deref()
            .and_then(|e| self.enterprise(e))
            .is_some_and(|e| e.org_id.is_some());
        if !ent_has_org {
            match self.customer_org_of(&email) {
                Some(org) => {
                    info.push((INFO_SIM_EXISTING_ORG, "[simulator] This email belongs to a user of an existing customer organization: the enterprise will be attached to it.".into()));
                    if self.needs_approval(org) && !self.has_full_admin(org, caller_id) {
                        info.push((INFO_SIM_APPROVAL_NEEDED, "[simulator] Attaching to that organization needs the customer's approval: the partner administrator must first be added as an external Full Administrator.".into()));
                    }
                }
                None if req.sp_enterprise_id.is_some() => {
                    info.push((INFO_SIM_NEW_ORG, "[simulator] No organization matches this email: a new customer organization will be created.".into()));
                }
                None => {}
            }
        }
        Ok(info)
    }

    /// `PUT /broadworks/subscribers/{id}`: the answer shows the old values, `updating`.
    pub fn update(
        &mut self,
        id: &str,
        update: webex::model::SubscriberUpdate,
        now: u64,
    ) -> Result<SubscriberRec, Refusal> {
        let due = now + self.provisioning_ms;
        let Some(s) = self.subscriber_mut(id) else {
            return Err(Refusal::new(404, "Subscriber not found."));
        };
        if s.status != SubscriberStatus::Provisioned {
            return Err(Refusal::new(
                409,
                "Only a provisioned subscriber can be updated.",
            ));
        }
        let clears_phone = update.primary_phone_number.as_deref() == Some("");
        let clears_ext = update.extension.as_deref() == Some("");
        let phone_left = !clears_phone
            && (update.primary_phone_number.is_some() || s.primary_phone_number.is_some());
        let ext_left = !clears_ext && (update.extension.is_some() || s.extension.is_some());
        if !phone_left && !ext_left {
            return Err(Refusal::new(
                400,
                "A subscriber must keep a primaryPhoneNumber or an extension.",
            ));
        }
        s.pending_update = Some(update);
        s.due_ms = Some(due);
        s.due_outcome = Some(DueOutcome::Updated);
        Self::set_status(s, SubscriberStatus::Updating, now);
        Ok(s.clone())
    }

    /// `DELETE /broadworks/subscribers/{id}`: removes the mapping (the Webex user stays).
    pub fn remove(&mut self, id: &str) -> Result<(), Refusal> {
        let before = self.subscribers.len();
        self.subscribers.retain(|s| s.id != id);
        if self.subscribers.len() == before {
            return Err(Refusal::new(404, "Subscriber not found."));
        }
        self.emails.retain(|e| e.subscriber_id != id);
        Ok(())
    }

    /// `POST /subscribers/{id}/emails/consentMove`.
    pub fn resend_consent(&mut self, id: &str, now: u64) -> Result<(), Refusal> {
        let Some(s) = self.subscriber(id) else {
            return Err(Refusal::new(404, "Subscriber not found."));
        };
        if s.status != SubscriberStatus::PendingUserMigration {
            return Err(Refusal::new(409, "The subscriber is not waiting for the user's consent (status must be pending_user_migration)."));
        }
        let Some(email) = s.email.clone() else {
            return Err(Refusal::new(409, "The subscriber has no email."));
        };
        self.send_email(&email, "consentMove", id, now);
        Ok(())
    }

    /// `POST /broadworks/workspaces`.
    pub fn provision_workspace(
        &mut self,
        w: webex::model::NewWorkspace,
        now: u64,
    ) -> Result<WorkspaceRec, Refusal> {
        for (name, value) in [
            ("provisioningId", &w.provisioning_id),
            ("userId", &w.user_id),
            ("spEnterpriseId", &w.sp_enterprise_id),
            ("displayName", &w.display_name),
        ] {
            if value.trim().is_empty() {
                return Err(Refusal::coded(
                    400,
                    E_NULL_PARAMETER,
                    format!("Mandatory parameter '{name}' is missing."),
                ));
            }
        }
        if !self
            .templates
            .iter()
            .any(|t| t.provisioning_id == w.provisioning_id)
        {
            return Err(Refusal::new(400, "Invalid provisioningId."));
        }
        if self
            .enterprise(&w.sp_enterprise_id)
            .is_none_or(|e| e.org_id.is_none())
        {
            return Err(Refusal::new(
                404,
                "The enterprise has no Webex organization yet: provision a subscriber first.",
            ));
        }
        if self
            .workspaces
            .iter()
            .any(|x| x.sp_enterprise_id == w.sp_enterprise_id && x.user_id == w.user_id)
        {
            return Err(Refusal::coded(
                409,
                E_ALREADY_ASSOCIATED,
                "The BroadWorks UserID is already associated with an existing workspace",
            ));
        }
        let rec = WorkspaceRec {
            id: self.new_id("ws"),
            provisioning_id: w.provisioning_id,
            user_id: w.user_id,
            sp_enterprise_id: w.sp_enterprise_id,
            display_name: w.display_name,
            primary_phone_number: w.primary_phone_number,
            extension: w.extension,
            created_ms: now,
        };
        self.workspaces.push(rec.clone());
        Ok(rec)
    }

    /// `PUT /broadworks/workspaces/{id}`.
    pub fn update_workspace(
        &mut self,
        id: &str,
        u: webex::model::WorkspaceUpdate,
    ) -> Result<WorkspaceRec, Refusal> {
        let Some(w) = self.workspaces.iter_mut().find(|w| w.id == id) else {
            return Err(Refusal::new(404, "Workspace not found."));
        };
        if let Some(v) = u.user_id {
            w.user_id = v;
        }
        if let Some(v) = u.primary_phone_number {
            w.primary_phone_number = (!v.is_empty()).then_some(v);
        }
        if let Some(v) = u.extension {
            w.extension = (!v.is_empty()).then_some(v);
        }
        Ok(w.clone())
    }

    /// `DELETE /broadworks/workspaces/{id}`.
    pub fn remove_workspace(&mut self, id: &str) -> Result<(), Refusal> {
        let before = self.workspaces.len();
        self.workspaces.retain(|w| w.id != id);
        if before == self.workspaces.len() {
            return Err(Refusal::new(404, "Workspace not found."));
        }
        Ok(())
    }

    // ----- the end user's and the customer admin's actions (/sim) -----

    /// Untrusted flow: the user enters an email on the activation page.
    pub fn enter_email(
        &mut self,
        sub_id: &str,
        email: &str,
        now: u64,
    ) -> Result<SubscriberRec, Refusal> {
        let email = email.trim().to_lowercase();
        if !email.contains('@') {
            return Err(Refusal::new(400, "That is not an email address."));
        }
        let Some(s) = self.subscriber_mut(sub_id) else {
            return Err(Refusal::new(404, "Subscriber not found."));
        };
        if !matches!(
            s.status,
            SubscriberStatus::PendingEmailInput | SubscriberStatus::PendingEmailValidation
        ) {
            return Err(Refusal::new(
                409,
                "This subscriber is not waiting for an email.",
            ));
        }
        s.email = Some(email.clone());
        Self::set_status(s, SubscriberStatus::PendingEmailValidation, now);
        let s = s.clone();
        self.send_email(&email, "joinNow", sub_id, now);
        Ok(s)
    }

    /// The user clicks Join Now in the validation email.
    pub fn join_now(&mut self, sub_id: &str, now: u64) -> Result<SubscriberRec, Refusal> {
        let Some(s) = self.subscriber(sub_id) else {
            return Err(Refusal::new(404, "Subscriber not found."));
        };
        if s.status != SubscriberStatus::PendingEmailValidation {
            return Err(Refusal::new(
                409,
                "This subscriber has no email to validate.",
            ));
        }
        self.require_email(sub_id, "joinNow")?;
        let caller = self.signed_in_person_id.clone();
        self.proceed_with_email(sub_id, &caller, now)?;
        self.subscriber(sub_id)
            .cloned()
            .ok_or_else(|| Refusal::new(404, "Subscriber not found."))
    }

    fn require_email(&self, sub_id: &str, kind: &str) -> Result<(), Refusal> {
        if self
            .emails
            .iter()
            .any(|e| e.subscriber_id == sub_id && e.kind == kind)
        {
            Ok(())
        } else {
            Err(Refusal::new(
                409,
                format!("No {kind} email was sent for this subscriber."),
            ))
        }
    }

    /// The user clicks Activate Account in the consent email (consents to the move).
    pub fn activate_account(&mut self, sub_id: &str) -> Result<SubscriberRec, Refusal> {
        self.require_email(sub_id, "consentMove")?;
        let Some(s) = self.subscriber_mut(sub_id) else {
            return Err(Refusal::new(404, "Subscriber not found."));
        };
        if s.status != SubscriberStatus::PendingUserMigration {
            return Err(Refusal::new(
                409,
                "This subscriber is not waiting for consent.",
            ));
        }
        s.consented = true;
        Ok(s.clone())
    }

    /// The user signs in to their existing Webex account.
    pub fn log_in(&mut self, email: &str) -> Result<(), Refusal> {
        let email = email.to_lowercase();
        let Some(p) = self.people.iter_mut().find(|p| p.email == email) else {
            return Err(Refusal::new(404, "No Webex account has this email."));
        };
        p.logged_in = true;
        Ok(())
    }

    /// The user deletes their old (consumer) account after consenting; the subscriber
    /// goes on to `provisioning` with the same email.
    pub fn delete_old_account(
        &mut self,
        email: &str,
        now: u64,
    ) -> Result<Vec<SubscriberRec>, Refusal> {
        let email = email.to_lowercase();
        let Some(account) = self.consumer_account(&email).cloned() else {
            return Err(Refusal::new(
                404,
                "No free or self-signup Webex account has this email.",
            ));
        };
        if !account.logged_in {
            return Err(Refusal::new(409, "Log in to the old account first."));
        }
        let waiting: Vec<String> = self
            .subscribers
            .iter()
            .filter(|s| {
                s.email.as_deref() == Some(email.as_str())
                    && s.status == SubscriberStatus::PendingUserMigration
            })
            .map(|s| s.id.clone())
            .collect();
        if waiting.is_empty()
            || !waiting
                .iter()
                .all(|id| self.subscriber(id).is_some_and(|s| s.consented))
        {
            return Err(Refusal::new(
                409,
                "Click Activate Account in the consent email first.",
            ));
        }
        self.people.retain(|p| p.id != account.id);
        for id in &waiting {
            self.schedule(id, DueOutcome::Provisioned, now);
        }
        Ok(waiting
            .iter()
            .filter_map(|id| self.subscriber(id).cloned())
            .collect())
    }

    /// Self-activation: the user enters an email on the activation portal.
    pub fn self_activate(
        &mut self,
        sp_enterprise_id: &str,
        user_id: &str,
        email: &str,
        provisioning_id: Option<&str>,
        now: u64,
    ) -> Result<SubscriberRec, Refusal> {
        let Some(user) = self
            .broadworks_users
            .iter()
            .find(|u| u.sp_enterprise_id == sp_enterprise_id && u.user_id == user_id)
            .cloned()
        else {
            return Err(Refusal::new(
                404,
                "No such BroadWorks user: self-activation needs an existing BroadWorks account.",
            ));
        };
        let provisioning_id = provisioning_id
            .map(str::to_string)
            .or_else(|| {
                self.enterprise(sp_enterprise_id)
                    .map(|e| e.provisioning_id.clone())
            })
            .or_else(|| self.templates.first().map(|t| t.provisioning_id.clone()))
            .ok_or_else(|| Refusal::new(400, "No template to activate with."))?;
        let caller = self.signed_in_person_id.clone();
        self.provision(
            NewSub {
                body: webex::model::NewSubscriber {
                    provisioning_id,
                    user_id: user.user_id,
                    sp_enterprise_id: user.sp_enterprise_id,
                    first_name: user.first_name,
                    last_name: user.last_name,
                    package: Package::Standard,
                    primary_phone_number: user.primary_phone_number,
                    mobile_phone_number: None,
                    extension: user.extension,
                    email: Some(email.into()),
                    language: None,
                    timezone: None,
                },
                self_activated: true,
            },
            &caller,
            now,
        )
    }

    /// The customer admin adds a partner admin as an external administrator (Control Hub).
    pub fn add_external_admin(
        &mut self,
        org_id: &str,
        email: &str,
        role: &str,
    ) -> Result<(), Refusal> {
        let Some(person) = self.person_by_email(email).cloned() else {
            return Err(Refusal::new(404, "No Webex user has this email."));
        };
        let Some(org) = self.org(org_id) else {
            return Err(Refusal::new(404, "No such organization."));
        };
        if org.kind != OrgKind::Customer {
            return Err(Refusal::new(
                400,
                "Only a customer organization has external administrators.",
            ));
        }
        if person.org_id == org_id {
            return Err(Refusal::new(
                400,
                "That person belongs to this organization: they are not external.",
            ));
        }
        if self
            .org(&person.org_id)
            .is_some_and(|o| o.kind == OrgKind::Consumer)
        {
            return Err(Refusal::new(
                400,
                "Users of a consumer organization cannot be external administrators.",
            ));
        }
        if !ROLES.iter().any(|(id, _)| *id == role) {
            return Err(Refusal::new(400, "Unknown role."));
        }
        let Some(org) = self.org_mut(org_id) else {
            return Err(Refusal::new(404, "No such organization."));
        };
        org.admins.retain(|a| a.person_id != person.id);
        org.admins.push(AdminRec {
            person_id: person.id,
            role: role.into(),
        });
        Ok(())
    }

    /// A token for a person (demo sign-in).
    pub fn issue_token(&mut self, person_id: &str, now: u64) -> String {
        self.issue_token_expiring(person_id, now, None)
    }

    /// A token that stops working at `expires_ms` (OAuth sign-in).
    pub fn issue_token_expiring(
        &mut self,
        person_id: &str,
        now: u64,
        expires_ms: Option<u64>,
    ) -> String {
        let token = format!("sim-demo-{}", uuid::Uuid::new_v4().simple());
        self.tokens.push(TokenRec {
            token: token.clone(),
            person_id: person_id.into(),
            issued_ms: now,
            expires_ms,
        });
        token
    }

    /// Makes a token stop working (a replayed authorization code revokes its tokens).
    pub fn revoke_token(&mut self, token: &str) {
        self.tokens.retain(|t| t.token != token);
    }
}

fn apply_update(s: &mut SubscriberRec, u: webex::model::SubscriberUpdate) {
    let keep = |v: String| (!v.is_empty()).then_some(v);
    if let Some(v) = u.user_id {
        s.user_id = v;
    }
    if let Some(v) = u.first_name {
        s.first_name = v;
    }
    if let Some(v) = u.last_name {
        s.last_name = v;
    }
    if let Some(v) = u.primary_phone_number {
        s.primary_phone_number = keep(v);
    }
    if let Some(v) = u.mobile_phone_number {
        s.mobile_phone_number = keep(v);
    }
    if let Some(v) = u.extension {
        s.extension = keep(v);
    }
    if let Some(v) = u.package {
        s.package = v;
    }
}

/// Real time as epoch ms (the clock's base).
pub fn real_now_ms() -> u64 {
    now_real_ms()
}
