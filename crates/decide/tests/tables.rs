//! The product's tables, checked against the decision contract and the seeds: every
//! combination of answers, partial answers, sources, and deliberately broken tables.

use decide::{evaluate, verify, Answers, Catalog, Decision, Problem, SourceTexts, Wizard};
use std::path::PathBuf;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn product_tables() -> Catalog {
    Catalog::load_dir(&manifest().join("../../tables")).expect("tables/ parses")
}

fn seeds() -> SourceTexts {
    SourceTexts::load(&manifest().join("../../../shared/seeds"))
        .expect("../shared/seeds is beside the repository")
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn decide(catalog: &Catalog, wizard: &str, pairs: &[(&str, &str)]) -> Decision {
    let w = catalog.wizard(wizard).expect("wizard exists");
    evaluate(w, &answers(pairs)).expect("valid answers")
}

/// The decision contract of design.md: wizard → inputs with values, and outcomes.
/// Input id with its answer values.
type InputValues = (&'static str, &'static [&'static str]);
/// Wizard id, its inputs in asking order, and its outcomes.
type WizardContract = (
    &'static str,
    &'static [InputValues],
    &'static [&'static str],
);

const CONTRACT: &[WizardContract] = &[
    (
        "move-user",
        &[
            ("user_org", &["consumer", "customer"]),
            ("w4bw_org_exists", &["yes", "no"]),
            ("method", &["admin", "self"]),
            ("email_trust", &["trusted", "untrusted"]),
        ],
        &[
            "provision-first-user",
            "move-trusted-email",
            "move-untrusted-email",
            "self-activation",
            "attach-existing-org",
        ],
    ),
    (
        "attach-org",
        &[
            ("partner_access", &["none", "full_admin"]),
            ("org_users_100_plus", &["yes", "no"]),
            ("org_domain_verified", &["yes", "no"]),
            ("org_domain_claimed", &["yes", "no"]),
            ("org_licenses", &["active", "none_or_inactive"]),
        ],
        &[
            "provision-as-full-admin",
            "customer-approval-required",
            "auto-attach-provisioning-admin",
            "auto-attach-full-admin",
        ],
    ),
    (
        "grant-full-admin",
        &[
            ("request_email_received", &["yes", "no"]),
            ("more_partner_admins", &["yes", "no"]),
        ],
        &["approve-request", "add-external-admin-manually"],
    ),
    (
        "detach-org",
        &[
            ("flow", &["standard", "hybrid"]),
            ("partner_has_access", &["yes", "no"]),
        ],
        &["detach-standard", "detach-hybrid"],
    ),
    (
        "messenger-guest-to-business",
        &[("messenger_version", &["6_or_later", "before_6"])],
        &["reactivate-inactive-users", "use-migration-tab"],
    ),
];

#[test]
fn the_tables_use_exactly_the_public_decision_contract() {
    let catalog = product_tables();
    assert_eq!(
        catalog.wizard_ids(),
        CONTRACT.iter().map(|c| c.0).collect::<Vec<_>>()
    );
    for (id, inputs, outcomes) in CONTRACT {
        let w = catalog.wizard(id).unwrap();
        let got: Vec<(&str, Vec<&str>)> = w
            .inputs
            .iter()
            .map(|i| (i.id.as_str(), i.values().collect()))
            .collect();
        let want: Vec<(&str, Vec<&str>)> = inputs.iter().map(|(i, vs)| (*i, vs.to_vec())).collect();
        assert_eq!(got, want, "{id}: inputs");
        let mut got: Vec<&str> = w.outcomes.iter().map(|o| o.id.as_str()).collect();
        let mut want = outcomes.to_vec();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{id}: outcomes");
    }
}

#[test]
fn the_product_tables_verify_clean_with_every_source_found_in_the_seeds() {
    let problems = verify(&product_tables(), Some(&seeds()));
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "{}", text.join("\n"));
}

/// What the seeds say, written independently of the tables.
fn expected(wizard: &str, a: &Answers) -> &'static str {
    let v = |k: &str| a[k].as_str();
    match wizard {
        // "Customer organization" → attach; consumer/self-signup: no org yet → normal
        // provisioning of the first user; org exists → the consent-based methods.
        "move-user" => match (
            v("user_org"),
            v("w4bw_org_exists"),
            v("method"),
            v("email_trust"),
        ) {
            ("customer", _, _, _) => "attach-existing-org",
            ("consumer", "no", _, _) => "provision-first-user",
            ("consumer", "yes", "self", _) => "self-activation",
            ("consumer", "yes", "admin", "trusted") => "move-trusted-email",
            ("consumer", "yes", "admin", "untrusted") => "move-untrusted-email",
            _ => unreachable!(),
        },
        // Approval needed if ≥100 users, a verified domain or a claimed domain — unless
        // the partner already is an external Full Admin ("you should not observe the
        // error 2017"). Otherwise automatic attach: Provisioning Admin, or Full Admin when
        // the org has no or only suspended/cancelled licences.
        "attach-org" => {
            if v("partner_access") == "full_admin" {
                "provision-as-full-admin"
            } else if v("org_users_100_plus") == "yes"
                || v("org_domain_verified") == "yes"
                || v("org_domain_claimed") == "yes"
            {
                "customer-approval-required"
            } else if v("org_licenses") == "active" {
                "auto-attach-provisioning-admin"
            } else {
                "auto-attach-full-admin"
            }
        }
        "grant-full-admin" => match v("request_email_received") {
            "yes" => "approve-request",
            _ => "add-external-admin-manually",
        },
        "detach-org" => match v("flow") {
            "standard" => "detach-standard",
            _ => "detach-hybrid",
        },
        "messenger-guest-to-business" => match v("messenger_version") {
            "6_or_later" => "reactivate-inactive-users",
            _ => "use-migration-tab",
        },
        other => panic!("unexpected wizard {other}"),
    }
}

