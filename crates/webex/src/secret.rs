//! A secret (refresh token, client secret, personal access token) that never shows in
//! logs or errors: `Debug` prints `***`, and it has no `Serialize`, so it cannot be
//! written to the database or sent to the webview by accident.

use std::fmt;

/// A secret string. Read it with [`Secret::expose`] only where it is sent or stored in
/// the keychain.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The raw value, for a request or the keychain only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when there is nothing in it (after trimming spaces).
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// The same secret without surrounding spaces and line breaks (pasted values).
    pub fn trimmed(&self) -> Secret {
        Secret(self.0.trim().to_string())
    }

    /// Compares in time that does not depend on where the values differ.
    pub fn matches(&self, other: &str) -> bool {
        constant_time_eq(self.0.as_bytes(), other.as_bytes())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<&crate::AccessToken> for Secret {
    fn from(t: &crate::AccessToken) -> Self {
        Secret(t.expose().to_string())
    }
}

impl From<&Secret> for crate::AccessToken {
    fn from(s: &Secret) -> Self {
        crate::AccessToken::new(s.expose())
    }
}

/// Equal bytes, compared without an early exit.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_tokens_and_clients_never_show_them_in_debug_output() {
        let s = Secret::new("refresh-xyz");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{:?}", Some(s)), "Some(Secret(***))");
        let token = crate::AccessToken::new("secret-value-123");
        assert_eq!(format!("{token:?}"), "AccessToken(***)");
        let client = crate::Client::new("http://127.0.0.1:1/v1", token).unwrap();
        assert!(!format!("{client:?}").contains("secret-value-123"));
    }

    #[test]
    fn secrets_compare_by_value() {
        let s = Secret::new("abc");
        assert!(s.matches("abc"));
        assert!(!s.matches("abd"));
        assert!(!s.matches("ab"));
    }
}
