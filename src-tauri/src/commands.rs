// The app's commands, listed once. `main.rs` registers them with Tauri
// (`generate_handler!`), and `build.rs` makes each an `allow-…` permission and writes
// the window's capability granting exactly these. `ui/src/lib/api.ts` calls them by
// name; a test checks that it calls no other and leaves none out.
//
// This file is read by `build.rs` too (`include!`), so it holds only the list.

/// Calls `$then! { command, module::command, … }` with every app command.
macro_rules! with_app_commands {
    ($then:ident) => {
        $then! {
            start_page,
            bench::ui_ready,
            connection_status,
            connect_demo,
            signin::resume_sign_in,
            signin::sign_in_settings,
            signin::sign_in_with_token,
            signin::start_webex_sign_in,
            signin::finish_webex_sign_in,
            signin::cancel_sign_in,
            signin::sign_out,
            recent_sessions,
            start_session,
            get_session,
            answer_question,
            set_step,
            delete_session,
            export_plan,
            messenger_import,
            messenger_notices,
            files::choose_file,
            files::choose_folder,
            trainer::trainer_scenarios,
            trainer::trainer_mailbox,
            trainer::trainer_enter_email,
            trainer::trainer_click_email,
            trainer::trainer_log_in,
            trainer::trainer_delete_old_account,
            trainer::trainer_self_activate,
            trainer::trainer_approve_partner,
            trainer::trainer_let_time_pass,
            trainer::trainer_reset,
            trainer::follow_subscriber,
            actions::tenant_enterprises,
            actions::precheck_user,
            actions::provision_subscriber,
            actions::subscriber_status,
            actions::resend_consent_email,
            actions::detach_targets,
            actions::remove_items,
            actions::verify_full_admin,
            actions::verify_org_attached,
            actions::session_subscribers,
            actions::check_provision_form,
            actions::audit_log,
            actions::lookup_answer,
            actions::reprovision_subscriber,
            bulk::bulk_plan,
            bulk::bulk_run,
            bulk::bulk_progress,
            bulk::bulk_job_plan,
            bulk::bulk_jobs,
            bulk::bulk_pause,
            bulk::bulk_cancel,
            bulk::bulk_retry_failed,
            bulk::bulk_report,
            bulk::bulk_job_report
        }
    };
}
