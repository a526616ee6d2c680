//! Bulk moves: a CSV of users in, a checked plan, a paced resumable run, a report out.
//! This part reads and validates the file; nothing is sent before every row is checked.

pub mod import;

pub use import::{
    import_csv, BulkRow, EmailTrust, ImportError, ImportOptions, ImportResult, RowProblem,
};
