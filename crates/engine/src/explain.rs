//! Webex answers in plain words: each API error and subscriber status becomes what
//! happened, who must act next, and what to do — never raw JSON or a bare HTTP status.

use crate::error_code::ErrorCode;
use serde::Serialize;
use ts_rs::TS;
use webex::model::{Subscriber, SubscriberStatus};
use webex::WebexError;

/// A Webex problem explained: a stable code, plain words, the next step, and the
/// details for Cisco support (shown in a "Details" disclosure).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Explained {
    pub code: ErrorCode,
    pub message: String,
    pub hint: String,
    /// Webex's own description, error codes and tracking id.
    pub details: String,
}

/// The partner admin email the customer must add, for the 2017 hint.
pub struct Context<'a> {
    pub partner_admin_email: Option<&'a str>,
}

fn approval_needed(ctx: &Context) -> (String, String) {
    let who = ctx
        .partner_admin_email
        .map(|e| format!(" ({e})"))
        .unwrap_or_default();
    (
        "Webex refused with error 2017. This usually means the customer's administrator must first approve you as an external Full Administrator of their Webex organization.".to_string(),
        format!(
            "Ask them to follow the wizard \"Give my partner Full Admin access\" and add your email{who} as an external administrator with Full Administrator rights. Then remove this user and provision them again."
        ),
    )
}

/// Explains a Webex error code (from an API answer or a subscriber's `errors`).
fn explain_code(code: i64, ctx: &Context) -> Option<(ErrorCode, String, String)> {
    Some(match code {
        2017 => {
            let (m, h) = approval_needed(ctx);
            (ErrorCode::CustomerApprovalNeeded, m, h)
        }
        10022 => (
            ErrorCode::AlreadyProvisioned,
            "This BroadWorks user is already linked to a Webex user.".into(),
            "Nothing more to send: look the user up and follow their status instead.".into(),
        ),
        1001 => (
            ErrorCode::MissingField,
            "Webex says a required field is empty.".into(),
            "Fill in every field marked as required, then try again.".into(),
        ),
        1002 => (
            ErrorCode::FieldTooLong,
            "Webex says a field is too long or too short.".into(),
            "Shorten the field named in the details, then try again.".into(),
        ),
        _ => return None,
    })
}

fn details(description: &str, codes: &[i64], tracking_id: Option<&str>) -> String {
    let mut out = description.to_string();
    if !codes.is_empty() {
        let list: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        out.push_str(&format!(" · Webex error code {}", list.join(", ")));
    }
    if let Some(t) = tracking_id.filter(|t| !t.is_empty()) {
        out.push_str(&format!(" · tracking id {t}"));
    }
    out
}

/// Explains an error from the Webex client.
pub fn explain_error(e: &WebexError, ctx: &Context) -> Explained {
    let codes = e.codes();
    if let Some((code, message, hint)) = codes.iter().find_map(|c| explain_code(*c, ctx)) {
        let description = match e {
            WebexError::Api { description, .. } => description.as_str(),
            _ => "",
        };
        return Explained {
            code,
            message,
            hint,
            details: details(description, codes, e.tracking_id()),
        };
    }
    let (code, message, hint): (ErrorCode, &str, &str) = match e {
        WebexError::Api { status: 401, .. } => (
            ErrorCode::SignInAgain,
            "Webex did not accept your sign-in; it may have expired.",
            "Sign in again, then try again.",
        ),
        WebexError::Api { status: 403, .. } => (
            ErrorCode::NotAllowed,
            "Your account is not allowed to do this in this organization.",
            "Check that you are signed in as a partner administrator of this customer, or ask the customer for external Full Administrator access.",
        ),
        WebexError::Api { status: 404, .. } => (
            ErrorCode::NotFound,
            "Webex cannot find it. It may have been removed already.",
            "Refresh the list and check the id.",
        ),
        WebexError::Api { status: 409, .. } => (
            ErrorCode::Conflict,
            "Webex refused this because it does not fit where things stand now: the user or workspace may already exist, or may not be at the step this needs.",
            "Look the user or workspace up to see where they stand (Details says what Webex expected), then try again.",
        ),
        WebexError::Api { status: 429 | 423, .. } => (
            ErrorCode::RateLimited,
            "Webex asked this app to slow down, and it kept asking.",
            "Wait a few minutes, then try again.",
        ),
        WebexError::Api { status, .. } if *status >= 500 => (
            ErrorCode::WebexUnavailable,
            "Webex had a problem and did not finish the request.",
            "Try again in a few minutes. If it keeps happening, give Cisco support the details below.",
        ),
        WebexError::Api { status: 400, .. } => (
            ErrorCode::Rejected,
            "Webex refused the request as it was sent.",
            "Check the fields against the details below, then try again.",
        ),
        WebexError::SignInExpired(_) => (
            ErrorCode::SignInExpired,
            "Your Webex sign-in has expired and could not be renewed.",
            "Sign in again, then try again.",
        ),
        WebexError::Decode(_) => (
            ErrorCode::WebexUnreadable,
            "Webex answered in a way this app could not read.",
            "Try again. If it keeps happening, give Cisco support the details below.",
        ),
        WebexError::InvalidRequest(_) => (
            ErrorCode::MissingField,
            "An id this needs is empty, so nothing was sent to Webex.",
            "Fill in the id, then try again.",
        ),
        WebexError::Network { .. } => (
            ErrorCode::WebexUnreachable,
            "This app could not reach Webex, so it does not know whether the request took effect.",
            "Check your connection. Then look the user up before trying again, so nothing is done twice.",
        ),
        _ => (
            ErrorCode::WebexError,
            "Webex answered in a way this app did not expect.",
            "Try again. If it keeps happening, give Cisco support the details below.",
        ),
    };
    let description = match e {
        WebexError::Api { description, .. } => description.clone(),
        other => other.to_string(),
    };
    Explained {
        code,
        message: message.into(),
        hint: hint.into(),
        details: details(&description, codes, e.tracking_id()),
    }
}

