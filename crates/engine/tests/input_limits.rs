//! Files a person names are read with limits: only regular files of at most 50 MB, so a
//! huge file, a FIFO or `/dev/zero` is refused at once with a clear reason; names with
//! control characters never reach a notice's headers or body as line breaks.

use engine::bulk::ImportOptions;
use engine::messenger::{import_bytes, import_file, render_eml};
use engine::{ApiError, Engine};
use std::time::{Duration, Instant};

fn sixty_mb(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("huge.csv");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(60 * 1024 * 1024).unwrap();
    path
}

#[test]
fn a_60_mb_file_is_refused_quickly_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&dir.path().join("data")).unwrap();
    let huge = sixty_mb(dir.path());
    let started = Instant::now();
    let err = engine
        .bulk()
        .import_bulk_file(&huge, &ImportOptions::default())
        .unwrap_err();
    let api = ApiError::from(&err);
    assert_eq!(api.code, "bulk_file_unreadable");
    assert!(api.message.contains("60 MB"), "{}", api.message);
    assert!(api.message.contains("50 MB"), "{}", api.message);
    let err = import_file(&huge).unwrap_err();
    assert!(ApiError::from(&err)
        .message
        .contains("the most this app reads is 50 MB"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused at once"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_without_waiting_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(&dir.path().join("data")).unwrap();
    let fifo = dir.path().join("pipe.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for path in [fifo.as_path(), std::path::Path::new("/dev/zero")] {
        let started = Instant::now();
        let err = engine
            .bulk()
            .import_bulk_file(path, &ImportOptions::default())
            .unwrap_err();
        assert!(
            ApiError::from(&err)
                .message
                .contains("not an ordinary file"),
            "{err}"
        );
        let err = import_file(path).unwrap_err();
        assert!(ApiError::from(&err)
            .message
            .contains("not an ordinary file"));
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{}",
            path.display()
        );
    }
}

#[test]
fn names_with_line_breaks_never_add_a_header_or_a_line_to_a_notice() {
    let file = "jdoe,\"Jane\r\nBcc: all@example.com\",\"Jane\u{2028}X-Evil: 1\",\"Doe\rY\",jane.doe@example.com\n";
    let import = import_bytes("users.csv", file.as_bytes());
    assert_eq!(import.users.len(), 1, "{:?}", import.problems);
    let user = &import.users[0];
    assert_eq!(user.first_name, "Jane X-Evil: 1");
    assert_eq!(user.last_name, "Doe Y");
    assert_eq!(user.display_name, "Jane Bcc: all@example.com");
    let eml = render_eml(
        user,
        "admin@example.com",
        "Subject",
        "Body",
        "date",
        "<id@x>",
    );
    let headers = eml.split("\r\n\r\n").next().unwrap();
    assert!(!headers
        .lines()
        .any(|l| l.starts_with("X-Evil") || l.starts_with("Bcc")));
    assert_eq!(headers.lines().count(), 9, "{headers}");
}
