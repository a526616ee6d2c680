//! `wxm user`: the app's actions on one user — precheck, provision, follow the status,
//! resend the consent email, remove — through the engine, audited as the app's are.

use crate::act::{self, SignedIn};
use crate::output::shown;
use crate::progress::Progress;
use crate::{Failure, Global};
use clap::{Args, Subcommand};
use engine::actions::{ProvisionForm, RemovalKind, RemovalReport, SubscriberView};
use engine::decide::Actor;
use engine::ErrorCode;
use serde_json::json;
use std::time::{Duration, Instant};

/// Where a user goes: the fields a precheck and the provisioning form share.
#[derive(Args)]
pub struct PlaceArgs {
    /// The BroadWorks enterprise (spEnterpriseId).
    #[arg(long, value_name = "ID")]
    enterprise: Option<String>,
    /// The provisioning id of the onboarding template.
    #[arg(long, value_name = "ID")]
    provisioning_id: Option<String>,
    /// The user's BroadWorks user id.
    #[arg(long, value_name = "ID")]
    user_id: Option<String>,
}

impl PlaceArgs {
    /// A form with these fields and the email; the rest empty.
    fn form(self, email: Option<String>) -> ProvisionForm {
        ProvisionForm {
            sp_enterprise_id: self.enterprise.unwrap_or_default(),
            provisioning_id: self.provisioning_id.unwrap_or_default(),
            user_id: self.user_id.unwrap_or_default(),
            email: email.unwrap_or_default(),
            ..ProvisionForm::default()
        }
    }
}

/// The provisioning form of the app, one flag a field.
#[derive(Args)]
pub struct FormArgs {
    #[command(flatten)]
    place: PlaceArgs,
    #[arg(long, value_name = "NAME")]
    first_name: Option<String>,
    #[arg(long, value_name = "NAME")]
    last_name: Option<String>,
    /// The user's email (may be left out with --untrusted-email).
    #[arg(long)]
    email: Option<String>,
    #[arg(long, ignore_case = true, value_parser = ["softphone", "basic", "standard", "premium"])]
    package: Option<String>,
    /// The primary phone number (this or --extension is needed).
    #[arg(long, value_name = "NUMBER")]
    phone: Option<String>,
    /// The extension, digits only.
    #[arg(long, value_name = "DIGITS")]
    extension: Option<String>,
    /// Language, e.g. en_US.
    #[arg(long)]
    language: Option<String>,
    /// Time zone, e.g. America/New_York.
    #[arg(long)]
    timezone: Option<String>,
    /// The template uses untrusted emails: the user enters their own.
    #[arg(long)]
    untrusted_email: bool,
}

/// The form's fields, by the flag that gives each.
const FLAGS: [(&str, &str); 11] = [
    ("provisioningId", "--provisioning-id"),
    ("spEnterpriseId", "--enterprise"),
    ("userId", "--user-id"),
    ("firstName", "--first-name"),
    ("lastName", "--last-name"),
    ("email", "--email"),
    ("package", "--package"),
    ("primaryPhoneNumber", "--phone (or --extension)"),
    ("extension", "--extension"),
    ("language", "--language"),
    ("timezone", "--timezone"),
];

fn flag(field: &str) -> &str {
    FLAGS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or(field, |(_, flag)| flag)
}

impl FormArgs {
    fn form(self) -> ProvisionForm {
        ProvisionForm {
            first_name: self.first_name.unwrap_or_default(),
            last_name: self.last_name.unwrap_or_default(),
            package: self.package.unwrap_or_default(),
            primary_phone_number: self.phone.unwrap_or_default(),
            extension: self.extension.unwrap_or_default(),
            language: self.language.unwrap_or_default(),
            timezone: self.timezone.unwrap_or_default(),
            untrusted_email: self.untrusted_email,
            ..self.place.form(self.email)
        }
    }
}

