//! The window's capability grants exactly the app's own commands, and the security
//! settings in tauri.conf.json stay strict.

use serde_json::Value;
use std::path::Path;

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The commands of src/commands.rs, without their module paths.
fn declared_commands() -> Vec<String> {
    let list =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands.rs"))
            .unwrap();
    let body = list
        .split("$then! {\n")
        .nth(1)
        .unwrap()
        .split('}')
        .next()
        .unwrap();
    body.split(',')
        .map(|s| s.trim().rsplit("::").next().unwrap_or("").to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The commands `ui/src/lib/api.ts` calls by name.
fn commands_called_by_the_ui() -> Vec<String> {
    let api =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/api.ts"))
            .unwrap();
    let mut called: Vec<String> = api
        .split("call(\"")
        .skip(1)
        .chain(api.split("callStreaming(\"").skip(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect();
    called.sort();
    called.dedup();
    called
}

#[test]
fn the_ui_calls_exactly_the_declared_commands() {
    let mut declared = declared_commands();
    declared.sort();
    assert_eq!(declared.len(), 69, "{declared:?}");
    assert_eq!(commands_called_by_the_ui(), declared);
}

#[test]
fn the_capability_grants_only_the_app_commands_to_the_main_window() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1, "one capability file");
    let cap = read_json(&dir.join("main.json"));
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let mut granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let mut expected: Vec<String> = declared_commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    granted.sort();
    expected.sort();
    assert_eq!(granted, expected);
    assert!(
        granted.iter().all(|p| !p.contains(':')),
        "no core or plugin permissions: {granted:?}"
    );
}

#[test]
fn the_config_has_a_strict_csp_and_no_global_tauri() {
    let conf = read_json(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tauri.conf.json"));
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    let csp = &conf["app"]["security"]["csp"];
    assert_eq!(csp["default-src"], "'self'");
    assert_eq!(csp["script-src"], "'self'");
    for (_, sources) in csp.as_object().unwrap() {
        let s = sources.as_str().unwrap();
        assert!(
            !s.contains("http://") || s.contains("ipc.localhost"),
            "no remote sources: {s}"
        );
        assert!(
            !s.contains("https:") && !s.contains('*') && !s.contains("unsafe-eval"),
            "{s}"
        );
    }
    assert_eq!(conf["app"]["windows"][0]["title"], "Webex Migration Wizard");
    // src-tauri/tauri.conf.json is the same file, through a symlink.
    let link = Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn the_app_registers_the_declared_list_itself() {
    let main =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/main.rs")).unwrap();
    assert!(main.contains(".invoke_handler(with_app_commands!(register_commands))"));
    assert_eq!(
        main.matches("generate_handler!").count(),
        1,
        "no second list"
    );
}

/// Every `#[tauri::command…]` function in src/, with its attribute and its signature up to
/// its body.
fn command_signatures() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let source = std::fs::read_to_string(entry.path()).unwrap();
        for part in source.split("#[tauri::command").skip(1) {
            let (attribute, rest) = part.split_once(']').unwrap();
            let signature = rest.split('{').next().unwrap_or("").to_string();
            found.push((attribute.to_string(), signature));
        }
    }
    found
}

/// Tauri runs a plain `fn` command on the window's main thread: while it reads the
/// database or a file the window cannot draw or load anything (at start-up, it held back
/// the page's own code). Every command that uses the app's state (the engine, the files)
/// is `async fn` or `#[tauri::command(async)]`, which Tauri runs on its thread pool.
#[test]
fn commands_that_use_the_app_state_leave_the_window_thread_free() {
    let commands = command_signatures();
    // (Most of the rest are async by `explained_command!`, counted here once.)
    assert!(commands.len() >= 40, "{} commands found", commands.len());
    let blocking: Vec<&String> = commands
        .iter()
        .filter(|(attribute, signature)| {
            signature.contains("AppState")
                && !signature.contains("async fn")
                && attribute != "(async)"
        })
        .map(|(_, signature)| signature)
        .collect();
    assert!(blocking.is_empty(), "on the main thread: {blocking:#?}");
}
