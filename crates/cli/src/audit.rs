//! `wxm audit export`: the audit log (every API call, who, for which session, wizard,
//! rule and answers, with Webex's tracking id) as CSV or JSON.

use crate::{Failure, Global};
use clap::{Subcommand, ValueEnum};
use engine::audit::{AuditFilter, AuditFormat};
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Write the audit log as CSV or JSON (to standard output, or --out FILE).
    Export {
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Only lines containing all these words (action, target, wizard, tracking id…).
        #[arg(long, value_name = "WORDS", default_value = "")]
        filter: String,
        /// Only the calls that failed.
        #[arg(long)]
        failures: bool,
        /// Only requests that changed something or checked a user (no reads).
        #[arg(long)]
        changes: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

pub fn run(command: AuditCommand, global: &Global) -> Result<(), Failure> {
    let AuditCommand::Export {
        format,
        out,
        filter,
        failures,
        changes,
    } = command;
    let engine = crate::open_engine(global)?;
    let format = match format {
        Format::Csv => AuditFormat::Csv,
        Format::Json => AuditFormat::Json,
    };
    let filter = AuditFilter {
        text: filter,
        failures_only: failures,
        changes_only: changes,
    };
    let text = engine.audit_log().export_audit(format, &filter)?;
    crate::print_or_save(out.as_deref(), &text)
}