/// The subcommands of `wxm user`.
#[derive(Subcommand)]
pub enum UserCommand {
    /// Ask Webex whether provisioning this user is likely to work. Nothing is changed.
    Precheck {
        /// The user's email.
        email: String,
        #[command(flatten)]
        place: PlaceArgs,
    },
    /// Add one user to Webex for BroadWorks, with the app's form as flags. Asks first.
    Provision {
        #[command(flatten)]
        form: FormArgs,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Where a user stands: what happens next, and who must act.
    Status {
        /// The subscriber id, the user's email, or the BroadWorks user id (name@…) with --enterprise.
        user: String,
        /// The enterprise of a BroadWorks user id.
        #[arg(long, value_name = "ID")]
        enterprise: Option<String>,
        /// Read the status again until it settles (done, or a problem), printing each change.
        #[arg(long)]
        follow: bool,
        /// Seconds between two reads with --follow.
        #[arg(long, default_value_t = 5.0, value_name = "SECONDS")]
        interval: f64,
        /// Stop following after this many seconds (default: until it settles, or Ctrl-C).
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<u64>,
    },
    /// Send the move (consent) email again; Webex sends it only while it waits for the user's consent.
    ResendConsent {
        /// The subscriber id.
        id: String,
    },
    /// Remove subscribers (or, with --workspace, workspaces) by id. Asks first.
    Remove {
        /// The subscriber (or workspace) ids.
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
        /// The ids are BroadWorks workspaces.
        #[arg(long)]
        workspace: bool,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

/// Runs `wxm user …`.
pub fn run(command: UserCommand, global: &Global) -> Result<(), Failure> {
    let json = global.json;
    match command {
        UserCommand::Precheck { email, place } => {
            let form = place.form(Some(email));
            let signed = SignedIn::open(global)?;
            let view = signed.run(signed.actions().precheck(&act::context(), &form))?;
            if let Some(problem) = &view.problem {
                return Err(act::explained(problem).into());
            }
            if json {
                println!("{}", json!({ "precheck": view }));
            } else {
                for finding in &view.findings {
                    println!("{}", shown(finding));
                }
                if !view.ok {
                    println!("Webex did not say that provisioning will work: read the notes above before you provision.");
                }
            }
            Ok(())
        }
        UserCommand::Provision { form, yes } => {
            let form = form.form();
            if let Err(problems) = engine::actions::validate(&form) {
                let named: Vec<String> = problems
                    .iter()
                    .map(|p| format!("{}: {}", flag(&p.field), p.message))
                    .collect();
                return Err(Failure::usage(
                    ErrorCode::InvalidForm,
                    format!("Some fields need fixing: {}.", named.join("; ")),
                    "Fix the flags named, then run the command again.",
                ));
            }
            let signed = SignedIn::open(global)?;
            let email = match form.email.trim() {
                "" => "the user enters their email",
                e => e,
            };
            act::confirm(
                &format!(
                    "Provision {} ({} {}, {email}) in {} with the onboarding template {}?",
                    form.user_id.trim(),
                    form.first_name.trim(),
                    form.last_name.trim(),
                    form.sp_enterprise_id.trim(),
                    form.provisioning_id.trim()
                ),
                yes,
                "Nothing was provisioned",
            )?;
            let view = signed.run(signed.actions().provision(&act::context(), &form))?;
            print_subscriber(&view, json);
            Ok(())
        }
        UserCommand::Status {
            user,
            enterprise,
            follow,
            interval,
            timeout,
        } => {
            let has_at = user.contains('@');
            let enterprise = enterprise.filter(|e| !e.trim().is_empty());
            let signed = SignedIn::open(global)?;
            let ctx = act::context();
            let view = match (enterprise, has_at) {
                (Some(ent), true) => {
                    signed.run(signed.actions().follow_subscriber(&ctx, &ent, &user))?
                }
                // An email, or a BroadWorks user id without its enterprise.
                (None, true) => signed
                    .run(signed.actions().subscriber_by_email(&ctx, &user))?
                    .ok_or_else(|| {
                        Failure::usage(
                            ErrorCode::MissingField,
                            format!("--enterprise: no user has the email '{user}'. If it is a BroadWorks user id, Webex finds it only in its enterprise."),
                            "Give the enterprise with --enterprise ID, or give the subscriber id instead.",
                        )
                    })?,
                _ => signed.run(signed.actions().subscriber_status(&ctx, &user))?,
            };
            if !follow {
                print_subscriber(&view, json);
                return Ok(());
            }
            let pace = Duration::from_secs_f64(interval.clamp(0.05, 3600.0));
            follow_until_settled(&signed, view, pace, timeout.map(Duration::from_secs), json)
        }
        UserCommand::ResendConsent { id } => {
            let signed = SignedIn::open(global)?;
            signed.run(signed.actions().resend_consent_email(&act::context(), &id))?;
            if json {
                println!("{}", json!({ "resent": id }));
            } else {
                println!("Webex sent the move email to {} again. Next: the user opens it and clicks Activate Account.", shown(&id));
            }
            Ok(())
        }
        UserCommand::Remove {
            ids,
            workspace,
            yes,
        } => {
            let kind = if workspace {
                RemovalKind::Workspace
            } else {
                RemovalKind::Subscriber
            };
            let signed = SignedIn::open(global)?;
            let words = words(kind);
            let report = remove(&signed, kind, &ids, words, "", yes, json)?;
            let out = json!({ "kind": kind, "removed": report.removed, "failed": report.failed });
            if let Some(f) = removal_failure(&report, words.1) {
                return Err(act::failed_after(out, f, json));
            }
            if json {
                println!("{out}");
            }
            Ok(())
        }
    }
}

/// The words for what a removal removes: one, many.
pub type Words = (&'static str, &'static str);

pub fn words(kind: RemovalKind) -> Words {
    match kind {
        RemovalKind::Workspace => ("workspace", "workspaces"),
        RemovalKind::Subscriber => ("subscriber", "subscribers"),
    }
}

/// Removes items after a confirmation naming them (the count and the ids, and `of`:
/// whose they are), and prints what was removed and what was not.
pub fn remove(
    signed: &SignedIn,
    kind: RemovalKind,
    ids: &[String],
    (one, many): Words,
    of: &str,
    yes: bool,
    json: bool,
) -> Result<RemovalReport, Failure> {
    act::confirm(
        &format!(
            "Remove {}{of} ({})?",
            act::count(ids.len(), one, many),
            shown(&ids.join(", "))
        ),
        yes,
        "Nothing was removed",
    )?;
    let report = remove_in_batches(signed, kind, ids, many, json)?;
    if !json {
        print_removal(&report, one, many);
    }
    Ok(report)
}

/// Removes in batches of 10, showing how far it got: a progress bar at a terminal,
/// a plain line a batch otherwise when there is more than one (on standard error;
/// nothing with --json).
fn remove_in_batches(
    signed: &SignedIn,
    kind: RemovalKind,
    ids: &[String],
    many: &str,
    json: bool,
) -> Result<RemovalReport, Failure> {
    let template = format!("Removing {many} {{bar:30}} {{pos}}/{{len}}");
    let progress = if ids.len() > 10 {
        let many = many.to_string();
        Progress::new(
            &template,
            move |done, total, _| format!("Removing {many}: {done} of {total} done"),
            json,
        )
    } else {
        Progress::bar_only(&template, json)
    };
    let mut report = RemovalReport {
        removed: Vec::new(),
        failed: Vec::new(),
    };
    for batch in ids.chunks(10) {
        let part = signed.run(signed.actions().remove(&act::context(), kind, batch))?;
        report.removed.extend(part.removed);
        report.failed.extend(part.failed);
        let done = report.removed.len() + report.failed.len();
        progress.set(done as u64, ids.len() as u64, "");
    }
    Ok(report)
}

/// The failure of a removal where some items were not removed.
pub fn removal_failure(report: &RemovalReport, many: &str) -> Option<Failure> {
    let first = report.failed.first()?;
    let mut error = act::explained(&first.problem);
    error.message = format!(
        "{} of {} {many} could not be removed (listed above). The first: {}",
        report.failed.len(),
        report.failed.len() + report.removed.len(),
        error.message
    );
    Some(error.into())
}

fn print_removal(report: &RemovalReport, one: &str, many: &str) {
    println!(
        "Removed {}{}{}",
        act::count(report.removed.len(), one, many),
        if report.removed.is_empty() { "." } else { ": " },
        shown(&report.removed.join(", "))
    );
    for f in &report.failed {
        println!(
            "  Not removed: {}: {} {}",
            shown(&f.id),
            shown(&f.problem.message),
            shown(&f.problem.hint)
        );
    }
}

/// Who must act next, worded for the partner administrator reading it.
fn who_acts(view: &SubscriberView) -> &'static str {
    let actor = view
        .state
        .waiting_on
        .as_deref()
        .and_then(|id| Actor::ALL.into_iter().find(|a| a.id() == id));
    match actor {
        Some(actor) => actor.label_for(Actor::PartnerAdmin),
        None => "Nobody: there is nothing more to do",
    }
}

fn print_state(view: &SubscriberView) {
    let state = &view.state;
    println!("Status: {} — {}", state.status, shown(&state.text));
    if let Some(p) = &state.problem {
        println!("Problem: {} {}", shown(&p.message), shown(&p.hint));
        if !p.details.is_empty() {
            println!("Details for Cisco support: {}", shown(&p.details));
        }
    }
    println!("Who acts next: {}", who_acts(view));
}

fn print_subscriber(view: &SubscriberView, json: bool) {
    if json {
        println!("{}", json!({ "subscriber": view }));
        return;
    }
    let name = if view.name.is_empty() {
        "(no name)"
    } else {
        &view.name
    };
    println!(
        "{} ({}) in {}, subscriber id {}",
        shown(name),
        shown(&view.user_id),
        shown(&view.sp_enterprise_id),
        shown(&view.id)
    );
    print_state(view);
}

/// Done, or a problem the partner must act on: nothing changes by itself any more.
fn settled(view: &SubscriberView) -> bool {
    view.state.finished || view.state.problem.is_some()
}

/// `--follow`: the status at each change until it settles (or the time is up).
fn follow_until_settled(
    signed: &SignedIn,
    first: SubscriberView,
    pace: Duration,
    timeout: Option<Duration>,
    json: bool,
) -> Result<(), Failure> {
    use std::io::{IsTerminal, Write};
    if !json {
        print_subscriber(&first, false);
        let _ = std::io::stdout().flush();
    }
    let started = Instant::now();
    let mut changes = vec![first];
    let ctx = act::context();
    // At a terminal, a spinner says it is still watching between two changes.
    let spinner = (!json && std::io::stderr().is_terminal()).then(|| {
        let s = indicatif::ProgressBar::new_spinner();
        s.set_message("Watching for the next change (Ctrl-C stops)…");
        s.enable_steady_tick(Duration::from_millis(120));
        s
    });
    loop {
        let last = changes.last().expect("the first status");
        if settled(last) || timeout.is_some_and(|t| started.elapsed() >= t) {
            break;
        }
        signed.pause(pace);
        let now = signed.run(signed.actions().subscriber_status(&ctx, &last.id))?;
        if now.state.status != last.state.status {
            if !json {
                match &spinner {
                    Some(s) => s.suspend(|| print_state(&now)),
                    None => print_state(&now),
                }
                let _ = std::io::stdout().flush();
            }
            changes.push(now);
        }
    }
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    let last = changes.last().expect("the first status");
    let done = settled(last);
    if json {
        println!(
            "{}",
            json!({ "subscriber": last, "changes": changes, "settled": done })
        );
    } else if !done {
        println!("Stopped following: still {}.", last.state.status);
    }
    Ok(())
}
