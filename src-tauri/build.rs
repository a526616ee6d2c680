//! Every app command (listed once, in src/commands.rs) gets an `allow-…` permission,
//! and the main window's capability is written to grant exactly these: nothing else
//! is callable from the webview.

include!("src/commands.rs");

/// The commands given to it, as written (`module :: command`).
macro_rules! command_paths {
    ($($first:ident $(:: $rest:ident)*),* $(,)?) => {
        &[$(stringify!($first $(:: $rest)*)),*]
    };
}

const COMMAND_PATHS: &[&str] = with_app_commands!(command_paths);

/// The command names, without their module paths.
fn commands() -> Vec<&'static str> {
    COMMAND_PATHS
        .iter()
        .map(|p| p.rsplit("::").next().unwrap_or(p).trim())
        .collect()
}

fn capability() -> String {
    let permissions: Vec<String> = commands()
        .iter()
        .map(|c| format!("    \"allow-{}\"", c.replace('_', "-")))
        .collect();
    format!(
        r#"{{
  "$schema": "../gen/schemas/desktop-schema.json",
  "identifier": "main",
  "description": "Written by build.rs from src/commands.rs. The main window may call the app's own commands and nothing else: no core or plugin commands.",
  "windows": [
    "main"
  ],
  "permissions": [
{}
  ]
}}
"#,
        permissions.join(",\n")
    )
}

fn main() {
    // WXM_VERSION and WXM_BUILD, for the About page (as `wxm --version` says them).
    build_info::emit();
    println!("cargo:rerun-if-changed=src/commands.rs");
    let path = std::path::Path::new("capabilities/main.json");
    let text = capability();
    if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(path, text).expect("cannot write capabilities/main.json");
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands().leak())),
    )
    .expect("tauri build script failed");
}
