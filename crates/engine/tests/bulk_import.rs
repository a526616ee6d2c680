//! Reading bulk CSV files: encodings, delimiters, header aliases, and a clear message
//! for every bad row while the valid rows are kept.

use engine::bulk::{import_csv, EmailTrust, ImportError, ImportOptions};
use std::path::Path;

fn read(name: &str, options: &ImportOptions) -> Result<engine::bulk::ImportResult, ImportError> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bulk")
        .join(name);
    let file = std::fs::File::open(&path).unwrap();
    import_csv(name, file, options)
}

#[test]
fn a_semicolon_file_with_a_bom_and_spreadsheet_headers_is_read_whole() {
    let result = read("good-semicolon-bom.csv", &ImportOptions::default()).unwrap();
    assert!(result.problems.is_empty(), "{:?}", result.problems);
    assert_eq!(result.rows.len(), 3);
    let alice = &result.rows[0];
    assert_eq!(
        (
            alice.row,
            alice.user_id.as_str(),
            alice.sp_enterprise_id.as_str()
        ),
        (2, "alice@bw.example", "Reseller1+acme")
    );
    assert_eq!(
        alice.package, "standard",
        "packages are matched ignoring case"
    );
    assert_eq!(alice.timezone.as_deref(), Some("America/Los_Angeles"));
    assert_eq!(result.rows[1].extension.as_deref(), Some("2001"));
    assert_eq!(result.rows[1].primary_phone_number, None);
    assert_eq!(result.rows[2].first_name, "Zoë");
    assert_eq!(result.rows[2].last_name, "Ångström");
    assert_eq!(result.ignored_columns, ["Notes"]);
}

#[test]
fn each_bad_row_is_named_with_its_column_value_and_problem_and_the_good_rows_are_kept() {
    let result = read("malformed.csv", &ImportOptions::default()).unwrap();
    let messages: Vec<String> = result.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        messages,
        [
            "row 3, column \"email\" (\"ben@\"): is not a valid email address; correct it (name@example.com)",
            "row 4, column \"firstName\": the first name is missing; fill it in",
            "row 5, column \"package\" (\"gold\"): is not a package; use one of softphone, basic, standard, premium",
            "row 6, column \"userId\" (\"u1\"): this user is already on row 2; the first row is kept, so remove this one",
            "row 7, column \"primaryPhoneNumber\": needs a phone number or an extension; fill in one of them",
            "row 8, column \"primaryPhoneNumber\" (\"call me\"): is not a phone number; use digits, with + for the country code",
            "row 9, column \"extension\" (\"12a\"): is not an extension; use digits only",
        ]
    );
    let kept: Vec<(u32, &str)> = result
        .rows
        .iter()
        .map(|r| (r.row, r.user_id.as_str()))
        .collect();
    assert_eq!(
        kept,
        [(2, "u1"), (11, "u9")],
        "the blank line is skipped, the valid rows go on"
    );
}

#[test]
fn missing_columns_are_named_before_any_row_is_read() {
    let err = read("missing-columns.csv", &ImportOptions::default()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(
            "missing-columns.csv has no column for the BroadWorks user id (\"User ID\")"
        ),
        "{text}"
    );
    assert!(
        text.contains("the enterprise (\"Enterprise\"), or give --enterprise"),
        "{text}"
    );
    assert!(text.contains("the package"), "{text}");
}

#[test]
fn an_empty_email_is_allowed_only_with_untrusted_emails() {
    let untrusted = ImportOptions {
        email_trust: EmailTrust::Untrusted,
        enterprise: Some("Reseller1+acme".into()),
        provisioning_id: Some("prov-1".into()),
    };
    let result = read("untrusted-no-email.csv", &untrusted).unwrap();
    assert!(result.problems.is_empty(), "{:?}", result.problems);
    assert_eq!(
        result.rows[0].sp_enterprise_id, "Reseller1+acme",
        "--enterprise fills the column"
    );
    assert_eq!(result.rows[0].provisioning_id.as_deref(), Some("prov-1"));
    let trusted = ImportOptions {
        email_trust: EmailTrust::Trusted,
        ..untrusted
    };
    let err = read("untrusted-no-email.csv", &trusted).unwrap_err();
    assert!(
        err.to_string()
            .contains("the email (\"Email\"), needed with trusted emails"),
        "{err}"
    );
}

