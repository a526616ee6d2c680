//! `wxm wizard` as a person at a terminal uses it: the real process in a
//! pseudo-terminal, keys sent as typed, its procedure compared with `wxm decide`'s.

use engine::decide::{Answers, Wizard};
use expectrl::session::OsSession as Session;
use expectrl::{Eof, Expect};
use std::process::Command;
use std::time::Duration;

mod support;
use support::{wxm_on_a_fresh_folder, DemoData};

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";

fn move_user() -> Wizard {
    engine::builtin_catalog()
        .unwrap()
        .wizard("move-user")
        .unwrap()
        .clone()
}

/// `wxm wizard ARGS` in a wide pseudo-terminal, with its own data folder.
fn wizard_at_a_terminal(args: &[&str]) -> (Session, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wxm"));
    cmd.arg("wizard")
        .args(args)
        .env("WXM_DATA_DIR", data.path())
        .env("TERM", "xterm-256color");
    (in_a_wide_terminal(cmd), data)
}

/// `cmd` spawned in a wide pseudo-terminal that waits up to 30 s for what it expects.
fn in_a_wide_terminal(cmd: Command) -> Session {
    let mut session = Session::spawn(cmd).unwrap();
    session.get_process_mut().set_window_size(250, 60).unwrap();
    session.set_expect_timeout(Some(Duration::from_secs(30)));
    session
}

/// Moves down `index` rows of a list and chooses that row.
fn choose(session: &mut Session, index: usize) {
    session
        .send(format!("{}{ENTER}", DOWN.repeat(index)))
        .unwrap();
}

/// Waits for the question, then moves down to the answer and chooses it.
fn answer(session: &mut Session, wizard: &Wizard, input: &str, value: &str) {
    let input = wizard.input(input).unwrap();
    session.expect(input.question.as_str()).unwrap();
    choose(
        session,
        input.answers.iter().position(|a| a.value == value).unwrap(),
    );
}

/// Chooses "See what to do" and checks the result is what `wxm decide` prints for
/// these answers, to the character.
fn prints_what_decide_prints(session: &mut Session, answers: &[(&str, &str)]) {
    session.expect("See what to do").unwrap();
    session.send(ENTER).unwrap();
    let printed = rest_of_output(session);
    let expected = decide(answers);
    assert!(
        expected.contains("Steps:"),
        "the answers decide a procedure"
    );
    assert!(
        printed.ends_with(&expected),
        "the wizard's result differs from wxm decide's.\nwizard:\n{printed}\ndecide:\n{expected}"
    );
}

/// Everything the process prints until it ends, without the terminal's carriage returns.
fn rest_of_output(session: &mut Session) -> String {
    let found = session.expect(Eof).unwrap();
    String::from_utf8_lossy(found.as_bytes()).replace('\r', "")
}

