//! The data folder holds names, emails, phone numbers and the audit log: on Unix it is
//! private to the person (folder 0700, files 0600), and a folder found looser is
//! tightened and reported once.
#![cfg(unix)]

use engine::Engine;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_data_folder_and_its_database_are_private_to_the_person() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let engine = Engine::open(&data).unwrap();
    engine.audit("tester", "check", "a line", None).unwrap();
    assert_eq!(mode(&data), 0o700);
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
    assert!(engine.tightened().is_empty(), "nothing was loose");
}

#[test]
fn a_folder_found_readable_by_others_is_tightened_and_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    drop(Engine::open(&data).unwrap());
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = data.join(engine::store::DB_FILE);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let record = data.join("sign-in.json");
    std::fs::write(&record, "{}").unwrap();
    std::fs::set_permissions(&record, std::fs::Permissions::from_mode(0o664)).unwrap();
    // An exported report keeps the person's umask: not ours to tighten.
    std::fs::create_dir_all(data.join("exports")).unwrap();
    let report = data.join("exports/report.html");
    std::fs::write(&report, "<p>").unwrap();
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o644)).unwrap();

    let engine = Engine::open(&data).unwrap();
    let mut tightened: Vec<_> = engine.tightened().to_vec();
    tightened.sort();
    assert!(tightened.contains(&data) && tightened.contains(&db) && tightened.contains(&record));
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&record), 0o600);
    assert_eq!(mode(&report), 0o644, "exports keep the umask");
    drop(engine);
    assert!(
        Engine::open(&data).unwrap().tightened().is_empty(),
        "said once: the next open finds nothing loose"
    );
}
