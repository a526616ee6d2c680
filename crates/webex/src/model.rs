//! Webex API model types, following Cisco's OpenAPI specifications
//! (`webex-broadworks.json`, `webex-admin-subset.json`): camelCase field names, the
//! documented enums, optional fields where the schema marks nothing required. The
//! schemas mark no field required at all; only ids and a subscriber's `status` must be
//! present, other text a mock may leave out reads as empty.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

/// A person (`GET /people/me`, `GET /people/{id}`, `GET /people?email=`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: String,
    #[serde(default)]
    pub emails: Vec<String>,
    pub display_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub org_id: Option<String>,
    /// Role ids (see `GET /roles`); only on `GET /people/{id}` and `/people/me`. Cisco's
    /// example packs two ids into one comma-separated entry; they are split.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::lenient::id_list"
    )]
    pub roles: Vec<String>,
    /// License ids, split as `roles` are.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "crate::lenient::id_list"
    )]
    pub licenses: Vec<String>,
    pub created: Option<String>,
    /// The spec gives this flag as the string `"true"`/`"false"`; live Webex sends a
    /// JSON boolean. Both are read.
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    pub invite_pending: Option<bool>,
    /// As `invite_pending`: a string in the spec, a boolean from live Webex.
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    pub login_enabled: Option<bool>,
    /// `person`, `bot` or `appuser`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

/// `GET /people` answer.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonList {
    #[serde(default)]
    pub items: Vec<Person>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_found_ids: Vec<String>,
}

/// An administrator role (`GET /roles`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// A Webex organization (`GET /organizations`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    pub id: String,
    pub display_name: Option<String>,
    pub created: Option<String>,
}

/// A license of an organization (`GET /licenses?orgId=`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct License {
    pub id: String,
    pub name: Option<String>,
    pub total_units: Option<f64>,
    pub consumed_units: Option<f64>,
    pub consumed_by_users: Option<f64>,
    pub consumed_by_workspaces: Option<f64>,
    pub subscription_id: Option<String>,
}

/// A partner administrator of a customer org (`GET /partner/organizations/{orgId}/partnerAdmins`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PartnerAdminUser {
    pub id: String,
    pub display_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    #[serde(default)]
    pub emails: Vec<String>,
    /// A role code such as `id_full_admin`.
    pub role_in_customer_org: Option<String>,
}

/// Any `{"items": [...]}` answer, read leniently (see [`crate::lenient::list`]): also a
/// bare array, a bare item, or an envelope without `items`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Items<T> {
    pub items: Vec<T>,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Items<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::lenient::list(d).map(|items| Items { items })
    }
}

/// Provisioning status of a BroadWorks subscriber: the spec's seven values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriberStatus {
    /// Paused until the user enters an email (untrusted-email flow).
    PendingEmailInput,
    /// Paused: email entered, validation not finished.
    PendingEmailValidation,
    /// Paused: consent email sent to a user with an existing Webex account.
    PendingUserMigration,
    Provisioning,
    Provisioned,
    Updating,
    /// Failed in the background; see the subscriber's `errors`.
    Error,
    /// A status that is not one of the spec's seven (one Cisco adds later): read as such
    /// rather than making the whole answer unreadable. Never sent, never asked for.
    #[serde(other)]
    Unknown,
}

impl SubscriberStatus {
    /// Every status, in the spec's order.
    pub const ALL: [SubscriberStatus; 7] = [
        SubscriberStatus::PendingEmailInput,
        SubscriberStatus::PendingEmailValidation,
        SubscriberStatus::PendingUserMigration,
        SubscriberStatus::Provisioning,
        SubscriberStatus::Provisioned,
        SubscriberStatus::Updating,
        SubscriberStatus::Error,
    ];