/// Where a subscriber stands, in plain words: what happens next and who must act.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusExplained {
    /// The wire status, e.g. `pending_email_input`.
    pub status: String,
    pub text: String,
    /// Who must act next (an actor id of the tables), when someone must.
    pub waiting_on: Option<String>,
    /// `provisioned`: nothing more to do.
    pub finished: bool,
    /// `error`: what went wrong and what to do.
    pub problem: Option<Explained>,
}

/// Explains a subscriber's status.
pub fn explain_status(s: &Subscriber, ctx: &Context) -> StatusExplained {
    let (text, waiting_on): (&str, Option<&str>) = match s.status {
        SubscriberStatus::PendingEmailInput => (
            "Waiting for the user: they must open the activation link they were sent and enter their email address.",
            Some("end_user"),
        ),
        SubscriberStatus::PendingEmailValidation => (
            "Waiting for the user: they must open the email from Webex and click Join Now to confirm their address.",
            Some("end_user"),
        ),
        SubscriberStatus::PendingUserMigration => (
            "Waiting for the user: they must open the email from Webex, click Activate Account, sign in to their old Webex account and delete it. You can send the email again.",
            Some("end_user"),
        ),
        SubscriberStatus::Provisioning => (
            "Webex is setting up the account. This can take a few minutes. Nobody needs to do anything.",
            Some("webex"),
        ),
        SubscriberStatus::Updating => (
            "Webex is applying a change. Nobody needs to do anything.",
            Some("webex"),
        ),
        SubscriberStatus::Provisioned => ("Done: the user has Webex for BroadWorks.", None),
        SubscriberStatus::Error => ("Provisioning failed.", None),
        SubscriberStatus::Unknown => (
            "Webex reports a status this app does not know yet. Look the user up in Partner Hub to see what it means; this app keeps reading it.",
            None,
        ),
    };
    let problem = (s.status == SubscriberStatus::Error).then(|| {
        let codes = s.error_codes();
        let description = s
            .errors
            .iter()
            .filter_map(|e| e.description.clone())
            .collect::<Vec<_>>()
            .join("; ");
        match codes.iter().find_map(|c| explain_code(*c, ctx)) {
            Some((code, message, hint)) => Explained {
                code,
                message,
                hint,
                details: details(&description, &codes, None),
            },
            None => Explained {
                code: ErrorCode::ProvisioningFailed,
                message: "Webex could not finish setting up this user.".into(),
                hint: "Read the details below. Fix what they name, then remove the user and provision them again.".into(),
                details: details(&description, &codes, None),
            },
        }
    });
    let waiting_on = match (&problem, waiting_on) {
        (Some(p), _) if p.code == ErrorCode::CustomerApprovalNeeded => {
            Some("customer_admin".to_string())
        }
        (Some(_), _) => Some("partner_admin".to_string()),
        (None, w) => w.map(str::to_string),
    };
    StatusExplained {
        status: s.status.as_str().into(),
        text: text.into(),
        waiting_on,
        finished: s.status == SubscriberStatus::Provisioned,
        problem,
    }
}
