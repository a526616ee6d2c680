//! `wxm org`: the checks that verify a step — the partner is a Full Administrator of a
//! customer's organization, an enterprise is attached to a Webex organization.

use crate::act::{self, SignedIn};
use crate::output::shown;
use crate::{Failure, Global};
use clap::Subcommand;
use engine::actions::CheckResult;
use serde_json::json;

/// The subcommands of `wxm org`.
#[derive(Subcommand)]
pub enum OrgCommand {
    /// Whether you (the signed-in partner administrator) are a Full Administrator of the customer's organization.
    CheckFullAdmin {
        /// The customer's Webex organization id.
        org: String,
    },
    /// Whether a BroadWorks enterprise is attached to a Webex organization yet.
    CheckAttached {
        /// The BroadWorks enterprise (spEnterpriseId).
        enterprise: String,
    },
}

/// Runs `wxm org …`. The answer, yes or not yet, exits 0; its `ok` says which.
pub fn run(command: OrgCommand, global: &Global) -> Result<(), Failure> {
    let signed = SignedIn::open(global)?;
    let ctx = act::context();
    let (check, target, result) = match &command {
        OrgCommand::CheckFullAdmin { org } => (
            "full-admin",
            org,
            signed.run(signed.actions().verify_full_admin(&ctx, org))?,
        ),
        OrgCommand::CheckAttached { enterprise } => (
            "attached",
            enterprise,
            signed.run(signed.actions().verify_org_attached(&ctx, enterprise))?,
        ),
    };
    let CheckResult { ok, text } = result;
    if global.json {
        println!(
            "{}",
            json!({ "check": check, "target": target, "ok": ok, "text": text })
        );
    } else {
        println!("{}", shown(&text));
    }
    Ok(())
}
