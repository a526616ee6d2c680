//! Wizard sessions on a real SQLite file: answers, outcome, progress and notes survive
//! a restart; changed answers drop the ones they make irrelevant; plans export.

use engine::plan::PlanFormat;
use engine::{ApiError, Engine};

fn untrusted_move(engine: &Engine) -> String {
    let s = engine.sessions().start_session("move-user").unwrap();
    assert_eq!(s.decision.pending[0], "user_org");
    for (input, value) in [
        ("user_org", "consumer"),
        ("w4bw_org_exists", "yes"),
        ("method", "admin"),
        ("email_trust", "untrusted"),
    ] {
        engine.sessions().answer(&s.id, input, value).unwrap();
    }
    s.id
}

#[test]
fn a_session_with_its_progress_and_notes_is_restored_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let engine = Engine::open(dir.path()).unwrap();
        let id = untrusted_move(&engine);
        let view = engine.sessions().session(&id).unwrap();
        assert_eq!(
            view.decision.outcome.as_deref(),
            Some("move-untrusted-email")
        );
        let first = view.decision.procedure.unwrap().steps[0].id.clone();
        engine
            .sessions()
            .set_step(&id, &first, true, "Checked on Monday")
            .unwrap();
        id
    };
    let engine = Engine::open(dir.path()).unwrap();
    let view = engine.sessions().session(&id).unwrap();
    assert_eq!(
        view.decision.outcome.as_deref(),
        Some("move-untrusted-email")
    );
    assert_eq!(view.progress.len(), 1);
    assert!(view.progress[0].done);
    assert_eq!(view.progress[0].note, "Checked on Monday");
    let recent = engine.sessions().recent_sessions(10).unwrap();
    assert_eq!(recent.len(), 1);
    assert_eq!(recent[0].steps_done, 1);
    assert!(recent[0].steps_total > 5);
    assert_eq!(
        recent[0].outcome_title.as_deref(),
        Some(view.decision.procedure.unwrap().title.as_str())
    );
}

#[test]
fn changing_an_answer_drops_the_answers_it_makes_irrelevant() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let id = untrusted_move(&engine);
    let view = engine
        .sessions()
        .answer(&id, "user_org", "customer")
        .unwrap();
    assert_eq!(
        view.decision.outcome.as_deref(),
        Some("attach-existing-org")
    );
    assert_eq!(view.decision.answers.len(), 1);
    let view = engine
        .sessions()
        .answer(&id, "user_org", "consumer")
        .unwrap();
    assert_eq!(view.decision.outcome, None);
    assert_eq!(
        view.decision.pending[0], "w4bw_org_exists",
        "the dropped question is asked again"
    );
}

#[test]
fn steps_are_worded_from_the_readers_side() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let partner = engine.sessions().start_session("move-user").unwrap();
    assert_eq!(partner.actors["partner_admin"], "You");
    assert_eq!(
        partner.actors["customer_admin"],
        "The customer's administrator"
    );
    let customer = engine.sessions().start_session("grant-full-admin").unwrap();
    assert_eq!(customer.actors["customer_admin"], "You");
    assert_eq!(customer.actors["partner_admin"], "Your partner");
}

#[test]
fn unknown_sessions_steps_and_answers_are_refused_with_codes() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let code = |e: engine::EngineError| ApiError::from(&e).code;
    assert_eq!(
        code(engine.sessions().session("nope").unwrap_err()),
        "unknown_session"
    );
    assert_eq!(
        code(engine.sessions().start_session("nope").unwrap_err()),
        "unknown_wizard"
    );
    let id = untrusted_move(&engine);
    assert_eq!(
        code(
            engine
                .sessions()
                .answer(&id, "user_org", "maybe")
                .unwrap_err()
        ),
        "unknown_answer"
    );
    assert_eq!(
        code(
            engine
                .sessions()
                .set_step(&id, "no-such-step", true, "")
                .unwrap_err()
        ),
        "unknown_step"
    );
    // Nothing was lost by the bad calls.
    assert_eq!(
        engine
            .sessions()
            .session(&id)
            .unwrap()
            .decision
            .outcome
            .as_deref(),
        Some("move-untrusted-email")
    );
}

#[test]
fn deleting_a_session_removes_it_and_its_progress() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let id = untrusted_move(&engine);
    let step = engine
        .sessions()
        .session(&id)
        .unwrap()
        .decision
        .procedure
        .unwrap()
        .steps[0]
        .id
        .clone();
    engine.sessions().set_step(&id, &step, true, "").unwrap();
    engine.sessions().delete_session(&id).unwrap();
    assert!(engine.sessions().recent_sessions(10).unwrap().is_empty());
    assert!(engine.sessions().session(&id).is_err());
    assert!(engine.sessions().delete_session(&id).is_err());
}

#[test]
fn an_exported_plan_lists_answers_reason_and_every_step_with_status_note_and_source() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path()).unwrap();
    let id = untrusted_move(&engine);
    let view = engine.sessions().session(&id).unwrap();
    let steps = view.decision.procedure.clone().unwrap().steps;
    engine
        .sessions()
        .set_step(&id, &steps[0].id, true, "Done <quickly> & well")
        .unwrap();
    let out = dir.path().join("exports");
    let path = engine.sessions().export_plan(&id, Some(&out)).unwrap();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("@media print"), "print styles");
    assert!(
        !html.contains("<script") && !html.contains("http"),
        "self-contained, no remote content"
    );
    assert!(html.contains(&view.decision.reason.clone().unwrap().replace('\'', "&#39;")));
    assert!(html.contains("Untrusted emails"), "the answers are listed");
    assert!(
        html.contains("Done &lt;quickly&gt; &amp; well"),
        "notes are escaped"
    );
    assert_eq!(html.matches("<li>").count(), steps.len());
    assert!(html.contains("Move User (with Untrusted Email) (000_46469c60bdbba104.txt)"));
    let md = engine.sessions().plan(&id, PlanFormat::Markdown).unwrap();
    assert!(md.contains("1. [x] **You**"));
    assert_eq!(md.matches("Status: ").count(), steps.len());
}
