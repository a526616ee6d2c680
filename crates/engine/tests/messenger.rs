//! The Messenger Guest → Business kit on real files: the Administration Tool's exports
//! (good and malformed, in tests/messenger/) are imported with every bad row named, and
//! the notices written parse as valid email.

use engine::messenger::{
    check_download_url, check_email, import_bytes, import_file, unique_file_name, write_notices,
    MessengerImport, MessengerUser, NoticeRequest, MAIL_MERGE_FILE,
};
use engine::{ApiError, Engine, EngineError};
use mail_parser::MimeHeaders;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const URL: &str = "https://download.example.com/webex/messenger-latest?os=win&lang=en";
const SENDER: &str = "it-admin@example.com";
const CONTACTS_WARNING: &str = "contacts will not be transferred to the Business Edition";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/messenger")
        .join(name)
}

fn import(name: &str) -> MessengerImport {
    import_file(&fixture(name)).unwrap()
}

/// 2026-11-23 09:00:00 UTC, a Monday.
fn monday() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_424_400)
}

fn request<'a>(out: &'a Path, selected: Option<&'a [String]>) -> NoticeRequest<'a> {
    NoticeRequest {
        download_url: URL,
        sender: SENDER,
        out_dir: out,
        selected,
        replace: false,
    }
}

#[test]
fn an_admin_tool_export_without_a_header_row_is_imported_with_every_user() {
    let import = import("inactive-users.csv");
    assert!(import.problems.is_empty(), "{:#?}", import.problems);
    assert!(!import.had_header);
    assert_eq!(import.rows_read, 3);
    let ids: Vec<_> = import.users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["jdoe", "zangstrom", "mmüller"]);
    let zoe = &import.users[1];
    assert_eq!(zoe.row, 2);
    assert_eq!(zoe.first_name, "Zoë");
    assert_eq!(zoe.last_name, "Ångström");
    assert_eq!(zoe.display_name, "Zoë Ångström");
    assert_eq!(zoe.email, "zoe.angstrom@example.com");
    // Rows with fewer trailing columns are fine: only the first five matter.
    assert_eq!(import.users[2].email, "max.mueller@example.com");
}

#[test]
fn a_file_whose_first_row_is_the_header_is_accepted_with_or_without_a_bom() {
    let import = import("with-header-and-bom.csv");
    assert!(import.problems.is_empty(), "{:#?}", import.problems);
    assert!(import.had_header);
    assert_eq!(import.rows_read, 2);
    assert_eq!(
        import.users.iter().map(|u| u.row).collect::<Vec<_>>(),
        [2, 3],
        "rows are counted as lines of the file, the header being line 1"
    );
    assert_eq!(
        import.users[0].id, "jdoe",
        "the BOM is not part of the first id"
    );
    assert_eq!(import.users[1].first_name, "Zoë");

    let no_bom = import_bytes(
        "users.csv",
        b"userSSOId,displayName,firstName,lastName,email\nkim,Kim Lee,Kim,Lee,kim@example.com\n",
    );
    assert!(no_bom.had_header && no_bom.problems.is_empty());
    assert_eq!(no_bom.users[0].row, 2);
}

#[test]
fn a_spreadsheets_unicode_text_utf16_is_read_like_the_utf8_file() {
    let utf8 = std::fs::read(fixture("inactive-users.csv")).unwrap();
    let text = String::from_utf8(utf8.clone()).unwrap();
    // UTF-16 little-endian with its BOM, as a spreadsheet saves "Unicode text" (tabs).
    let tabbed = text.replace(',', "\t");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(tabbed.encode_utf16().flat_map(u16::to_le_bytes));
    let a = import_bytes("users.csv", &utf8);
    let b = import_bytes("users.txt", &utf16);
    assert!(b.problems.is_empty(), "{:?}", b.problems);
    assert_eq!(
        b.users
            .iter()
            .map(|u| (&u.id, &u.first_name, &u.email, u.row))
            .collect::<Vec<_>>(),
        a.users
            .iter()
            .map(|u| (&u.id, &u.first_name, &u.email, u.row))
            .collect::<Vec<_>>(),
    );
    assert_eq!(b.users[1].first_name, "Zoë");

    // Cut in the middle of a character: one problem naming the row, nothing written.
    let cut = import_bytes("cut.txt", &utf16[..utf16.len() - 1]);
    assert!(cut.users.is_empty());
    assert_eq!(cut.problems.len(), 1);
    assert!(
        cut.problems[0].message.contains("cut.txt, row"),
        "{:?}",
        cut.problems
    );
}

