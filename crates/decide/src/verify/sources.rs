//! The texts that sources cite (seed files, API reference) and the check that every
//! cited section and quote is really there.

use super::Problem;
use crate::model::Source;
use std::collections::BTreeMap;
use std::path::Path;

/// The texts that sources cite: the seed files and the API reference.
#[derive(Debug, Clone, Default)]
pub struct SourceTexts {
    /// Seed file name → text.
    pub seeds: BTreeMap<String, String>,
    /// Reference document name (e.g. `webex-api.md`) → text.
    pub references: BTreeMap<String, String>,
}

impl SourceTexts {
    /// Reads every `.txt` file of a seeds folder, and `../reference/*.md` beside it if present.
    pub fn load(seeds_dir: &Path) -> std::io::Result<SourceTexts> {
        let mut texts = SourceTexts::default();
        for entry in std::fs::read_dir(seeds_dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "txt") {
                if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                    texts
                        .seeds
                        .insert(name.to_string(), std::fs::read_to_string(&path)?);
                }
            }
        }
        if let Some(reference_dir) = seeds_dir.parent().map(|p| p.join("reference")) {
            if let Ok(entries) = std::fs::read_dir(&reference_dir) {
                for path in entries.flatten().map(|e| e.path()) {
                    if path.extension().is_some_and(|e| e == "md") {
                        if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                            texts
                                .references
                                .insert(name.to_string(), std::fs::read_to_string(&path)?);
                        }
                    }
                }
            }
        }
        Ok(texts)
    }
}

/// Collapses every run of whitespace to one space, so quotes match across line breaks.
pub fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The part of a seed after its section line (a whole line equal to the heading).
fn seed_section<'a>(text: &'a str, section: &str) -> Option<&'a str> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == section.trim() {
            return Some(&text[offset + line.len()..]);
        }
        offset += line.len();
    }
    None
}

/// A `###` section of a Markdown reference whose heading starts with `section`.
fn reference_section<'a>(text: &'a str, section: &str) -> Option<&'a str> {
    let mut offset = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        let heading = line.trim_start_matches('#');
        let is_heading = line.starts_with("## ") || line.starts_with("### ");
        if let Some(s) = start {
            if is_heading {
                return Some(&text[s..offset]);
            }
        } else if line.starts_with("### ") && heading.trim().starts_with(section.trim()) {
            start = Some(offset + line.len());
        }
        offset += line.len();
    }
    start.map(|s| &text[s..])
}

/// Checks that `source` names a known document, a section of it, and (when it quotes)
/// words that stand in that section.
pub(super) fn check_source(
    file: &str,
    place: &str,
    source: &Source,
    texts: &SourceTexts,
    out: &mut Vec<Problem>,
) {
    type SectionOf = for<'a> fn(&'a str, &str) -> Option<&'a str>;
    let (document, text, section, quote, section_of): (_, _, _, _, SectionOf) = match source {
        Source::Seed {
            seed,
            section,
            quote,
        } => (
            seed,
            texts.seeds.get(seed),
            section,
            Some(quote),
            seed_section,
        ),
        // An empty quote of a reference asks for nothing (a seed's must say something).
        Source::Reference {
            reference,
            section,
            quote,
        } => (
            reference,
            texts.references.get(reference),
            section,
            quote.as_ref().filter(|q| !normalize(q).is_empty()),
            reference_section,
        ),
    };
    let Some(text) = text else {
        out.push(Problem::UnknownSeed {
            file: file.into(),
            place: place.into(),
            seed: document.clone(),
        });
        return;
    };
    let Some(body) = section_of(text, section) else {
        out.push(Problem::SectionNotFound {
            file: file.into(),
            place: place.into(),
            document: document.clone(),
            section: section.clone(),
        });
        return;
    };
    if let Some(quote) = quote {
        let wanted = normalize(quote);
        if wanted.is_empty() || !normalize(body).contains(&wanted) {
            out.push(Problem::QuoteNotFound {
                file: file.into(),
                place: place.into(),
                document: document.clone(),
                section: section.clone(),
                quote: quote.clone(),
            });
        }
    }
}