#[test]
fn a_spreadsheets_unicode_text_utf16_with_tabs_is_read_like_its_csv() {
    // The semicolon file saved as "Unicode text": UTF-16 little-endian with its BOM, tabs.
    let csv = read("good-semicolon-bom.csv", &ImportOptions::default()).unwrap();
    let text = read("unicode-text-utf16.txt", &ImportOptions::default()).unwrap();
    assert_eq!(text.rows, csv.rows);
    assert_eq!(text.rows[2].last_name, "Ångström");
    assert_eq!(text.ignored_columns, ["Notes"]);

    // The same, big-endian.
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bulk/unicode-text-utf16.txt"),
    )
    .unwrap();
    let big: Vec<u8> = bytes.chunks(2).flat_map(|p| [p[1], p[0]]).collect();
    let big = import_csv("big.txt", big.as_slice(), &ImportOptions::default()).unwrap();
    assert_eq!(big.rows, csv.rows);

    // Cut in the middle of the last character of row 4: refused, naming the row.
    let cut = &bytes[..bytes.len() - 1];
    assert_eq!(
        import_csv("cut.txt", cut, &ImportOptions::default()).unwrap_err(),
        ImportError::NotUtf8 {
            file: "cut.txt".into(),
            row: 4,
        }
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused_naming_the_row() {
    let err = read("latin1.csv", &ImportOptions::default()).unwrap_err();
    assert_eq!(
        err,
        ImportError::NotUtf8 {
            file: "latin1.csv".into(),
            row: 3
        }
    );
    assert!(err.to_string().contains("save it as \"CSV UTF-8\""));
}

#[test]
fn an_empty_file_says_what_it_needs() {
    let err = import_csv(
        "empty.csv",
        "\u{feff}\n\n".as_bytes(),
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ImportError::Empty { .. }));
}

#[test]
fn a_file_of_100000_users_imports_without_trouble() {
    let mut text =
        String::from("User ID,Enterprise,First Name,Last Name,Email,Package,Extension\n");
    for i in 0..100_000 {
        text.push_str(&format!(
            "user{i},Reseller1+big,First{i},Last{i},user{i}@big.example,basic,{}\n",
            1000 + i
        ));
    }
    let result = import_csv("big.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(result.rows.len(), 100_000);
    assert!(result.problems.is_empty());
    assert_eq!(result.rows[99_999].row, 100_001);
}

#[test]
fn empty_columns_a_spreadsheet_adds_after_the_last_are_ignored_and_every_row_is_read() {
    // Excel and LibreOffice save a column someone once touched as a trailing comma or
    // more, on the header and on some rows only.
    let file = "User ID,Enterprise,First Name,Last Name,Email,Package,Extension,,,\n\
                ann@bw.example,E+acme,Ann,Archer,ann@acme.example,basic,2001,,,\n\
                bob@bw.example,E+acme,Bob,Baker,bob@acme.example,basic,2002\n\
                cat@bw.example,E+acme,Cat,Cole,cat@acme.example,basic,2003,,,,,\n";
    let result = import_csv("users.csv", file.as_bytes(), &ImportOptions::default()).unwrap();
    assert!(result.problems.is_empty(), "{:?}", result.problems);
    let ids: Vec<&str> = result.rows.iter().map(|r| r.user_id.as_str()).collect();
    assert_eq!(ids, ["ann@bw.example", "bob@bw.example", "cat@bw.example"]);
    assert!(
        result.ignored_columns.is_empty(),
        "{:?}",
        result.ignored_columns
    );
}

#[test]
fn two_users_with_one_email_are_refused_naming_the_first_row() {
    let text = "userId,spEnterpriseId,firstName,lastName,email,package,extension\n\
                a@bw.example,E1,Ann,One,Ann@Same.example,basic,1\n\
                b@bw.example,E1,Bob,Two,bob@other.example,basic,2\n\
                c@bw.example,E1,Cy,Three,ann@same.example,basic,3\n";
    let result = import_csv("same.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    let kept: Vec<&str> = result.rows.iter().map(|r| r.user_id.as_str()).collect();
    assert_eq!(kept, ["a@bw.example", "b@bw.example"]);
    assert_eq!(result.problems.len(), 1, "{:?}", result.problems);
    let problem = &result.problems[0];
    assert_eq!(problem.row, 4);
    assert!(
        problem
            .to_string()
            .contains("already the email of the user on row 2"),
        "{problem}"
    );
}

#[test]
fn a_sep_line_from_a_spreadsheet_names_the_delimiter_and_is_not_a_row() {
    let text = "sep=;\r\n\
                userId;spEnterpriseId;firstName;lastName;email;package;extension\r\n\
                a@bw.example;E1;Ann, Jr;One;ann@sep.example;basic;1\r\n\
                b@bw.example;E1;Bob;Two;bob@;basic;2\r\n";
    let result = import_csv("sep.csv", text.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(result.rows.len(), 1, "{:?}", result.problems);
    assert_eq!(result.rows[0].first_name, "Ann, Jr");
    assert_eq!(
        result.rows[0].row, 2,
        "rows are numbered as the spreadsheet shows them"
    );
    assert_eq!(result.problems[0].row, 3);
}