#[test]
fn each_bad_row_is_refused_naming_file_row_column_value_and_problem_and_the_good_rows_are_kept() {
    let import = import("malformed.csv");
    let found: Vec<(u32, &str, &str)> = import
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_str(), p.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (2, "firstName", "missing_value"),
            (3, "email", "bad_email"),
            (4, "userSSOId", "duplicate_user"),
            (6, "25 (after TC)", "too_many_columns"),
            (7, "email", "missing_value"),
        ]
    );
    assert_eq!(import.refused_rows(), 5);
    assert_eq!(import.rows_read, 7, "the blank line 5 is not a row");
    // Nothing else is lost: the first jdoe and the row after the bad ones are kept.
    let kept: Vec<(u32, &str)> = import
        .users
        .iter()
        .map(|u| (u.row, u.id.as_str()))
        .collect();
    assert_eq!(kept, [(1, "jdoe"), (8, "zangstrom")]);
    assert_eq!(import.users[0].last_name, "Doe");

    for p in &import.problems {
        assert!(p.message.starts_with(&format!(
            "malformed.csv, row {}, column {}: ",
            p.row, p.column
        )));
        assert!(p.message.ends_with(&p.hint), "{}", p.message);
        assert!(!p.hint.is_empty());
    }
    let by_row = |row: u32| import.problems.iter().find(|p| p.row == row).unwrap();
    assert_eq!(by_row(3).value, "bad.email@");
    assert!(by_row(3)
        .message
        .contains("'bad.email@' is not an email address: nothing comes after the @"));
    assert!(by_row(2)
        .message
        .contains("(empty) is missing: firstName is required"));
    let dup = by_row(4);
    assert_eq!(dup.value, "jdoe");
    assert!(dup.problem.contains("also on row 1"), "{}", dup.problem);
    assert!(dup.hint.contains("row 4 or row 1"), "{}", dup.hint);
    assert_eq!(by_row(6).value, "extra1,extra2");
    assert!(by_row(6).problem.contains("the row has 26 columns"));
}

#[test]
fn a_row_that_is_not_utf8_is_refused_and_the_others_kept() {
    let import = import("not-utf8.csv");
    assert_eq!(import.users.len(), 1);
    assert_eq!(import.problems.len(), 2, "{:#?}", import.problems);
    let columns: Vec<_> = import.problems.iter().map(|p| p.column.as_str()).collect();
    assert_eq!(columns, ["displayName", "firstName"]);
    assert!(import
        .problems
        .iter()
        .all(|p| p.row == 2 && p.code == "not_utf8"));
    assert!(import.problems[0].hint.contains("UTF-8"));
}

#[test]
fn several_problems_on_one_row_are_each_named() {
    let import = import_bytes("u.csv", b"x,,,,\n");
    let columns: Vec<_> = import.problems.iter().map(|p| p.column.as_str()).collect();
    assert_eq!(columns, ["firstName", "lastName", "email"]);
    assert!(import.users.is_empty());
}

#[test]
fn a_row_without_a_user_sso_id_is_keyed_by_its_email() {
    let import = import_bytes(
        "u.csv",
        b",Ann Bee,Ann,Bee,Ann.Bee@example.com\n,Ann B,Ann,B,ann.bee@example.com\n",
    );
    assert_eq!(import.users.len(), 1);
    assert_eq!(import.users[0].id, "ann.bee@example.com");
    assert_eq!(import.problems[0].column, "email");
    assert_eq!(import.problems[0].code, "duplicate_user");
}

#[test]
fn a_missing_file_or_a_folder_is_a_clear_error_with_a_stable_code() {
    let dir = tempfile::tempdir().unwrap();
    for path in [dir.path().join("nope.csv"), dir.path().to_path_buf()] {
        let e = import_file(&path).unwrap_err();
        assert!(matches!(
            e,
            EngineError::Messenger(engine::messenger::MessengerError::File { .. })
        ));
        let api = ApiError::from(&e);
        assert_eq!(api.code, "messenger_file_unreadable");
        assert!(api.message.contains(&path.display().to_string()));
        assert!(api.hint.contains("Administration Tool"));
    }
}