    /// The wire name, e.g. `pending_email_input`.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriberStatus::PendingEmailInput => "pending_email_input",
            SubscriberStatus::PendingEmailValidation => "pending_email_validation",
            SubscriberStatus::PendingUserMigration => "pending_user_migration",
            SubscriberStatus::Provisioning => "provisioning",
            SubscriberStatus::Provisioned => "provisioned",
            SubscriberStatus::Updating => "updating",
            SubscriberStatus::Error => "error",
            SubscriberStatus::Unknown => "unknown",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<SubscriberStatus> {
        SubscriberStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A Webex for BroadWorks package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Package {
    Softphone,
    Basic,
    Standard,
    Premium,
}

/// An asynchronous provisioning error in a subscriber's `errors` (schema `Error`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriberError {
    #[serde(default, deserialize_with = "crate::lenient::optional_int")]
    pub error_code: Option<i64>,
    pub description: Option<String>,
}

/// A BroadWorks subscriber mapped to Webex (`/broadworks/subscribers`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscriber {
    pub id: String,
    /// Only present once `provisioned`.
    pub person_id: Option<String>,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub sp_enterprise_id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub primary_phone_number: Option<String>,
    pub mobile_phone_number: Option<String>,
    pub extension: Option<String>,
    /// A package this app does not know (one Cisco adds later) reads as none rather than
    /// making the whole subscriber unreadable.
    #[serde(default, deserialize_with = "crate::lenient::known")]
    pub package: Option<Package>,
    pub status: SubscriberStatus,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<SubscriberError>,
    pub created: Option<String>,
    pub last_status_change: Option<String>,
    pub provisioning_id: Option<String>,
    /// The schema says boolean; Cisco's own example sends `"false"`, so both are read.
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    pub self_activated: Option<bool>,
}

impl Subscriber {
    /// The Webex error codes in `errors`.
    pub fn error_codes(&self) -> Vec<i64> {
        self.errors.iter().filter_map(|e| e.error_code).collect()
    }
}

/// True for an optional text left out or blank. Creating and checking bodies leave such
/// a field out rather than send `""`: an empty email or phone number is not a value
/// Webex can provision with. (Update bodies keep `""`: there the spec says an empty
/// value removes the field.)
fn blank(value: &Option<String>) -> bool {
    value.as_deref().is_none_or(|v| v.trim().is_empty())
}

/// Body of `POST /broadworks/subscribers`. Blank optional fields are not sent.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewSubscriber {
    pub provisioning_id: String,
    pub user_id: String,
    pub sp_enterprise_id: String,
    pub first_name: String,
    pub last_name: String,
    pub package: Package,
    #[serde(default, skip_serializing_if = "blank")]
    pub primary_phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub mobile_phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub extension: Option<String>,
    /// Required by the trusted-email flow.
    #[serde(default, skip_serializing_if = "blank")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub timezone: Option<String>,
}

/// Body of `PUT /broadworks/subscribers/{id}`: only the fields to change.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriberUpdate {
    pub user_id: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub primary_phone_number: Option<String>,
    pub mobile_phone_number: Option<String>,
    pub extension: Option<String>,
    pub timezone: Option<String>,
    pub package: Option<Package>,
}

/// The customer a precheck is about (`customerInfo`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerInfo {
    pub primary_email: String,
}

/// Body of `POST /broadworks/subscribers/validate`: only `email` is required. Blank
/// optional fields are not sent.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrecheckRequest {
    pub email: String,
    #[serde(default, skip_serializing_if = "blank")]
    pub provisioning_id: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub sp_enterprise_id: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub last_name: Option<String>,
    pub package: Option<Package>,
    #[serde(default, skip_serializing_if = "blank")]
    pub primary_phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub mobile_phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub extension: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub timezone: Option<String>,
    pub customer_info: Option<CustomerInfo>,
}

/// One finding of a precheck (`infoCode` 100 is success).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrecheckInfo {
    /// An integer in the spec; read from a float or a string too. None when it is
    /// missing or not a whole number (a mock's `14983117.33`): a note this app does not
    /// know, rather than an answer it cannot read.
    #[serde(default, deserialize_with = "crate::lenient::optional_int")]
    pub info_code: Option<i64>,
    pub description: Option<String>,
}