fn decide(answers: &[(&str, &str)]) -> String {
    let mut cmd = wxm_on_a_fresh_folder();
    cmd.args(["decide", "move-user"]);
    for (input, value) in answers {
        cmd.arg("-a").arg(format!("{input}={value}"));
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

/// Answers the questions evaluation asks for, in its order, checking it is that order.
fn answer_as_asked(session: &mut Session, wizard: &Wizard, wanted: &[(&str, &str)]) {
    let mut given = Answers::new();
    loop {
        let decision = engine::decide::evaluate(wizard, &given).unwrap();
        let Some(next) = decision.pending.first() else {
            break;
        };
        let (_, value) = wanted
            .iter()
            .find(|(input, _)| input == next)
            .unwrap_or_else(|| panic!("the wizard asks {next}, which the test does not answer"));
        answer(session, wizard, next, value);
        given.insert(next.clone(), value.to_string());
    }
}

#[test]
fn move_user_asked_at_a_terminal_prints_the_procedure_wxm_decide_prints() {
    let wizard = move_user();
    let answers = [
        ("user_org", "consumer"),
        ("w4bw_org_exists", "yes"),
        ("method", "admin"),
        ("email_trust", "untrusted"),
    ];
    let (mut session, _data) = wizard_at_a_terminal(&["move-user"]);
    answer_as_asked(&mut session, &wizard, &answers);

    session.expect("Check your answers").unwrap();
    for (input, value) in answers {
        let input = wizard.input(input).unwrap();
        session.expect(input.question.as_str()).unwrap();
        session
            .expect(input.answer(value).unwrap().label.as_str())
            .unwrap();
    }
    prints_what_decide_prints(&mut session, &answers);
}

#[test]
fn changing_an_answer_asks_again_and_drops_the_answers_that_no_longer_matter() {
    let wizard = move_user();
    let (mut session, _data) = wizard_at_a_terminal(&["move-user"]);
    answer_as_asked(
        &mut session,
        &wizard,
        &[
            ("user_org", "consumer"),
            ("w4bw_org_exists", "no"),
            ("method", "admin"),
            ("email_trust", "trusted"),
        ],
    );
    session.expect("Check your answers").unwrap();
    let question = &wizard.input("user_org").unwrap().question;
    session
        .expect(format!("Change your answer to: {question}").as_str())
        .unwrap();
    // The first "Change" is under "See what to do".
    session.send(format!("{DOWN}{ENTER}")).unwrap();
    answer(&mut session, &wizard, "user_org", "customer");
    session.expect("Check your answers").unwrap();
    prints_what_decide_prints(&mut session, &[("user_org", "customer")]);
}

#[test]
fn a_question_mark_shows_the_help_and_not_sure_shows_how_to_find_out() {
    let wizard = move_user();
    let input = wizard.input("user_org").unwrap();
    let (mut session, _data) = wizard_at_a_terminal(&["move-user"]);

    session.expect(input.question.as_str()).unwrap();
    session.send("?").unwrap();
    session.expect("Help with this question").unwrap();
    session.send(ENTER).unwrap();
    session.expect(input.help.as_str()).unwrap();

    // Asked again, with "I'm not sure" under the answers.
    session.expect(input.question.as_str()).unwrap();
    session.expect("I'm not sure").unwrap();
    choose(&mut session, input.answers.len());
    session.expect("How to find out").unwrap();
    session.expect(input.unsure.as_deref().unwrap()).unwrap();
    // Never a guess: the same question again.
    answer(&mut session, &wizard, "user_org", "customer");
    prints_what_decide_prints(&mut session, &[("user_org", "customer")]);
}

/// `wxm wizard NAME` with standard input from a pipe: exits 2; its standard error.
fn wizard_from_a_pipe(name: &str) -> String {
    let out = wxm_on_a_fresh_folder()
        .args(["wizard", name])
        .write_stdin("")
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn without_a_terminal_it_exits_2_and_points_to_wxm_decide() {
    let stderr = wizard_from_a_pipe("move-user");
    assert!(stderr.contains("not a terminal"), "{stderr}");
    assert!(
        stderr.contains("wxm decide move-user -a user_org=consumer"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_wizard_exits_2_naming_the_wizards() {
    let stderr = wizard_from_a_pipe("move-users");
    assert!(stderr.contains("move-user"), "{stderr}");
}

#[test]
fn without_a_name_it_asks_what_you_want_to_do_first() {
    let catalog = engine::builtin_catalog().unwrap();
    let wizard = move_user();
    let (mut session, _data) = wizard_at_a_terminal(&[]);
    session.expect(catalog.start.question.as_str()).unwrap();
    let index = catalog
        .start
        .choices
        .iter()
        .position(|c| c.wizard == "move-user")
        .unwrap();
    session
        .expect(catalog.start.choices[index].label.as_str())
        .unwrap();
    choose(&mut session, index);
    session.expect(wizard.title.as_str()).unwrap();
    answer(&mut session, &wizard, "user_org", "customer");
    prints_what_decide_prints(&mut session, &[("user_org", "customer")]);
}

#[test]
fn signed_in_it_looks_the_answer_up_in_the_tenant_and_says_where_it_was_found() {
    let wizard = move_user();
    let (mut session, data) = signed_in_wizard("move-user");

    answer(&mut session, &wizard, "user_org", "consumer");
    // The look-up comes right after the answers.
    look_up(
        &mut session,
        &wizard,
        "w4bw_org_exists",
        "DemoTelecom+globex",
    );
    session.expect("Found in your Webex").unwrap();
    session.expect("sim-org-globex").unwrap();
    take_the_org_found_and_finish(&mut session, &wizard, "trusted");

    let audit = data
        .wxm()
        .args(["audit", "export", "--format", "json"])
        .output()
        .unwrap();
    let audit = String::from_utf8_lossy(&audit.stdout);
    assert!(audit.contains("enterprise-has-org"), "{audit}");
}

#[test]
fn with_out_the_plan_is_saved_as_wxm_plan_saves_it() {
    let wizard = move_user();
    let answers = [("user_org", "customer")];
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("plan.md");
    let file_arg = file.display().to_string();
    let (mut session, _data) =
        wizard_at_a_terminal(&["move-user", "--out", &file_arg, "--format", "md"]);
    answer_as_asked(&mut session, &wizard, &answers);
    session.expect("See what to do").unwrap();
    session.send(ENTER).unwrap();
    let printed = rest_of_output(&mut session);
    let saved = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}: {printed}"));
    let mut plan = wxm_on_a_fresh_folder();
    plan.args([
        "plan",
        "move-user",
        "-a",
        "user_org=customer",
        "--format",
        "md",
    ]);
    let expected = String::from_utf8(plan.assert().success().get_output().stdout.clone()).unwrap();
    // The plans carry the time they were made: compare them without it.
    let without_time = |s: &str| -> String {
        s.lines()
            .filter(|l| !l.contains(" UTC"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_time(&saved), without_time(&expected));
    assert!(saved.contains("## Steps"), "{saved}");
}

/// `wxm wizard NAME` signed in to the demo tenant (`wxm login --demo`), in a
/// pseudo-terminal; the data folder with it.
fn signed_in_wizard(name: &str) -> (Session, DemoData) {
    let data = DemoData::signed_in();
    let mut cmd = data.wxm();
    cmd.args(["wizard", name]).env("TERM", "xterm-256color");
    (in_a_wide_terminal(cmd), data)
}

/// After a look-up found the enterprise's org: move-user asks again with "yes" chosen and
/// Enter takes it; the rest answered, the answers show it was found and the result is
/// what `wxm decide` prints.
fn take_the_org_found_and_finish(session: &mut Session, wizard: &Wizard, email_trust: &str) {
    let question = &wizard.input("w4bw_org_exists").unwrap().question;
    session.expect(question.as_str()).unwrap();
    session.send(ENTER).unwrap();
    answer(session, wizard, "method", "admin");
    answer(session, wizard, "email_trust", email_trust);
    session.expect("Check your answers").unwrap();
    session.expect("Found in your Webex").unwrap();
    prints_what_decide_prints(
        session,
        &[
            ("user_org", "consumer"),
            ("w4bw_org_exists", "yes"),
            ("method", "admin"),
            ("email_trust", email_trust),
        ],
    );
}

/// Chooses "Look it up in your Webex" (right after the answers) and types `target`.
fn look_up(session: &mut Session, wizard: &Wizard, input: &str, target: &str) {
    let input = wizard.input(input).unwrap();
    session.expect(input.question.as_str()).unwrap();
    session.expect("Look it up in your Webex").unwrap();
    choose(session, input.answers.len());
    session.expect("The customer's").unwrap();
    session.send(format!("{target}{ENTER}")).unwrap();
}

#[test]
fn a_name_that_is_not_an_enterprise_id_is_not_found_and_the_enterprises_are_offered_to_pick_from() {
    let wizard = move_user();
    let (mut session, _data) = signed_in_wizard("move-user");
    answer(&mut session, &wizard, "user_org", "consumer");

    // A name, not an id: not found, nothing chosen, the enterprises to pick from.
    look_up(&mut session, &wizard, "w4bw_org_exists", "Globex");
    session
        .expect("The enterprise \"Globex\" was not found in your Webex — check the id.")
        .unwrap();
    session.expect("We did not choose an answer.").unwrap();
    session
        .expect("Enterprises in your Webex, to look up instead:")
        .unwrap();
    // The closest to what was typed comes first; "None of these" goes back.
    session.expect("DemoTelecom+globex").unwrap();
    session.expect("None of these").unwrap();
    session.send(format!("None of these{ENTER}")).unwrap();

    // Back at the question, with the look-up offered: again, and this time the enterprise is picked from the list: looked up in turn.
    look_up(&mut session, &wizard, "w4bw_org_exists", "Globex");
    session.expect("was not found in your Webex").unwrap();
    session
        .expect("Enterprises in your Webex, to look up instead:")
        .unwrap();
    session.send(ENTER).unwrap();
    session
        .expect("Found in your Webex: the enterprise DemoTelecom+globex has the organization sim-org-globex")
        .unwrap();
    session
        .expect("We chose that answer below; you can change it.")
        .unwrap();
    take_the_org_found_and_finish(&mut session, &wizard, "untrusted");
}

#[test]
fn an_organization_the_partner_does_not_manage_is_not_found_and_those_it_manages_are_offered() {
    let wizard = engine::builtin_catalog()
        .unwrap()
        .wizard("attach-org")
        .unwrap()
        .clone();
    let (mut session, _data) = signed_in_wizard("attach-org");
    look_up(&mut session, &wizard, "partner_access", "Harbor Dental");
    session
        .expect("The organization \"Harbor Dental\" was not found among the organizations you manage in Webex — check the id.")
        .unwrap();
    session.expect("We did not choose an answer.").unwrap();
    session
        .expect("Organizations you manage, to look up instead:")
        .unwrap();
    // By name and id; typing filters the list.
    session.expect("Globex (sim-org-globex)").unwrap();
    session.send(format!("sim-org-globex{ENTER}")).unwrap();
    session
        .expect("Found in your Webex: Globex (sim-org-globex).")
        .unwrap();
    session
        .expect("We chose that answer below; you can change it.")
        .unwrap();
    let question = &wizard.input("partner_access").unwrap().question;
    session.expect(question.as_str()).unwrap();
    // Ctrl-C stops the wizard: nothing saved, exit 1.
    session.send("\x03").unwrap();
    session.expect("You stopped the wizard").unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(
        session.get_process().wait().unwrap(),
        expectrl::process::unix::WaitStatus::Exited(session.get_process().pid(), 1)
    );
}
