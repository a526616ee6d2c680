//! Static verification of the tables, exhaustive over the answer domains: gaps, overlaps,
//! unreachable rules, unused inputs, unknown names, missing procedures and actions, and
//! (given the seed texts) that every quoted source fragment is really there.

mod coverage;
mod problem;
mod sources;
mod wizard;

pub use coverage::coverage;
pub use problem::Problem;
pub use sources::{normalize, SourceTexts};
pub use wizard::verify_wizard;

use crate::catalog::Catalog;
use std::collections::BTreeSet;

/// Combinations above this are refused rather than enumerated.
pub const MAX_COMBINATIONS: usize = 100_000;

/// Verifies the whole catalog. With `texts`, also checks sources and seed coverage.
pub fn verify(catalog: &Catalog, texts: Option<&SourceTexts>) -> Vec<Problem> {
    let actions: BTreeSet<&str> = catalog.actions.iter().map(|a| a.id.as_str()).collect();
    let mut out = Vec::new();
    let ids = catalog.wizard_ids();
    for choice in &catalog.start.choices {
        if !ids.contains(&choice.wizard.as_str()) {
            out.push(Problem::StartUnknownWizard {
                wizard: choice.wizard.clone(),
            });
        }
    }
    for w in &catalog.wizards {
        if !catalog
            .start
            .choices
            .iter()
            .any(|c| c.wizard == w.wizard.id)
        {
            out.push(Problem::WizardNotOnStart {
                file: w.file.clone(),
                wizard: w.wizard.id.clone(),
            });
        }
        out.extend(verify_wizard(&w.file, &w.wizard, &actions, texts));
    }
    if let Some(texts) = texts {
        out.extend(coverage(catalog, texts));
    }
    out
}
