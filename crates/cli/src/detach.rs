//! `wxm detach ENTERPRISE`: the API steps of the detach-org wizard's procedure in its
//! order (workspaces, subscribers, pending users), each after a confirmation naming the
//! count, then the steps of that procedure left to do by hand.

use crate::act::{self, SignedIn};
use crate::user;
use crate::{Failure, Global};
use engine::actions::{DetachTargets, RemovalKind};
use engine::decide::{Actor, Catalog, Step, Wizard};
use engine::{ApiError, ErrorCode};
use serde::Serialize;
use serde_json::{json, Value};

/// The wizard whose procedure `wxm detach` follows.
const WIZARD: &str = "detach-org";

/// The arguments of `wxm detach`.
#[derive(clap::Args)]
pub struct DetachArgs {
    /// The BroadWorks enterprise (spEnterpriseId) to detach.
    enterprise: String,
    /// A workspace to remove, by id (Webex cannot list workspaces). Repeat for more.
    #[arg(long = "workspace", value_name = "ID")]
    workspaces: Vec<String>,
    /// Do not ask before each step.
    #[arg(long)]
    yes: bool,
}

/// Where a removal step's ids come from.
#[derive(Clone, Copy)]
enum Items {
    /// The workspace ids given with --workspace.
    Given,
    /// The enterprise's subscribers that are set up (or failed).
    Subscribers,
    /// The enterprise's subscribers still pending.
    Pending,
}

/// The removal a step's `action` (tables/actions.toml) names; other steps are the person's.
fn removal(action: &str) -> Option<(RemovalKind, Items, user::Words)> {
    match action {
        "remove-workspaces" => Some((
            RemovalKind::Workspace,
            Items::Given,
            user::words(RemovalKind::Workspace),
        )),
        "remove-subscribers" => Some((
            RemovalKind::Subscriber,
            Items::Subscribers,
            user::words(RemovalKind::Subscriber),
        )),
        "remove-pending-subscribers" => Some((
            RemovalKind::Subscriber,
            Items::Pending,
            ("pending user", "pending users"),
        )),
        _ => None,
    }
}

/// A step of the procedure, once for all its flows (Standard, Hybrid), with the
/// warnings and notes every flow gives it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SharedStep<'w> {
    id: &'w str,
    actor: Actor,
    text: &'w str,
    #[serde(skip)]
    action: Option<&'w str>,
    #[serde(skip)]
    check: bool,
    warnings: Vec<&'w str>,
    notes: Vec<&'w str>,
}

/// The wizard's steps in order, each once.
fn procedure(catalog: &Catalog) -> Result<(&Wizard, Vec<SharedStep<'_>>), Failure> {
    let wizard = catalog.wizard(WIZARD).ok_or_else(|| Failure {
        exit: 1,
        error: ApiError::new(
            ErrorCode::TablesInvalid,
            format!("the built-in tables have no {WIZARD} wizard"),
            "This copy of wxm is damaged. Reinstall it.",
        ),
    })?;
    let all: Vec<&Step> = wizard.outcomes.iter().flat_map(|o| &o.steps).collect();
    let mut steps: Vec<SharedStep> = Vec::new();
    for step in &all {
        if steps.iter().any(|s| s.id == step.id) {
            continue;
        }
        let versions: Vec<&Step> = all.iter().copied().filter(|s| s.id == step.id).collect();
        // What every flow's version of the step says (by text).
        let shared = |of: fn(&Step) -> Vec<&str>| -> Vec<&str> {
            of(step)
                .into_iter()
                .filter(|t| versions.iter().all(|v| of(v).contains(t)))
                .collect()
        };
        steps.push(SharedStep {
            id: &step.id,
            actor: step.actor,
            text: &step.text,
            action: step.action.as_deref(),
            check: step.check.is_some(),
            warnings: shared(warning_texts),
            notes: shared(note_texts),
        });
    }
    Ok((wizard, steps))
}

fn warning_texts(step: &Step) -> Vec<&str> {
    step.warnings.iter().map(|w| w.text.as_str()).collect()
}

fn note_texts(step: &Step) -> Vec<&str> {
    step.notes.iter().map(|n| n.text.as_str()).collect()
}

/// Runs `wxm detach`.
pub fn run(args: DetachArgs, global: &Global) -> Result<(), Failure> {
    let json = global.json;
    let signed = SignedIn::open(global)?;
    let (wizard, steps) = procedure(signed.engine.catalog())?;
    let ent = args.enterprise.trim();
    let of = format!(" of {ent}");
    let api: Vec<_> = steps
        .iter()
        .filter_map(|s| Some((s, removal(s.action?)?)))
        .collect();
    let mut left: Vec<&SharedStep> = Vec::new();
    let mut done: Vec<Value> = Vec::new();
    for (n, (step, (kind, items, words))) in api.iter().enumerate() {
        if !json {
            println!("Step {} of {}: {}", n + 1, api.len(), step.text);
            for w in &step.warnings {
                println!("  Warning: {w}");
            }
        }
        let ids = match items {
            Items::Given => args.workspaces.clone(),
            Items::Subscribers | Items::Pending => {
                let targets = signed.run(signed.actions().detach_targets(&act::context(), ent))?;
                ids_of(&targets, *items)
            }
        };
        if ids.is_empty() {
            if matches!(items, Items::Given) {
                // Webex cannot list workspaces: without ids, the step stays the person's.
                if !json {
                    println!(
                        "No workspace ids given (--workspace ID): this step is left to you, below."
                    );
                }
                left.push(step);
                continue;
            }
            if !json {
                println!("Nothing to remove.");
            }
            done.push(json!({ "step": step.id, "removed": [], "failed": [] }));
            continue;
        }
        let progress = |done: &[Value]| json!({ "enterprise": ent, "steps": done });
        let report = user::remove(&signed, *kind, &ids, *words, &of, args.yes, json)
            .map_err(|f| act::failed_after(progress(&done), f, json))?;
        done.push(json!({ "step": step.id, "removed": report.removed, "failed": report.failed }));
        if let Some(f) = user::removal_failure(&report, words.1) {
            return Err(act::failed_after(progress(&done), f, json));
        }
    }
    left.extend(
        steps
            .iter()
            .filter(|s| !s.check && s.action.and_then(removal).is_none()),
    );
    if json {
        println!(
            "{}",
            json!({ "enterprise": ent, "steps": done, "left": left })
        );
    } else {
        print_left(wizard, &left, &args.workspaces);
    }
    Ok(())
}

fn ids_of(targets: &DetachTargets, items: Items) -> Vec<String> {
    let list = match items {
        Items::Pending => &targets.pending,
        _ => &targets.subscribers,
    };
    list.iter().map(|s| s.id.clone()).collect()
}

fn print_left(wizard: &Wizard, left: &[&SharedStep], workspaces: &[String]) {
    println!();
    println!(
        "Left for you to do by hand, from the procedure '{}' (the whole plan: wxm plan {WIZARD} -a flow=standard, or flow=hybrid):",
        wizard.title
    );
    for (n, step) in left.iter().enumerate() {
        println!(
            "  {}. {}: {}",
            n + 1,
            step.actor.label_for(wizard.reader),
            step.text
        );
        if step.action.is_some() && workspaces.is_empty() {
            println!("     Webex cannot list workspaces, so none were removed here. If this customer has any, give their ids with --workspace ID, or remove them in Control Hub.");
        }
        for w in &step.warnings {
            println!("     Warning: {w}");
        }
        for note in &step.notes {
            println!("     Note: {note}");
        }
    }
}
