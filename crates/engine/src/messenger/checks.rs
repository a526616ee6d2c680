//! Checks of single values: names for a notice, email addresses, the download address
//! and the sender.

use crate::messenger::MessengerError;
use crate::EngineError;

/// A name as it may stand in a notice's headers and body: control characters (CR, LF,
/// tab…) and the line and paragraph separators (U+2028, U+2029) become spaces, so a
/// name from the file can never add a header or a line to the email.
pub fn clean_name(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks that `value` is a plain email address (`name@example.com`), saying what is
/// wrong when it is not.
pub fn check_email(value: &str) -> Result<(), &'static str> {
    if value.chars().any(char::is_whitespace) {
        return Err("it has a space in it");
    }
    let Some((local, domain)) = value.split_once('@') else {
        return Err("it has no @");
    };
    if domain.contains('@') {
        return Err("it has more than one @");
    }
    if local.is_empty() {
        return Err("nothing comes before the @");
    }
    if domain.is_empty() {
        return Err("nothing comes after the @");
    }
    let allowed_local = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c);
    if !local.chars().all(allowed_local)
        || !domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err("it has a character that email addresses cannot have");
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("a dot is misplaced before the @");
    }
    if !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return Err("the part after the @ is not a domain like example.com");
    }
    Ok(())
}

/// Checks the client download address: a whole http or https web address.
pub fn check_download_url(value: &str) -> Result<String, EngineError> {
    let bad = |problem: &str| {
        EngineError::Messenger(MessengerError::DownloadUrl {
            url: value.into(),
            problem: problem.into(),
        })
    };
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(bad("it is empty"));
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("it has a space in it"));
    }
    let url = url::Url::parse(trimmed).map_err(|e| bad(&e.to_string()))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(bad("it must start with https:// or http://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("it names no web site"));
    }
    Ok(trimmed.to_string())
}

/// Checks the sender (From) address.
pub fn check_sender(value: &str) -> Result<String, EngineError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(EngineError::Messenger(MessengerError::Sender {
            value: value.into(),
            problem: "it is empty".into(),
        }));
    }
    check_email(trimmed).map_err(|why| {
        EngineError::Messenger(MessengerError::Sender {
            value: value.into(),
            problem: why.into(),
        })
    })?;
    Ok(trimmed.to_string())
}
