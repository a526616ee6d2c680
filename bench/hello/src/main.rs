//! A hello-world Tauri app, built with the workspace's release profile and the app's
//! Tauri features: `cargo xtask bench app` runs it beside the app, so what WebKitGTK and
//! Tauri cost on their own is separated from what the app adds. Not part of the product.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::io::Write;

/// Called by the page once shown; appends "start" to `WXM_READY_FILE` like the app does.
#[tauri::command]
fn ready() {
    if let Some(path) = std::env::var_os("WXM_READY_FILE").filter(|p| !p.is_empty()) {
        let _ = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(b"start\n"));
    }
}

fn main() {
    // Drawn as the app draws its pages (see the app's `desktop::draw_without_compositing`),
    // so that what the app adds over WebKitGTK is measured like for like.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
        .expect("the hello-world app could not start");
}
