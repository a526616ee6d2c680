//! Commands for the procedures' API actions. Each is a few lines: call the engine and
//! hand back its answer, or the problem in plain words ({code, message, hint, details?}).

use crate::AppState;
use engine::actions::{
    ActionContext, CheckResult, DetachTargets, EnterpriseChoice, PrecheckView, ProvisionForm,
    RemovalKind, RemovalReport, SubscriberView,
};
use engine::ApiError;
use tauri::State;

explained_command!(tenant_enterprises(ctx: ActionContext) -> Vec<EnterpriseChoice> = actions.enterprises(&ctx));

explained_command!(precheck_user(ctx: ActionContext, form: ProvisionForm) -> PrecheckView = actions.precheck(&ctx, &form));

explained_command!(provision_subscriber(ctx: ActionContext, form: ProvisionForm) -> SubscriberView = actions.provision(&ctx, &form));

explained_command!(subscriber_status(ctx: ActionContext, id: String) -> SubscriberView = actions.subscriber_status(&ctx, &id));

explained_command!(resend_consent_email(ctx: ActionContext, id: String) -> () = actions.resend_consent_email(&ctx, &id));

explained_command!(detach_targets(ctx: ActionContext, enterprise: String) -> DetachTargets = actions.detach_targets(&ctx, &enterprise));

explained_command!(remove_items(ctx: ActionContext, kind: RemovalKind, ids: Vec<String>) -> RemovalReport = actions.remove(&ctx, kind, &ids));

explained_command!(verify_full_admin(ctx: ActionContext, org: String) -> CheckResult = actions.verify_full_admin(&ctx, &org));

explained_command!(verify_org_attached(ctx: ActionContext, enterprise: String) -> CheckResult = actions.verify_org_attached(&ctx, &enterprise));

#[tauri::command(async)]
pub fn session_subscribers(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<String>, ApiError> {
    Ok(state.engine.actions().session_subscribers(&id)?)
}

/// Checks a provisioning form without sending anything; an empty list means it is fine.
#[tauri::command]
pub fn check_provision_form(form: ProvisionForm) -> Vec<engine::actions::FieldProblem> {
    engine::actions::validate(&form).err().unwrap_or_default()
}

/// The audit log, filtered, for the activity log page: the newest `newest` lines (all
/// when not given), oldest first.
#[tauri::command(async)]
pub fn audit_log(
    state: State<'_, AppState>,
    filter: engine::audit::AuditFilter,
    newest: Option<u32>,
) -> Result<Vec<engine::audit::AuditRecord>, ApiError> {
    Ok(state
        .engine
        .audit_log()
        .newest_audit_records(&filter, newest.map(|n| n as usize))?)
}

// Looks up the answer to a question in the tenant, with where it was found.
explained_command!(lookup_answer(id: String, input: String, target: String) -> engine::lookups::LookupResult = sessions.lookup(&id, &input, &target));

// Removes a failed subscriber and provisions it again with the same details.
explained_command!(reprovision_subscriber(ctx: ActionContext, id: String) -> SubscriberView = actions.reprovision(&ctx, &id));
