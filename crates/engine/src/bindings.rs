//! The TypeScript declarations of every type that crosses IPC, kept in
//! `ui/src/lib/bindings.ts`. A test fails when that file is stale; run
//! `UPDATE_BINDINGS=1 cargo test -p engine bindings` to rewrite it.

use ts_rs::{Config, TS};

macro_rules! declarations {
    ($cfg:expr; $($t:ty),* $(,)?) => {{
        let mut out = String::new();
        $(
            out.push_str("export ");
            out.push_str(&<$t as TS>::decl($cfg));
            out.push_str("\n\n");
        )*
        out
    }};
}

/// The whole generated file.
pub fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let body = declarations!(&cfg;
        crate::ApiError,
        crate::about::About,
        crate::ErrorCode,
        crate::connection::ConnectionMode,
        crate::connection::ConnectionStatus,
        crate::connection::SignInMethod,
        crate::connection::Notice,
        crate::connection::ScopeInfo,
        crate::connection::WebexSignInSettings,
        crate::connection::SignInStarted,
        crate::files::ChosenPath,
        crate::start_page::StartPage,
        crate::start_page::WizardSummary,
        crate::sessions::SessionView,
        crate::sessions::SessionSummary,
        crate::sessions::StepProgress,
        crate::sessions::StepEvidence,
        crate::board::Origin,
        crate::board::BoardEntry,
        crate::board::StateCount,
        crate::board::ActorCount,
        crate::board::RefreshView,
        crate::board::BoardView,
        crate::board::BoardSummary,
        crate::board::BoardJobView,
        crate::board::ChaseKind,
        crate::board::report::BoardReportFormat,
        crate::actions::ActionContext,
        crate::actions::EnterpriseChoice,
        crate::actions::ProvisionForm,
        crate::actions::FieldProblem,
        crate::actions::SubscriberView,
        crate::actions::PrecheckView,
        crate::actions::DetachTargets,
        crate::actions::RemovalKind,
        crate::actions::RemovalReport,
        crate::actions::RemovalFailure,
        crate::actions::CheckResult,
        crate::trainer::ScenarioInfo,
        crate::trainer::TrainerOrg,
        crate::trainer::TrainerEmail,
        crate::trainer::Mailbox,
        crate::trainer::TrainerOutcome,
        crate::explain::Explained,
        crate::audit::AuditRecord,
        crate::audit::AuditFilter,
        crate::lookups::LookupResult,
        crate::lookups::LookupChoice,
        crate::explain::StatusExplained,
        crate::messenger::MessengerImport,
        crate::messenger::MessengerUser,
        crate::messenger::RowProblem,
        crate::messenger::NoticesWritten,
        crate::messenger::WrittenNotice,
        crate::bulk::BulkPlanRequest,
        crate::bulk::BulkRow,
        crate::bulk::RowProblem,
        crate::bulk::EmailTrust,
        crate::bulk::JobPlan,
        crate::bulk::PlanGroup,
        crate::bulk::PlanBlocker,
        crate::bulk::FirstUser,
        crate::bulk::JobStatus,
        crate::bulk::JobSummary,
        crate::bulk::ItemCounts,
        crate::bulk::JobProgress,
        crate::bulk::WebexCounts,
        crate::bulk::report::JobReport,
        crate::bulk::report::ReportRow,
        crate::bulk::report::ReportTotals,
        decide::Wizard,
        decide::Input,
        decide::InputRole,
        decide::Answer,
        decide::Values,
        decide::Rule,
        decide::Outcome,
        decide::Step,
        decide::StepKind,
        decide::Actor,
        decide::Note,
        decide::Warning,
        decide::Source,
        decide::Decision,
        decide::Procedure,
    );
    format!(
        "// Generated from the Rust types by crates/engine/src/bindings.rs. Do not edit.\n\n{}",
        body.trim_end()
    ) + "\n"
}
