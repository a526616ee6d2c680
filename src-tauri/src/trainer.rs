//! Commands for the trainer's "End user's screen" (demo mode only): the end user, the
//! customer's administrator and the clock, played through the engine. Each refuses with
//! `not_demo` outside the demo tenant.

use crate::AppState;
use engine::actions::{ActionContext, SubscriberView};
use engine::explain::Explained;
use engine::trainer::{Mailbox, ScenarioInfo, TrainerOutcome};
use tauri::State;

fn explained(e: engine::EngineError) -> Explained {
    Explained::from(&e)
}

#[tauri::command]
pub fn trainer_scenarios() -> Vec<ScenarioInfo> {
    engine::trainer::scenarios()
}

#[tauri::command]
pub async fn trainer_mailbox(state: State<'_, AppState>, to: String) -> Result<Mailbox, Explained> {
    state.engine.end_user_mailbox(&to).await.map_err(explained)
}

#[tauri::command]
pub async fn trainer_enter_email(
    state: State<'_, AppState>,
    sp_enterprise_id: String,
    user_id: String,
    email: String,
) -> Result<TrainerOutcome, Explained> {
    state
        .engine
        .end_user_enter_email(&sp_enterprise_id, &user_id, &email)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn trainer_click_email(
    state: State<'_, AppState>,
    subscriber_id: String,
    kind: String,
) -> Result<TrainerOutcome, Explained> {
    state
        .engine
        .end_user_click(&subscriber_id, &kind)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn trainer_log_in(
    state: State<'_, AppState>,
    email: String,
) -> Result<TrainerOutcome, Explained> {
    state
        .engine
        .end_user_log_in(&email)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn trainer_delete_old_account(
    state: State<'_, AppState>,
    email: String,
) -> Result<TrainerOutcome, Explained> {
    state
        .engine
        .end_user_delete_old_account(&email)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn trainer_self_activate(
    state: State<'_, AppState>,
    sp_enterprise_id: String,
    user_id: String,
    email: String,
) -> Result<TrainerOutcome, Explained> {
    state
        .engine
        .end_user_self_activate(&sp_enterprise_id, &user_id, &email)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn trainer_approve_partner(
    state: State<'_, AppState>,
    org_id: String,
    email: String,
) -> Result<TrainerOutcome, Explained> {
    state
        .engine
        .customer_admin_approve(&org_id, &email)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn trainer_let_time_pass(
    state: State<'_, AppState>,
    seconds: u32,
) -> Result<TrainerOutcome, Explained> {
    state
        .engine
        .trainer_advance_clock(seconds)
        .await
        .map_err(explained)
}

#[tauri::command]
pub async fn trainer_reset(
    state: State<'_, AppState>,
    scenario: String,
) -> Result<TrainerOutcome, Explained> {
    state
        .engine
        .trainer_reset(&scenario)
        .await
        .map_err(explained)
}

/// Follows a subscriber found by enterprise and user id (e.g. one who activated
/// themselves) in the session's status panel.
#[tauri::command]
pub async fn follow_subscriber(
    state: State<'_, AppState>,
    ctx: ActionContext,
    sp_enterprise_id: String,
    user_id: String,
) -> Result<SubscriberView, Explained> {
    state
        .engine
        .follow_subscriber(&ctx, &sp_enterprise_id, &user_id)
        .await
        .map_err(explained)
}
