//! The task list follows what really happened: a move-user session's steps become done
//! from evidence — the precheck and provisioning that worked, each status Webex
//! reported on the way — with why and when, survive a restart, and a tick or untick
//! by hand still wins and says so.

use engine::actions::{ActionContext, RemovalKind};
use engine::Engine;
use std::collections::BTreeMap;

mod support;
use support::demo::{form, Demo};

fn done_steps(view: &engine::sessions::SessionView) -> BTreeMap<String, (bool, bool, String)> {
    view.progress
        .iter()
        .map(|p| {
            (
                p.step_id.clone(),
                (
                    p.done,
                    p.manual,
                    p.evidence
                        .as_ref()
                        .map(|e| e.why.clone())
                        .unwrap_or_default(),
                ),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_trusted_email_move_ticks_its_steps_from_evidence_until_the_last() {
    let d = Demo::start().await;
    let sessions = d.engine.sessions();
    let (session_id, ctx) = d.session_ctx("move-user");
    for (input, value) in [
        ("user_org", "consumer"),
        ("w4bw_org_exists", "yes"),
        ("method", "admin"),
        ("email_trust", "trusted"),
    ] {
        sessions.answer(&session_id, input, value).unwrap();
    }
    let view = sessions.session(&session_id).unwrap();
    assert_eq!(view.decision.outcome.as_deref(), Some("move-trusted-email"));
    assert!(view.progress.is_empty(), "nothing is done yet");

    let sam = form(
        "sam.globex@bw.demo-telecom.example",
        "DemoTelecom+globex",
        "sim-tmpl-trusted",
        "sam.free@mail.example",
    );
    let check = d.engine.actions().precheck(&ctx, &sam).await.unwrap();
    assert!(check.ok);
    let s = d.engine.actions().provision(&ctx, &sam).await.unwrap();
    assert_eq!(s.state.status, "pending_user_migration");

    let steps = done_steps(&sessions.session(&session_id).unwrap());
    assert!(steps["precheck"].0 && steps["precheck"].2.contains("expects"));
    assert!(steps["add-user"].0 && steps["add-user"].2.starts_with("Webex accepted"));
    assert!(
        steps["email-sent"].0,
        "Webex reports the consent email sent: {steps:?}"
    );
    assert!(steps["email-sent"]
        .2
        .contains("waiting for the user to agree"));
    assert!(steps["pushed-to-bridge"].0 && steps["existing-account-found"].0);
    assert!(
        !steps.contains_key("delete-old-account"),
        "the user has not acted yet"
    );
    assert!(!steps.contains_key("provisioned"));

    // The user plays their part; the app only reads the status.
    d.user_agrees(&s.id, "sam.free@mail.example").await;
    let now = d.status(&ActionContext::default(), &s.id).await;
    assert_eq!(now.state.status, "provisioned");

    let view = sessions.session(&session_id).unwrap();
    let steps = done_steps(&view);
    for step in [
        "activate-account",
        "sign-in",
        "delete-old-account",
        "old-account-deleted",
        "provisioned",
        "download",
    ] {
        assert!(
            steps[step].0,
            "{step} is done from Webex's status: {steps:?}"
        );
        assert!(!steps[step].1, "{step} was not ticked by hand");
    }
    assert!(steps["provisioned"]
        .2
        .contains("set up in Webex for BroadWorks"));
    let procedure = view.decision.procedure.as_ref().unwrap();
    let last = procedure.steps.last().unwrap();
    assert!(steps[&last.id].0, "the progress line reaches the last step");
    let summary = sessions.recent_sessions(5).unwrap();
    let line = summary.iter().find(|s| s.id == session_id).unwrap();
    let unproven: Vec<&str> = procedure
        .steps
        .iter()
        .filter(|st| !steps.get(&st.id).is_some_and(|s| s.0))
        .map(|st| st.id.as_str())
        .collect();
    assert_eq!(
        line.steps_done as usize,
        procedure.steps.len() - unproven.len(),
        "the progress line counts the evidence"
    );
    assert_eq!(
        unproven,
        ["org-exists", "template-trusted"],
        "only the checks before you start are left to you"
    );

    // The saved plan says why each step is done.
    let plan = sessions
        .plan(&session_id, engine::plan::PlanFormat::Markdown)
        .unwrap();
    assert!(plan.contains("Webex reports") && plan.contains("set up in Webex for BroadWorks"));

    // A mark by hand wins and says so; the evidence stays shown.
    let marked = sessions
        .set_step(&session_id, "download", false, "Not yet on the phone")
        .unwrap();
    let steps = done_steps(&marked);
    assert!(!steps["download"].0);
    assert!(steps["download"].1, "marked by hand");

    // A restart shows the same picture.
    let dir = d._dir.path().to_path_buf();
    let before = done_steps(&sessions.session(&session_id).unwrap());
    drop(d.engine);
    let reopened = Engine::open(&dir).unwrap();
    let after = done_steps(&reopened.sessions().session(&session_id).unwrap());
    assert_eq!(before, after);
}

#[tokio::test]
async fn a_detach_ticks_its_removal_steps_when_webex_lists_nothing_left() {
    let d = Demo::start().await;
    let sessions = d.engine.sessions();
    let (session_id, ctx) = d.session_ctx("detach-org");
    sessions.answer(&session_id, "flow", "standard").unwrap();
    sessions
        .answer(&session_id, "partner_has_access", "yes")
        .unwrap();
    let removal_steps = |view: &engine::sessions::SessionView| {
        let steps = done_steps(view);
        [
            "remove-workspaces",
            "remove-subscribers",
            "remove-pending-users",
        ]
        .map(|id| {
            steps
                .get(id)
                .cloned()
                .unwrap_or((false, false, String::new()))
        })
    };

    // A mistyped enterprise lists nothing, and proves nothing either.
    let typo = d.detach_targets(&ctx, "DemoTelecom+globx").await;
    assert!(typo.subscribers.is_empty() && typo.pending.is_empty());
    // Listing 120 subscribers and 2 pending users proves nothing yet.
    let before = d.detach_targets(&ctx, "DemoTelecom+globex").await;
    assert!(removal_steps(&sessions.session(&session_id).unwrap())
        .iter()
        .all(|(done, _, _)| !done));

    // A workspace Webex refused: the step waits.
    let listed = [
        "sim-ws-globex-lobby".to_string(),
        "no-such-workspace".to_string(),
    ];
    d.remove(&ctx, RemovalKind::Workspace, &listed).await;
    assert!(!removal_steps(&sessions.session(&session_id).unwrap())[0].0);
    // Every workspace named removed: done, saying what it cannot know.
    let report = d
        .remove(
            &ctx,
            RemovalKind::Workspace,
            &["sim-ws-globex-boardroom".to_string()],
        )
        .await;
    assert!(report.failed.is_empty());
    let [ws, subs, pending] = removal_steps(&sessions.session(&session_id).unwrap());
    assert!(ws.0 && !ws.1, "{ws:?}");
    assert!(
        ws.2.contains("sim-ws-globex-boardroom") && ws.2.contains("check that none is left"),
        "{ws:?}"
    );
    assert!(!subs.0 && !pending.0);

    // The pending users removed, then listed again: Webex lists none, so that step is done.
    let ids: Vec<String> = before.pending.iter().map(|s| s.id.clone()).collect();
    d.remove(&ctx, RemovalKind::Subscriber, &ids).await;
    d.detach_targets(&ctx, "DemoTelecom+globex").await;
    let [_, subs, pending] = removal_steps(&sessions.session(&session_id).unwrap());
    assert!(
        pending.0
            && pending
                .2
                .contains("no pending users for DemoTelecom+globex"),
        "{pending:?}"
    );
    assert!(!subs.0, "120 subscribers are still there");

    let ids: Vec<String> = before.subscribers.iter().map(|s| s.id.clone()).collect();
    d.remove(&ctx, RemovalKind::Subscriber, &ids).await;
    d.detach_targets(&ctx, "DemoTelecom+globex").await;
    let [_, subs, _] = removal_steps(&sessions.session(&session_id).unwrap());
    assert!(
        subs.0 && subs.2.contains("no subscribers for DemoTelecom+globex"),
        "{subs:?}"
    );

    // A restart shows the same picture.
    let again = Engine::open(d.engine.data_dir()).unwrap();
    let view = again.sessions().session(&session_id).unwrap();
    assert!(removal_steps(&view).iter().all(|(done, _, _)| *done));
}
