//! Properties over random input (proptest): the CSV importers never panic and name the
//! row (and column) of each refusal, decision evaluation on random partial answers
//! gives exactly one outcome or the questions still to ask, and no cell of a CSV this
//! app writes is one a spreadsheet would evaluate.

use engine::bulk::{import_csv, ImportOptions};
use engine::decide::Answers;
use engine::messenger::import_bytes;
use engine::spreadsheet::safe_cell;
use proptest::prelude::*;

fn csv_rows() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        "[a-z0-9@.+=_-]{0,12}",
        "\"[^\"]{0,8}\"",
        any::<String>().prop_map(|s| s.chars().take(10).collect()),
        Just(String::new()),
    ];
    let row = prop::collection::vec(cell, 0..9).prop_map(|cells| cells.join(","));
    prop::collection::vec(row, 0..12).prop_map(|rows| {
        let mut text =
            String::from("userId,spEnterpriseId,firstName,lastName,email,package,extension\n");
        text.push_str(&rows.join("\n"));
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_bulk_importer_never_panics_on_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = import_csv("random.csv", bytes.as_slice(), &ImportOptions::default());
    }

    #[test]
    fn every_row_the_bulk_importer_refuses_names_its_row_and_column(text in csv_rows()) {
        if let Ok(result) = import_csv("rows.csv", text.as_bytes(), &ImportOptions::default()) {
            let lines = text.lines().count() as u32;
            for p in &result.problems {
                prop_assert!(p.row >= 2 && p.row <= lines.max(2), "{p:?} in {lines} lines");
                prop_assert!(
                    p.column.is_some() || p.problem.starts_with("cannot be read"),
                    "{p:?}"
                );
            }
            for row in &result.rows {
                prop_assert!(row.row >= 2);
            }
        }
    }

    #[test]
    fn the_messenger_importer_never_panics_and_names_row_and_column(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let import = import_bytes("random.csv", &bytes);
        for p in &import.problems {
            prop_assert!(p.row >= 1);
            prop_assert!(!p.column.is_empty(), "{p:?}");
        }
    }

    #[test]
    fn a_written_cell_never_starts_like_a_formula(value in any::<String>()) {
        let cell = safe_cell(&value);
        prop_assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?}"
        );
        prop_assert!(cell.ends_with(value.as_str()), "the value itself is kept");
    }

    #[test]
    fn random_partial_answers_decide_one_outcome_or_name_what_is_still_to_ask(
        wizard_pick in any::<prop::sample::Index>(),
        picks in prop::collection::vec((any::<bool>(), any::<prop::sample::Index>()), 0..12),
    ) {
        let catalog = engine::builtin_catalog().unwrap();
        let ids = catalog.wizard_ids();
        let wizard = catalog.wizard(ids[wizard_pick.index(ids.len())]).unwrap();
        let mut answers = Answers::new();
        for (input, (answer_it, pick)) in wizard.inputs.iter().zip(&picks) {
            if *answer_it && !input.answers.is_empty() {
                let a = &input.answers[pick.index(input.answers.len())];
                answers.insert(input.id.clone(), a.value.clone());
            }
        }
        let decision = engine::decide::evaluate(wizard, &answers).unwrap();
        // Not decided yet: the questions still to ask are named. Decided: one outcome
        // and its procedure (questions left only pin the reason or the steps shown).
        if decision.outcome.is_none() {
            prop_assert!(!decision.pending.is_empty(), "undecided with nothing to ask");
        }
        prop_assert_eq!(decision.outcome.is_some(), decision.procedure.is_some());
        for p in &decision.pending {
            prop_assert!(wizard.inputs.iter().any(|i| &i.id == p), "unknown question {p}");
            prop_assert!(!answers.contains_key(p), "{p} was answered already");
        }
    }
}
