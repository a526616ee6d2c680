//! The .eml file of a notice: RFC 5322 headers, RFC 2047 encoded words, quoted-printable.

use super::MessengerUser;
use base64::Engine as _;
use std::time::SystemTime;

/// The .eml text (RFC 5322, CRLF line ends): UTF-8 plain text, quoted-printable.
/// `X-Unsent: 1` makes Outlook open it as a draft, ready to send.
pub fn render_eml(
    user: &MessengerUser,
    sender: &str,
    subject: &str,
    body: &str,
    date: &str,
    message_id: &str,
) -> String {
    let name = format!("{} {}", user.first_name, user.last_name);
    let headers = [
        format!("From: {sender}"),
        format!("To: {} <{}>", display_name_header(&name), user.email),
        format!("Subject: {}", encode_words(subject)),
        format!("Date: {date}"),
        format!("Message-ID: {message_id}"),
        "MIME-Version: 1.0".to_string(),
        "Content-Type: text/plain; charset=UTF-8".to_string(),
        "Content-Transfer-Encoding: quoted-printable".to_string(),
        "X-Unsent: 1".to_string(),
    ];
    let mut out = headers.join("\r\n");
    out.push_str("\r\n\r\n");
    out.push_str(&quoted_printable(body));
    if !out.ends_with("\r\n") {
        out.push_str("\r\n");
    }
    out
}

/// A display name for a header: a quoted string when it is plain ASCII, else RFC 2047
/// encoded words.
fn display_name_header(name: &str) -> String {
    if name.chars().all(|c| (' '..='~').contains(&c)) {
        let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"")
    } else {
        encode_words(name)
    }
}

/// RFC 2047 "B" encoded words (each at most 75 characters), folded between words;
/// plain ASCII text is returned as it is.
fn encode_words(text: &str) -> String {
    if text.chars().all(|c| (' '..='~').contains(&c)) {
        return text.to_string();
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    if !chunk.is_empty() {
        words.push(chunk);
    }
    words
        .iter()
        .map(|w| {
            format!(
                "=?UTF-8?B?{}?=",
                base64::engine::general_purpose::STANDARD.encode(w.as_bytes())
            )
        })
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// Quoted-printable (RFC 2045): lines of at most 76 characters, CRLF line ends.
fn quoted_printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        let bytes = line.strip_suffix('\r').unwrap_or(line).as_bytes();
        let mut column = 0;
        for (j, &b) in bytes.iter().enumerate() {
            let last = j + 1 == bytes.len();
            let literal = match b {
                b' ' | b'\t' => !last,
                b'=' => false,
                33..=126 => true,
                _ => false,
            };
            let piece = if literal {
                (b as char).to_string()
            } else {
                format!("={b:02X}")
            };
            if column + piece.len() > 75 {
                out.push_str("=\r\n");
                column = 0;
            }
            out.push_str(&piece);
            column += piece.len();
        }
    }
    out
}

/// An RFC 5322 date in UTC: `Mon, 23 Nov 2026 09:00:00 +0000`.
pub fn rfc5322_date(at: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let stamp = humantime::format_rfc3339_seconds(
        SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs),
    )
    .to_string();
    // 2026-11-23T09:00:00Z
    let month: usize = stamp[5..7].parse().unwrap_or(1);
    format!(
        "{}, {} {} {} {} +0000",
        DAYS[((secs / 86_400) % 7) as usize],
        stamp[8..10].trim_start_matches('0'),
        MONTHS[month.clamp(1, 12) - 1],
        &stamp[..4],
        &stamp[11..19],
    )
}
