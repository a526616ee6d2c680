//! An error of a rule, with Webex's error codes; the HTTP layer words it as Webex does.

/// Webex error code: the user id is already mapped in the enterprise.
pub const E_ALREADY_ASSOCIATED: i64 = 10022;
/// Simulator's choice (UNCONFIRMED in public sources): approval by the customer needed.
pub const E_APPROVAL_REQUIRED: i64 = 2017;
/// Mandatory parameter missing.
pub const E_NULL_PARAMETER: i64 = 1001;
/// Parameter too long.
pub const E_PARAMETER_SIZE: i64 = 1002;

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

impl Refusal {
    /// 404 for a subscriber id that is not there.
    pub fn no_subscriber() -> Refusal {
        Refusal::new(404, "Subscriber not found.")
    }

    /// 400 for a `provisioningId` that names no template.
    pub fn unknown_template() -> Refusal {
        Refusal::new(400, "Invalid provisioningId.")
    }

    /// 409 with 10022: the BroadWorks user id is already mapped (`to`: "user", "workspace").
    pub fn already_associated(to: &str) -> Refusal {
        Refusal::coded(
            409,
            E_ALREADY_ASSOCIATED,
            format!("The BroadWorks UserID is already associated with an existing {to}"),
        )
    }
}

/// Each mandatory `(name, value)` must be given (1001) and, with `max_len`, be no
/// longer (1002); the first one that is not is refused.
pub(super) fn require_params(
    params: &[(&str, &str)],
    max_len: Option<usize>,
) -> Result<(), Refusal> {
    for (name, value) in params {
        if value.trim().is_empty() {
            return Err(Refusal::coded(
                400,
                E_NULL_PARAMETER,
                format!("Mandatory parameter '{name}' is missing."),
            ));
        }
        if let Some(max) = max_len.filter(|max| value.len() > *max) {
            return Err(Refusal::coded(
                400,
                E_PARAMETER_SIZE,
                format!("Parameter '{name}' is longer than {max} characters."),
            ));
        }
    }
    Ok(())
}
