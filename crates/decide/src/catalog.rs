//! Loading a whole `tables/` folder: the start page, the action list and one file per wizard.

use crate::model::{Action, ActionList, Start, Wizard};
use crate::TableError;
use serde::Deserialize;
use std::path::Path;

/// File names in `tables/` that are not wizards.
pub const START_FILE: &str = "start.toml";
pub const ACTIONS_FILE: &str = "actions.toml";
pub const COVERAGE_EXCEPTIONS_FILE: &str = "coverage-exceptions.toml";

/// A wizard together with the file it was read from (for error messages).
#[derive(Debug, Clone)]
pub struct WizardFile {
    pub file: String,
    pub wizard: Wizard,
}

/// Every table of the product.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub start: Start,
    pub actions: Vec<Action>,
    /// In the order of the start page's choices, then any others by file name.
    pub wizards: Vec<WizardFile>,
    pub coverage_exceptions: Vec<CoverageException>,
}

/// A seed line that is on purpose not quoted by any step (see `verify::coverage`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoverageException {
    pub seed: String,
    pub line: String,
    pub reason: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CoverageExceptions {
    #[serde(default)]
    exceptions: Vec<CoverageException>,
}

fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, TableError> {
    toml::from_str(text).map_err(|e| TableError::Parse {
        file: file.to_string(),
        message: e.to_string(),
    })
}

impl Catalog {
    /// Builds a catalog from `(file name, text)` pairs, as read from a folder or embedded.
    /// Every file is parsed; all parse errors are returned together.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Catalog, Vec<TableError>> {
        let mut errors = Vec::new();
        let mut start = None;
        let mut actions = Vec::new();
        let mut coverage_exceptions = Vec::new();
        let mut wizards = Vec::new();
        let mut files: Vec<(&str, &str)> = files.into_iter().collect();
        files.sort_by(|a, b| a.0.cmp(b.0));
        for (name, text) in files {
            if !name.ends_with(".toml") {
                continue;
            }
            match name {
                START_FILE => match parse::<Start>(name, text) {
                    Ok(s) => start = Some(s),
                    Err(e) => errors.push(e),
                },
                ACTIONS_FILE => match parse::<ActionList>(name, text) {
                    Ok(a) => actions = a.actions,
                    Err(e) => errors.push(e),
                },
                COVERAGE_EXCEPTIONS_FILE => match parse::<CoverageExceptions>(name, text) {
                    Ok(c) => coverage_exceptions = c.exceptions,
                    Err(e) => errors.push(e),
                },
                _ => match parse::<Wizard>(name, text) {
                    Ok(wizard) => wizards.push(WizardFile {
                        file: name.to_string(),
                        wizard,
                    }),
                    Err(e) => errors.push(e),
                },
            }
        }
        let Some(start) = start else {
            if errors.is_empty() {
                errors.push(TableError::MissingFile {
                    file: START_FILE.to_string(),
                });
            }
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let position = |id: &str| {
            start
                .choices
                .iter()
                .position(|c| c.wizard == id)
                .unwrap_or(usize::MAX)
        };
        wizards.sort_by_key(|w| position(&w.wizard.id));
        Ok(Catalog {
            start,
            actions,
            wizards,
            coverage_exceptions,
        })
    }

    /// Reads every `.toml` file of a folder.
    pub fn load_dir(dir: &Path) -> Result<Catalog, Vec<TableError>> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            vec![TableError::Io {
                path: dir.display().to_string(),
                message: e.to_string(),
            }]
        })?;
        let mut texts = Vec::new();
        let mut errors = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !name.ends_with(".toml") {
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(text) => texts.push((name.to_string(), text)),
                Err(e) => errors.push(TableError::Io {
                    path: path.display().to_string(),
                    message: e.to_string(),
                }),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Catalog::from_files(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    }

    pub fn wizard(&self, id: &str) -> Option<&Wizard> {
        self.wizards.iter().map(|w| &w.wizard).find(|w| w.id == id)
    }

    pub fn wizard_ids(&self) -> Vec<&str> {
        self.wizards.iter().map(|w| w.wizard.id.as_str()).collect()
    }
}
