fn main() {
    // Every app command is declared here, so each gets an `allow-…` permission and
    // nothing is callable unless a capability grants it.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "start_page",
            "connection_status",
            "connect_demo",
            "recent_sessions",
            "start_session",
            "get_session",
            "answer_question",
            "set_step",
            "delete_session",
            "export_plan",
        ]),
    ))
    .expect("tauri build script failed");
}
