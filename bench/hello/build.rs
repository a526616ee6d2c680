fn main() {
    // Like the app: the one command is declared, and granted by capabilities/main.json.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&["ready"])),
    )
    .expect("tauri build script failed");
}
