//! Seed coverage: every seed line that carries a sentence is quoted by some step, note
//! or warning, or listed as an exception with a reason.

use super::{normalize, Problem, SourceTexts};
use crate::catalog::Catalog;
use crate::model::Source;

/// A seed line with at least this many words must be quoted somewhere (or excepted).
const MIN_WORDS_TO_COVER: usize = 4;

/// Every quote cited anywhere in the catalog, normalized.
fn all_quotes(catalog: &Catalog) -> Vec<(String, String)> {
    let mut quotes = Vec::new();
    let mut add = |source: &Source| {
        if let Source::Seed { seed, quote, .. } = source {
            quotes.push((seed.clone(), normalize(quote)));
        }
    };
    for w in &catalog.wizards {
        for o in &w.wizard.outcomes {
            for s in &o.steps {
                add(&s.source);
                s.notes
                    .iter()
                    .filter_map(|n| n.source.as_ref())
                    .for_each(&mut add);
                s.warnings.iter().for_each(|w| add(&w.source));
            }
        }
    }
    quotes
}

/// Seed lines that carry a sentence (4 words or more) and are cited nowhere.
pub fn coverage(catalog: &Catalog, texts: &SourceTexts) -> Vec<Problem> {
    let quotes = all_quotes(catalog);
    let mut out = Vec::new();
    for (seed, text) in &texts.seeds {
        for line in text.lines() {
            let line = normalize(line);
            if line.split(' ').count() < MIN_WORDS_TO_COVER {
                continue;
            }
            let cited = quotes
                .iter()
                .any(|(s, q)| s == seed && !q.is_empty() && line.contains(q.as_str()));
            let excepted = catalog
                .coverage_exceptions
                .iter()
                .any(|e| &e.seed == seed && normalize(&e.line) == line);
            if !cited && !excepted {
                out.push(Problem::UncoveredSeedLine {
                    seed: seed.clone(),
                    line,
                });
            }
        }
    }
    out
}