#[test]
fn the_notices_parse_as_valid_email_with_the_download_url_and_the_contacts_warning() {
    let import = import("inactive-users.csv");
    let out = tempfile::tempdir().unwrap();
    let written = write_notices(&import, &request(out.path(), None), monday()).unwrap();
    assert_eq!(written.notices.len(), 3);
    for (notice, user) in written.notices.iter().zip(&import.users) {
        let raw = std::fs::read(&notice.path).unwrap();
        let text = String::from_utf8(raw.clone()).unwrap();
        assert!(
            text.is_ascii(),
            "quoted-printable and encoded words keep the file 7-bit"
        );
        for line in text.split("\r\n") {
            assert!(line.len() <= 76, "line too long: {line}");
            assert!(
                !line.contains('\n') && !line.contains('\r'),
                "CRLF line ends only"
            );
        }
        let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
        let from = message.from().unwrap().first().unwrap();
        assert_eq!(from.address(), Some(SENDER));
        let to = message.to().unwrap().first().unwrap();
        assert_eq!(to.address(), Some(user.email.as_str()));
        assert_eq!(
            to.name(),
            Some(format!("{} {}", user.first_name, user.last_name).as_str())
        );
        assert_eq!(
            message.subject(),
            Some("Your Cisco WebEx Messenger account is moving to Business Edition")
        );
        let date = message.date().unwrap();
        assert_eq!(
            (date.year, date.month, date.day, date.hour),
            (2026, 11, 23, 9)
        );
        assert!(text.contains("\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n"));
        assert!(message.message_id().unwrap().ends_with("@example.com"));
        assert!(text.contains("\r\nMIME-Version: 1.0\r\n"));
        let ct = message.content_type().unwrap();
        assert_eq!((ct.ctype(), ct.subtype()), ("text", Some("plain")));
        assert_eq!(ct.attribute("charset"), Some("UTF-8"));
        let body = message.body_text(0).unwrap();
        assert!(body.contains(URL), "the download URL, whole: {body}");
        assert!(body.contains(CONTACTS_WARNING));
        assert!(body.starts_with(&format!("Hello {},", user.first_name)));
        assert!(body.contains("set your account to active and reset your password"));
        assert!(body.contains("link to reset your password"));
        assert!(body.contains("sign in to the latest version of Cisco WebEx Messenger"));
    }
    let zoe = std::fs::read(&written.notices[1].path).unwrap();
    let zoe = mail_parser::MessageParser::default().parse(&zoe).unwrap();
    assert_eq!(
        zoe.to().unwrap().first().unwrap().name(),
        Some("Zoë Ångström")
    );
    assert!(zoe.body_text(0).unwrap().starts_with("Hello Zoë,"));
}

#[test]
fn the_mail_merge_csv_has_a_header_and_one_row_per_notice() {
    let import = import("inactive-users.csv");
    let out = tempfile::tempdir().unwrap();
    let written = write_notices(&import, &request(out.path(), None), monday()).unwrap();
    assert_eq!(
        written.mail_merge,
        out.path().join(MAIL_MERGE_FILE).display().to_string()
    );
    let mut reader = csv::Reader::from_path(&written.mail_merge).unwrap();
    assert_eq!(
        reader.headers().unwrap(),
        vec!["email", "first_name", "last_name", "subject", "body"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[1][0], "zoe.angstrom@example.com");
    assert_eq!(&rows[1][1], "Zoë");
    assert_eq!(&rows[1][2], "Ångström");
    assert!(rows[1][4].contains(URL) && rows[1][4].contains(CONTACTS_WARNING));
}

#[test]
fn only_the_chosen_users_get_a_notice_and_unknown_or_refused_ids_are_named() {
    let import = import("malformed.csv");
    let out = tempfile::tempdir().unwrap();
    let chosen = vec!["zangstrom".to_string()];
    let written = write_notices(&import, &request(out.path(), Some(&chosen)), monday()).unwrap();
    assert_eq!(written.notices.len(), 1);
    assert_eq!(written.notices[0].email, "zoe.angstrom@example.com");
    let files: BTreeSet<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        BTreeSet::from([
            "notice-zangstrom.eml".to_string(),
            MAIL_MERGE_FILE.to_string()
        ])
    );

    let other = tempfile::tempdir().unwrap();
    let refused = vec![
        "zangstrom".to_string(),
        "bademail".to_string(),
        "ghost".into(),
    ];
    let e = write_notices(&import, &request(other.path(), Some(&refused)), monday()).unwrap_err();
    let api = ApiError::from(&e);
    assert_eq!(api.code, "unknown_messenger_user");
    assert!(api.message.contains("bademail, ghost"), "{}", api.message);
    assert_eq!(std::fs::read_dir(other.path()).unwrap().count(), 0);

    let none: Vec<String> = vec![];
    let e = write_notices(&import, &request(other.path(), Some(&none)), monday()).unwrap_err();
    assert_eq!(ApiError::from(&e).code, "no_notices_to_write");
}

#[test]
fn existing_notices_are_never_replaced_unless_asked_and_then_nothing_is_written() {
    let import = import("inactive-users.csv");
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("notice-zangstrom.eml"), "mine").unwrap();
    let e = write_notices(&import, &request(out.path(), None), monday()).unwrap_err();
    let api = ApiError::from(&e);
    assert_eq!(api.code, "notices_exist");
    assert!(api.message.contains("notice-zangstrom.eml"));
    assert_eq!(
        std::fs::read_to_string(out.path().join("notice-zangstrom.eml")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        1,
        "nothing else written"
    );

    let replace = NoticeRequest {
        replace: true,
        ..request(out.path(), None)
    };
    let written = write_notices(&import, &replace, monday()).unwrap();
    assert_eq!(written.notices.len(), 3);
    assert!(
        std::fs::read_to_string(out.path().join("notice-zangstrom.eml"))
            .unwrap()
            .contains("Message-ID:")
    );
}