fn all_combinations(w: &Wizard) -> Vec<Answers> {
    let mut all = vec![Answers::new()];
    for input in &w.inputs {
        all = all
            .into_iter()
            .flat_map(|a| {
                input.values().map(move |v| {
                    let mut b = a.clone();
                    b.insert(input.id.clone(), v.to_string());
                    b
                })
            })
            .collect();
    }
    all
}

#[test]
fn every_combination_of_answers_reaches_the_outcome_the_seeds_give() {
    let catalog = product_tables();
    let mut checked = 0;
    for wf in &catalog.wizards {
        let w = &wf.wizard;
        for a in all_combinations(w) {
            let d = evaluate(w, &a).unwrap();
            assert_eq!(
                d.outcome.as_deref(),
                Some(expected(&w.id, &a)),
                "{}: {a:?}",
                w.id
            );
            assert!(
                d.pending.is_empty(),
                "{}: nothing is pending once all is answered: {a:?}",
                w.id
            );
            assert!(
                d.rule.is_some() && d.reason.as_ref().is_some_and(|r| !r.contains('{')),
                "{}: {a:?}",
                w.id
            );
            let procedure = d.procedure.expect("a decided outcome has a procedure");
            assert!(!procedure.steps.is_empty());
            checked += 1;
        }
    }
    assert_eq!(checked, 16 + 32 + 4 + 4 + 2);
}

#[test]
fn the_insta_snapshot_shows_the_whole_answers_to_outcome_mapping() {
    let catalog = product_tables();
    let mut out = String::new();
    for wf in &catalog.wizards {
        let w = &wf.wizard;
        out.push_str(&format!("## {}\n", w.id));
        for a in all_combinations(w) {
            let d = evaluate(w, &a).unwrap();
            let answers: Vec<String> = a.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let steps: Vec<&str> = d
                .procedure
                .as_ref()
                .map(|p| p.steps.iter().map(|s| s.id.as_str()).collect())
                .unwrap_or_default();
            out.push_str(&format!(
                "{} -> {} [rule {}] steps: {}\n",
                answers.join(" "),
                d.outcome.unwrap_or_default(),
                d.rule.unwrap_or_default(),
                steps.join(", ")
            ));
        }
    }
    insta::assert_snapshot!("answers_to_outcomes", out);
}

#[test]
fn nothing_answered_asks_every_question_that_matters_in_order() {
    let catalog = product_tables();
    let d = decide(&catalog, "move-user", &[]);
    assert_eq!(d.outcome, None);
    assert_eq!(
        d.pending,
        ["user_org", "w4bw_org_exists", "method", "email_trust"]
    );
    assert!(d.procedure.is_none() && d.reason.is_none());
}

#[test]
fn a_user_in_a_customer_org_is_decided_by_the_first_answer_alone() {
    let d = decide(&product_tables(), "move-user", &[("user_org", "customer")]);
    assert_eq!(d.outcome.as_deref(), Some("attach-existing-org"));
    assert!(d.pending.is_empty(), "{:?}", d.pending);
    assert!(d.reason.unwrap().contains("company's Webex organization"));
}

#[test]
fn the_first_user_of_a_new_org_is_provisioned_without_asking_how_to_move_them() {
    let d = decide(
        &product_tables(),
        "move-user",
        &[("user_org", "consumer"), ("w4bw_org_exists", "no")],
    );
    assert_eq!(d.outcome.as_deref(), Some("provision-first-user"));
    assert!(d.pending.is_empty());
}