/// Answer of a precheck. The schema says `info` is one object, Cisco's example sends a
/// list; both are read into `info`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrecheckResponse {
    pub message: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub info: Vec<PrecheckInfo>,
}

impl PrecheckResponse {
    /// The info codes found (notes without a readable code are left out).
    pub fn info_codes(&self) -> Vec<i64> {
        self.info.iter().filter_map(|i| i.info_code).collect()
    }
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<PrecheckInfo>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        Many(Vec<PrecheckInfo>),
        One(PrecheckInfo),
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        None => Vec::new(),
        Some(OneOrMany::Many(v)) => v,
        Some(OneOrMany::One(i)) => vec![i],
    })
}

/// Directory-sync state of an enterprise.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectorySync {
    #[serde(default, deserialize_with = "crate::lenient::flag")]
    pub enable_dir_sync: Option<bool>,
    pub directory_sync_status: Option<DirectorySyncStatus>,
}

/// Last directory-sync result (only the fields this app reads).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectorySyncStatus {
    pub sync_status: Option<String>,
    pub last_sync_start_time: Option<String>,
    pub last_sync_end_time: Option<String>,
}

/// A BroadWorks enterprise known to Webex (`GET /broadworks/enterprises`).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Enterprise {
    pub id: String,
    /// The customer's Webex org.
    pub org_id: Option<String>,
    #[serde(default)]
    pub sp_enterprise_id: String,
    pub provisioning_id: Option<String>,
    pub broadworks_directory_sync: Option<DirectorySync>,
}

/// Body of `POST /broadworks/workspaces`. Blank optional fields are not sent.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewWorkspace {
    pub provisioning_id: String,
    pub user_id: String,
    pub sp_enterprise_id: String,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "blank")]
    pub primary_phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "blank")]
    pub extension: Option<String>,
}

/// Body of `PUT /broadworks/workspaces/{id}`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceUpdate {
    pub user_id: Option<String>,
    pub primary_phone_number: Option<String>,
    pub extension: Option<String>,
}

/// A BroadWorks workspace (schema `WorkspaceResponse`). There is no API to list them.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Workspace {
    pub id: String,
    pub provisioning_id: Option<String>,
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub sp_enterprise_id: String,
    pub display_name: Option<String>,
    pub primary_phone_number: Option<String>,
    pub extension: Option<String>,
    pub created: Option<String>,
}

/// The error body Webex sends with 4xx/5xx answers.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorDetail>,
    pub tracking_id: Option<String>,
}

/// One entry of an error body's `errors`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetail {
    pub description: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::optional_int")]
    pub error_code: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_optional_fields_of_a_new_subscriber_are_not_sent_but_an_update_keeps_them() {
        let new = NewSubscriber {
            provisioning_id: "p".into(),
            user_id: "u@sp".into(),
            sp_enterprise_id: "SP+acme".into(),
            first_name: "A".into(),
            last_name: "B".into(),
            package: Package::Basic,
            primary_phone_number: Some(" ".into()),
            mobile_phone_number: None,
            extension: Some("12".into()),
            email: Some(String::new()),
            language: None,
            timezone: None,
        };
        let sent = serde_json::to_value(&new).unwrap();
        let mut keys: Vec<&String> = sent.as_object().unwrap().keys().collect();
        keys.sort();
        let expected = [
            "extension",
            "firstName",
            "lastName",
            "package",
            "provisioningId",
            "spEnterpriseId",
            "userId",
        ];
        assert_eq!(keys, expected);
        let update = SubscriberUpdate {
            extension: Some(String::new()),
            ..SubscriberUpdate::default()
        };
        let sent = serde_json::to_value(&update).unwrap();
        assert_eq!(sent, serde_json::json!({ "extension": "" }));
    }
}
