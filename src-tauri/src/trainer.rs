//! Commands for the trainer's "End user's screen" (demo mode only): the end user, the
//! customer's administrator and the clock, played through the engine. Each refuses with
//! `not_demo` outside the demo tenant.

use engine::actions::{ActionContext, SubscriberView};
use engine::trainer::{Mailbox, ScenarioInfo, TrainerOutcome};

#[tauri::command]
pub fn trainer_scenarios() -> Vec<ScenarioInfo> {
    engine::trainer::scenarios()
}

explained_command!(trainer_mailbox(to: String) -> Mailbox = trainer.end_user_mailbox(&to));

explained_command!(trainer_enter_email(sp_enterprise_id: String, user_id: String, email: String) -> TrainerOutcome = trainer.end_user_enter_email(&sp_enterprise_id, &user_id, &email));

explained_command!(trainer_click_email(subscriber_id: String, kind: String) -> TrainerOutcome = trainer.end_user_click(&subscriber_id, &kind));

explained_command!(trainer_log_in(email: String) -> TrainerOutcome = trainer.end_user_log_in(&email));

explained_command!(trainer_delete_old_account(email: String) -> TrainerOutcome = trainer.end_user_delete_old_account(&email));

explained_command!(trainer_self_activate(sp_enterprise_id: String, user_id: String, email: String) -> TrainerOutcome = trainer.end_user_self_activate(&sp_enterprise_id, &user_id, &email));

explained_command!(trainer_approve_partner(org_id: String, email: String) -> TrainerOutcome = trainer.customer_admin_approve(&org_id, &email));

explained_command!(trainer_let_time_pass(seconds: u32) -> TrainerOutcome = trainer.trainer_advance_clock(seconds));

explained_command!(trainer_reset(scenario: String) -> TrainerOutcome = trainer.trainer_reset(&scenario));

// Follows a subscriber found by enterprise and user id (e.g. one who activated
// themselves) in the session's status panel.
explained_command!(follow_subscriber(ctx: ActionContext, sp_enterprise_id: String, user_id: String) -> SubscriberView = actions.follow_subscriber(&ctx, &sp_enterprise_id, &user_id));