#[test]
fn self_activation_does_not_ask_about_email_trust() {
    let catalog = product_tables();
    let d = decide(
        &catalog,
        "move-user",
        &[("user_org", "consumer"), ("w4bw_org_exists", "yes")],
    );
    assert_eq!(d.outcome, None);
    assert_eq!(d.pending, ["method", "email_trust"]);
    let d = decide(
        &catalog,
        "move-user",
        &[
            ("user_org", "consumer"),
            ("w4bw_org_exists", "yes"),
            ("method", "self"),
        ],
    );
    assert_eq!(d.outcome.as_deref(), Some("self-activation"));
    assert!(d.pending.is_empty());
    let first = &d.procedure.unwrap().steps[0];
    assert_eq!(
        first.kind,
        decide::StepKind::Precondition,
        "an existing BroadWorks account is a precondition"
    );
}

#[test]
fn untrusted_email_move_waits_for_the_user_to_enter_an_email() {
    let d = decide(
        &product_tables(),
        "move-user",
        &[
            ("user_org", "consumer"),
            ("w4bw_org_exists", "yes"),
            ("method", "admin"),
            ("email_trust", "untrusted"),
        ],
    );
    assert_eq!(d.outcome.as_deref(), Some("move-untrusted-email"));
    let steps = d.procedure.unwrap().steps;
    assert!(steps
        .iter()
        .any(|s| s.actor == decide::Actor::EndUser && s.text.to_lowercase().contains("email")));
}

#[test]
fn any_one_approval_criterion_decides_customer_approval_early() {
    let catalog = product_tables();
    let d = decide(
        &catalog,
        "attach-org",
        &[("partner_access", "none"), ("org_users_100_plus", "yes")],
    );
    assert_eq!(d.outcome.as_deref(), Some("customer-approval-required"));
    assert!(d.pending.is_empty());
    let d = decide(&catalog, "attach-org", &[("partner_access", "full_admin")]);
    assert_eq!(d.outcome.as_deref(), Some("provision-as-full-admin"));
    assert!(d.pending.is_empty());
    let d = decide(
        &catalog,
        "attach-org",
        &[
            ("partner_access", "none"),
            ("org_users_100_plus", "no"),
            ("org_domain_verified", "no"),
            ("org_domain_claimed", "no"),
        ],
    );
    assert_eq!(d.outcome, None);
    assert_eq!(d.pending, ["org_licenses"]);
}

#[test]
fn an_automatic_attach_is_said_to_be_possible_not_certain() {
    let catalog = product_tables();
    for licences in ["active", "none_or_inactive"] {
        let d = decide(
            &catalog,
            "attach-org",
            &[
                ("partner_access", "none"),
                ("org_users_100_plus", "no"),
                ("org_domain_verified", "no"),
                ("org_domain_claimed", "no"),
                ("org_licenses", licences),
            ],
        );
        assert!(d.reason.unwrap().contains("may"), "{licences}");
    }
}

#[test]
fn inputs_that_only_change_steps_are_asked_after_the_outcome_is_known() {
    let catalog = product_tables();
    let d = decide(&catalog, "detach-org", &[("flow", "standard")]);
    assert_eq!(d.outcome.as_deref(), Some("detach-standard"));
    assert_eq!(d.pending, ["partner_has_access"]);
    let with_access = decide(
        &catalog,
        "detach-org",
        &[("flow", "standard"), ("partner_has_access", "yes")],
    );
    let without = decide(
        &catalog,
        "detach-org",
        &[("flow", "standard"), ("partner_has_access", "no")],
    );
    assert!(with_access.pending.is_empty() && without.pending.is_empty());
    let n = |d: &Decision| d.procedure.as_ref().unwrap().steps.len();
    assert_eq!(
        n(&without),
        n(&with_access) + 1,
        "without access, a step asks the customer for it"
    );

    let d = decide(
        &catalog,
        "grant-full-admin",
        &[("request_email_received", "no")],
    );
    assert_eq!(d.outcome.as_deref(), Some("add-external-admin-manually"));
    assert_eq!(d.pending, ["more_partner_admins"]);
}

#[test]
fn answers_made_irrelevant_by_an_earlier_answer_are_dropped() {
    let d = decide(
        &product_tables(),
        "move-user",
        &[
            ("user_org", "customer"),
            ("w4bw_org_exists", "yes"),
            ("method", "self"),
        ],
    );
    assert_eq!(d.outcome.as_deref(), Some("attach-existing-org"));
    assert_eq!(d.answers, answers(&[("user_org", "customer")]));
}

