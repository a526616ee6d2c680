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