#[test]
fn download_urls_and_senders_are_checked_before_anything_is_written() {
    for good in ["https://example.com/dl", "http://dl.example.com:8080/x?a=b"] {
        assert!(check_download_url(good).is_ok(), "{good}");
    }
    for bad in [
        "",
        "example.com/dl",
        "ftp://example.com/dl",
        "https://",
        "https://exa mple.com",
        "javascript:alert(1)",
    ] {
        let e = check_download_url(bad).unwrap_err();
        assert_eq!(ApiError::from(&e).code, "bad_download_url", "{bad}");
    }
    let import = import("inactive-users.csv");
    let out = tempfile::tempdir().unwrap();
    let folder = out.path().join("notices");
    for (url, sender, code) in [
        ("not a url", SENDER, "bad_download_url"),
        (URL, "", "bad_sender"),
        (URL, "admin at example.com", "bad_sender"),
    ] {
        let req = NoticeRequest {
            download_url: url,
            sender,
            ..request(&folder, None)
        };
        let e = write_notices(&import, &req, monday()).unwrap_err();
        assert_eq!(ApiError::from(&e).code, code);
    }
    assert!(!folder.exists(), "nothing was written, not even the folder");
}

#[test]
fn email_addresses_are_checked_in_plain_words() {
    assert!(check_email("a.b+c@sub.example.co.uk").is_ok());
    assert_eq!(check_email("ab.example.com"), Err("it has no @"));
    assert_eq!(
        check_email("a@b@example.com"),
        Err("it has more than one @")
    );
    assert_eq!(
        check_email("@example.com"),
        Err("nothing comes before the @")
    );
    assert!(check_email("a@localhost").is_err());
    assert!(check_email("a b@example.com").is_err());
    assert!(check_email("a<b>@example.com").is_err());
    assert!(check_email("a@example.com\r\nBcc: x@y.z").is_err());
}

#[test]
fn notice_file_names_are_safe_on_every_os_and_unique() {
    let user = |row: u32, sso: &str, email: &str| MessengerUser {
        row,
        id: sso.into(),
        user_sso_id: sso.into(),
        display_name: String::new(),
        first_name: "A".into(),
        last_name: "B".into(),
        email: email.into(),
    };
    let mut taken = BTreeSet::from([MAIL_MERGE_FILE.to_string()]);
    let names: Vec<String> = [
        user(1, "Dept/Jane:Doe*?", ""),
        user(2, "dept/jane:doe", ""),
        user(3, "..", "x@example.com"),
        user(4, "", "Zoë.Ångström@Example.com"),
        user(5, "CON", ""),
        user(6, "ÅÅÅ", ""),
        user(7, "日本", ""),
    ]
    .iter()
    .map(|u| unique_file_name(u, &mut taken))
    .collect();
    assert_eq!(
        names,
        [
            "notice-dept-jane-doe.eml",
            "notice-dept-jane-doe-2.eml",
            "notice-row-3.eml",
            "notice-zoe.angstrom_at_example.com.eml",
            "notice-con.eml",
            "notice-aaa.eml",
            "notice-row-7.eml",
        ]
    );
    for n in &names {
        assert!(n
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
    }
}

#[test]
fn the_app_writes_to_the_chosen_folder_and_records_it_in_the_audit_log() {
    let data = tempfile::tempdir().unwrap();
    let engine = Engine::open(data.path()).unwrap();
    let file = fixture("malformed.csv");
    let import = engine.messenger().messenger_import(&file).unwrap();
    assert_eq!(import.users.len(), 2);
    let out = data.path().join("out");
    let ids: Vec<String> = import.users.iter().map(|u| u.id.clone()).collect();
    let written = engine
        .messenger()
        .messenger_notices(&file, &ids, URL, SENDER, Some(&out), false)
        .unwrap();
    assert_eq!(written.notices.len(), 2);
    assert_eq!(written.folder, out.display().to_string());
}

#[test]
fn empty_columns_a_spreadsheet_adds_after_the_last_are_ignored() {
    let file = "userSSOId,displayName,firstName,lastName,email,,,\n\
                jdoe,Jane Doe,Jane,Doe,jane.doe@example.com,,,,,,\n\
                mmax,Max Mu,Max,Mu,max.mu@example.com,,\n";
    let import = engine::messenger::import_bytes("users.csv", file.as_bytes());
    assert!(import.problems.is_empty(), "{:#?}", import.problems);
    let ids: Vec<_> = import.users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["jdoe", "mmax"]);
}