#[test]
fn unknown_inputs_and_values_are_refused_naming_what_is_allowed() {
    let catalog = product_tables();
    let w = catalog.wizard("move-user").unwrap();
    let e = evaluate(w, &answers(&[("colour", "blue")]))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("'colour'") && e.contains("user_org, w4bw_org_exists, method, email_trust"),
        "{e}"
    );
    let e = evaluate(w, &answers(&[("user_org", "maybe")]))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("'maybe'") && e.contains("consumer, customer"),
        "{e}"
    );
}

#[test]
fn warnings_say_what_cannot_be_undone() {
    let catalog = product_tables();
    let warnings = |wizard: &str, outcome: &str| -> String {
        let w = catalog.wizard(wizard).unwrap();
        w.outcome(outcome)
            .unwrap()
            .steps
            .iter()
            .flat_map(|s| s.warnings.iter().map(|w| w.text.to_lowercase()))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert!(warnings("detach-org", "detach-standard").contains("delete"));
    assert!(warnings("move-user", "move-trusted-email").contains("delete"));
    let all_text = |wizard: &str, outcome: &str| -> String {
        let w = catalog.wizard(wizard).unwrap();
        w.outcome(outcome)
            .unwrap()
            .steps
            .iter()
            .flat_map(|s| {
                std::iter::once(s.text.clone())
                    .chain(s.notes.iter().map(|n| n.text.clone()))
                    .chain(s.warnings.iter().map(|w| w.text.clone()))
            })
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    assert!(
        all_text("messenger-guest-to-business", "reactivate-inactive-users").contains("contacts")
    );
    assert!(all_text("attach-org", "auto-attach-provisioning-admin").contains("name"));
}

// ---- deliberately broken tables ----

fn broken(case: &str) -> Vec<Problem> {
    let catalog = Catalog::load_dir(&manifest().join("tests/tables").join(case)).unwrap();
    verify(&catalog, Some(&seeds()))
}

fn messages(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_small_test_table_is_clean_apart_from_seed_coverage() {
    let problems = broken("ok");
    assert!(
        problems
            .iter()
            .all(|p| matches!(p, Problem::UncoveredSeedLine { .. })),
        "{}",
        messages(&problems)
    );
}

#[test]
fn a_gap_is_reported_with_the_answers_no_rule_matches() {
    let problems = broken("gap");
    assert!(
        problems.contains(&Problem::Gap {
            file: "mini.toml".into(),
            answers: answers(&[("a", "y"), ("b", "y")])
        }),
        "{}",
        messages(&problems)
    );
    assert!(messages(&problems).contains("mini.toml: gap: no rule matches the answers a=y, b=y"));
}

#[test]
fn an_overlap_is_reported_with_both_rules_and_the_answers() {
    let m = messages(&broken("overlap"));
    assert!(
        m.contains("mini.toml: overlap: rules 'r3', 'r4' all match the answers a=y, b=y"),
        "{m}"
    );
}

#[test]
fn a_rule_that_can_never_apply_is_reported_unreachable() {
    let m = messages(&broken("unreachable"));
    assert!(m.contains("rule 'r4' is unreachable"), "{m}");
    assert!(!m.contains("gap") && !m.contains("overlap"), "{m}");
}

#[test]
fn an_unknown_answer_in_a_rule_is_named_with_the_allowed_answers() {
    let m = messages(&broken("unknown-answer"));
    assert!(
        m.contains(
            "mini.toml: rule 'r1' uses 'z', which is not an answer of 'a'; answers are: x, y"
        ),
        "{m}"
    );
}

#[test]
fn a_misquoted_source_fragment_is_reported_with_the_quote_and_section() {
    let m = messages(&broken("misquote"));
    assert!(m.contains("outcome 'o1', step 'add': the quote \"Administrator adds the users.\" is not in section \"Move User (with Trusted Email)\""), "{m}");
}

#[test]
fn a_misquote_is_not_noticed_without_the_seeds_but_everything_else_is() {
    let catalog = Catalog::load_dir(&manifest().join("tests/tables/misquote")).unwrap();
    assert!(verify(&catalog, None).is_empty());
}

#[test]
fn a_table_file_that_is_not_valid_toml_names_the_file_and_line() {
    let errors = Catalog::from_files([
        (
            "start.toml",
            "question = \"q\"\nhelp = \"h\"\nchoices = []\n",
        ),
        ("broken.toml", "id = \"broken\"\ntitle = \n"),
    ])
    .unwrap_err();
    let m = errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(m.starts_with("broken.toml:") && m.contains("line 2"), "{m}");
}
