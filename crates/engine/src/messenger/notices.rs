//! The notice to each user and the files written for them: one .eml each and the
//! mail-merge CSV.

use super::*;
use crate::messenger::MessengerError;
use crate::sessions::SessionError;
use std::collections::BTreeSet;

/// The subject of every notice.
pub const SUBJECT: &str = "Your Cisco WebEx Messenger account is moving to Business Edition";

/// The notice to one user, as plain text with `\n` line breaks. A paragraph is one
/// line: mail programs wrap it to the reader's window.
///
/// Every sentence that says how Cisco WebEx Messenger behaves comes from seed 003 or
/// webex-api.md §4.5, in plainer words; the rest is advice.
pub fn notice_body(user: &MessengerUser, download_url: &str, sender: &str) -> String {
    let blocks: [&[String]; 8] = [
        &[format!("Hello {},", user.first_name)],
        &["Your Cisco WebEx Messenger account is moving from the free Guest Edition to our company's Business Edition. This email says what changes and what you need to do.".into()],
        &["Why: our company now has Cisco WebEx Messenger for its email domain. Guest Edition accounts on that domain can no longer sign in, so you may have had an email saying that your account was deactivated.".into()],
        &[
            "What happens next:".into(),
            "- Your administrator will set your account to active and reset your password.".into(),
            "- You will then get an email with a link to reset your password. Use the link to choose a new password.".into(),
            "- Then sign in to the latest version of Cisco WebEx Messenger with your new password.".into(),
        ],
        &[
            "What to do now: download and install the latest version of the Cisco WebEx application from this address:".into(),
            download_url.into(),
        ],
        &["Important: your contacts will not be transferred to the Business Edition. Make a note of the people you want to keep in touch with, so that you can add them again after the move.".into()],
        &["After the move, your account follows the policies that your company's administrator sets.".into()],
        &[format!("If you have a question, reply to this email ({sender}).")],
    ];
    blocks
        .iter()
        .map(|lines| lines.join("\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n"
}

/// Writes one .eml notice per chosen user and the mail-merge CSV into `request.out_dir`.
/// Refuses, writing nothing, when a file it would write exists and `replace` is off.
pub fn write_notices(
    import: &MessengerImport,
    request: &NoticeRequest,
    now: SystemTime,
) -> Result<NoticesWritten, EngineError> {
    let download_url = check_download_url(request.download_url)?;
    let sender = check_sender(request.sender)?;
    let users: Vec<&MessengerUser> = match request.selected {
        None => import.users.iter().collect(),
        Some(ids) => {
            let unknown: Vec<String> = ids
                .iter()
                .filter(|id| !import.users.iter().any(|u| &u.id == *id))
                .cloned()
                .collect();
            if !unknown.is_empty() {
                return Err(EngineError::Messenger(MessengerError::UnknownUsers {
                    file: import.path.clone(),
                    ids: unknown,
                }));
            }
            import
                .users
                .iter()
                .filter(|u| ids.contains(&u.id))
                .collect()
        }
    };
    if users.is_empty() {
        return Err(EngineError::Messenger(MessengerError::NoNotices {
            reason: if import.users.is_empty() {
                format!("{} has no valid rows", import.path)
            } else {
                "no user was chosen".into()
            },
        }));
    }
    let folder = request.out_dir;
    let mut taken = BTreeSet::from([MAIL_MERGE_FILE.to_string()]);
    let targets: Vec<(&MessengerUser, PathBuf)> = users
        .iter()
        .map(|u| (*u, folder.join(unique_file_name(u, &mut taken))))
        .collect();
    let mail_merge = folder.join(MAIL_MERGE_FILE);
    if !request.replace {
        let existing: Vec<String> = targets
            .iter()
            .map(|(_, p)| p)
            .chain(std::iter::once(&mail_merge))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(EngineError::Messenger(MessengerError::NoticesExist {
                paths: existing,
            }));
        }
    }
    let export_error = |path: &Path, source: std::io::Error| {
        EngineError::Session(SessionError::Export {
            path: path.display().to_string(),
            source,
        })
    };
    std::fs::create_dir_all(folder).map_err(|e| export_error(folder, e))?;
    let date = rfc5322_date(now);
    let domain = sender.rsplit('@').next().unwrap_or("localhost").to_string();
    let mut merge = csv::Writer::from_writer(Vec::new());
    merge
        .write_record(["email", "first_name", "last_name", "subject", "body"])
        .map_err(|e| export_error(&mail_merge, e.into()))?;
    let mut notices = Vec::with_capacity(targets.len());
    for (user, path) in &targets {
        let body = notice_body(user, &download_url, &sender);
        let message_id = format!("<{}.wxm@{domain}>", uuid::Uuid::new_v4());
        let eml = render_eml(user, &sender, SUBJECT, &body, &date, &message_id);
        write_file(path, eml.as_bytes(), request.replace).map_err(|e| export_error(path, e))?;
        merge
            .write_record(crate::spreadsheet::safe_record([
                user.email.as_str(),
                &user.first_name,
                &user.last_name,
                SUBJECT,
                &body,
            ]))
            .map_err(|e| export_error(&mail_merge, e.into()))?;
        notices.push(WrittenNotice {
            id: user.id.clone(),
            email: user.email.clone(),
            path: path.display().to_string(),
        });
    }
    let merge = merge
        .into_inner()
        .map_err(|e| export_error(&mail_merge, e.into_error()))?;
    write_file(&mail_merge, &merge, request.replace).map_err(|e| export_error(&mail_merge, e))?;
    Ok(NoticesWritten {
        folder: folder.display().to_string(),
        notices,
        mail_merge: mail_merge.display().to_string(),
    })
}

/// Writes a file; without `replace` it never replaces one (even one created meanwhile).
fn write_file(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if replace {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A file name safe on every OS, from the userSSOId (or the email), unique in `taken`
/// even where names differ only in case.
pub fn unique_file_name(user: &MessengerUser, taken: &mut BTreeSet<String>) -> String {
    let source = if user.user_sso_id.is_empty() {
        &user.email
    } else {
        &user.user_sso_id
    };
    let mut stem = String::new();
    for c in source.chars().flat_map(char::to_lowercase) {
        if let Some(plain) = latin_letter(c) {
            stem.push_str(plain);
            continue;
        }
        match c {
            'a'..='z' | '0'..='9' | '_' | '.' => stem.push(c),
            '@' => stem.push_str("_at_"),
            _ => {
                if !stem.ends_with('-') {
                    stem.push('-')
                }
            }
        }
    }
    let mut stem: String = stem
        .trim_matches(|c| c == '-' || c == '.')
        .chars()
        .take(60)
        .collect();
    stem = stem.trim_end_matches(['-', '.']).to_string();
    if stem.is_empty() {
        stem = format!("row-{}", user.row);
    }
    let mut name = format!("notice-{stem}.eml");
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("notice-{stem}-{n}.eml");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// A plain ASCII spelling of a lowercase accented Latin letter, for file names.
fn latin_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'ā' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'è'..='ë' | 'ē' | 'ę' | 'ě' => "e",
        'ì'..='ï' | 'ī' => "i",
        'ð' => "d",
        'ñ' | 'ń' | 'ň' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ß' => "ss",
        'ś' | 'š' => "s",
        'ù'..='ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ł' => "l",
        'ř' => "r",
        'þ' => "th",
        _ => return None,
    })
}
