//! Commands for the procedures' API actions. Each is a few lines: call the engine and
//! hand back its answer, or the problem explained in plain words.

use crate::AppState;
use engine::actions::{
    ActionContext, CheckResult, DetachTargets, EnterpriseChoice, PrecheckView, ProvisionForm,
    RemovalKind, RemovalReport, SubscriberView,
};
use engine::explain::Explained;
use tauri::State;

fn explained(e: engine::EngineError) -> Explained {
    Explained::from(&e)
}

#[tauri::command]
pub async fn tenant_enterprises(
    state: State<'_, AppState>,
    ctx: ActionContext,
) -> Result<Vec<EnterpriseChoice>, Explained> {
    state.engine.enterprises(&ctx).await.map_err(explained)
}

#[tauri::command]
pub async fn precheck_user(
    state: State<'_, AppState>,
    ctx: ActionContext,
    form: ProvisionForm,
) -> Result<PrecheckView, Explained> {
    state.engine.precheck(&ctx, &form).await.map_err(explained)
}

#[tauri::command]
pub async fn provision_subscriber(
    state: State<'_, AppState>,
    ctx: ActionContext,
    form: ProvisionForm,
) -> Result<SubscriberView, Explained> {
    state.engine.provision(&ctx, &form).await.map_err(explained)
}

#[tauri::command]
pub async fn subscriber_status(
    state: State<'_, AppState>,
    ctx: ActionContext,
    id: String,
) -> Result<SubscriberView, Explained> {
    state
        .engine
        .subscriber_status(&ctx, &id)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn resend_consent_email(
    state: State<'_, AppState>,
    ctx: ActionContext,
    id: String,
) -> Result<(), Explained> {
    state
        .engine
        .resend_consent_email(&ctx, &id)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn detach_targets(
    state: State<'_, AppState>,
    ctx: ActionContext,
    enterprise: String,
) -> Result<DetachTargets, Explained> {
    state
        .engine
        .detach_targets(&ctx, &enterprise)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn remove_items(
    state: State<'_, AppState>,
    ctx: ActionContext,
    kind: RemovalKind,
    ids: Vec<String>,
) -> Result<RemovalReport, Explained> {
    state
        .engine
        .remove(&ctx, kind, &ids)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn verify_full_admin(
    state: State<'_, AppState>,
    ctx: ActionContext,
    org: String,
) -> Result<CheckResult, Explained> {
    state
        .engine
        .verify_full_admin(&ctx, &org)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn verify_org_attached(
    state: State<'_, AppState>,
    ctx: ActionContext,
    enterprise: String,
) -> Result<CheckResult, Explained> {
    state
        .engine
        .verify_org_attached(&ctx, &enterprise)
        .await
        .map_err(explained)
}

#[tauri::command]
pub fn session_subscribers(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<String>, Explained> {
    state.engine.session_subscribers(&id).map_err(explained)
}

/// Checks a provisioning form without sending anything; an empty list means it is fine.
#[tauri::command]
pub fn check_provision_form(form: ProvisionForm) -> Vec<engine::actions::FieldProblem> {
    engine::actions::validate(&form).err().unwrap_or_default()
}

/// The audit log, filtered, for the activity log page.
#[tauri::command]
pub fn audit_log(
    state: State<'_, AppState>,
    filter: engine::audit::AuditFilter,
) -> Result<Vec<engine::audit::AuditRecord>, Explained> {
    state.engine.audit_records(&filter).map_err(explained)
}

/// Looks up the answer to a question in the tenant, with where it was found.
#[tauri::command]
pub async fn lookup_answer(
    state: State<'_, AppState>,
    id: String,
    input: String,
    target: String,
) -> Result<engine::lookups::LookupResult, Explained> {
    state
        .engine
        .lookup(&id, &input, &target)
        .await
        .map_err(explained)
}

/// Removes a failed subscriber and provisions it again with the same details.
#[tauri::command]
pub async fn reprovision_subscriber(
    state: State<'_, AppState>,
    ctx: ActionContext,
    id: String,
) -> Result<SubscriberView, Explained> {
    state.engine.reprovision(&ctx, &id).await.map_err(explained)
}
