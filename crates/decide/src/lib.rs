//! Decision tables for the migration wizards: parse, verify and evaluate.
//! Pure: no network, no database. The tables themselves live in `tables/` as TOML.

pub mod catalog;
pub mod evaluate;
pub mod model;
pub mod verify;

pub use catalog::{Catalog, WizardFile};
pub use evaluate::{evaluate, AnswerError, Answers, Decision, Procedure};
pub use model::*;
pub use verify::{verify, Problem, SourceTexts};

/// A table file that could not be read or parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("cannot read {path}: {message}")]
    Io { path: String, message: String },
    #[error("{file} is missing: every tables folder needs it")]
    MissingFile { file: String },
}
