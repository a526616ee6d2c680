//! What `wxm` prints: plain text for people, or one JSON object with `--json`.

use engine::decide::{Actor, Catalog, Decision, Problem, Wizard};
use engine::ApiError;
use serde_json::json;
use std::path::Path;

/// Where the simulated tenant listens. The demo token is printed on purpose: it is the
/// simulator's, and scripts need it.
pub fn sim_started(
    base_url: &str,
    control_url: &str,
    token: &str,
    control_token: &str,
    json: bool,
) {
    use std::io::Write;
    if json {
        println!(
            "{}",
            json!({ "baseUrl": base_url, "controlUrl": control_url, "token": token, "controlToken": control_token })
        );
    } else {
        println!("Simulated Webex tenant running. Press Ctrl-C to stop.");
        println!("Base URL:      {base_url}");
        println!("Control API:   {control_url}");
        println!("Demo token:    {token}");
        println!("Control token: {control_token}  (send it as the X-Sim-Control-Token header)");
        println!("Try: wxm whoami --base-url {base_url} --token <the demo token>");
    }
    let _ = std::io::stdout().flush();
}

pub fn whoami(person: &engine::webex::model::Person, base_url: &str, json: bool) {
    let email = person.emails.first().cloned().unwrap_or_default();
    if json {
        println!(
            "{}",
            json!({ "displayName": person.display_name, "email": email, "orgId": person.org_id, "personId": person.id, "baseUrl": base_url })
        );
    } else {
        println!(
            "Signed in as {} <{email}>",
            person.display_name.as_deref().unwrap_or("(no name)")
        );
        println!(
            "Organization: {}",
            person.org_id.as_deref().unwrap_or("(unknown)")
        );
        println!("Webex API: {base_url}");
    }
}

pub fn error(e: &ApiError, json: bool) {
    if json {
        println!("{}", json!({ "error": e }));
    } else {
        eprintln!("Error: {}\n{}", shown(&e.message), shown(&e.hint));
    }
}

/// Text for a terminal: control characters (and the invisible marks that reorder
/// text) from a file or from Webex are shown escaped, so a cell can never send an
/// escape sequence to the terminal. JSON output escapes them by itself.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            if (c as u32) < 0x80 {
                out.push_str(&format!("\\x{:02x}", c as u32));
            } else {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

pub fn wizards(catalog: &Catalog, json: bool) {
    if json {
        let list: Vec<_> = catalog
            .wizards
            .iter()
            .map(|w| json!({ "id": w.wizard.id, "title": w.wizard.title, "description": w.wizard.description }))
            .collect();
        println!("{}", json!({ "wizards": list }));
        return;
    }
    for w in &catalog.wizards {
        println!("{:<30} {}", w.wizard.id, w.wizard.title);
    }
}

fn actor_name(actor: Actor) -> &'static str {
    match actor {
        Actor::PartnerAdmin => "Partner administrator",
        Actor::CustomerAdmin => "Customer administrator",
        Actor::EndUser => "The user",
        Actor::App => "This app",
        Actor::Webex => "Webex (automatic)",
    }
}

pub fn decision(wizard: &Wizard, d: &Decision, json: bool) {
    if json {
        match serde_json::to_string_pretty(d) {
            Ok(s) => println!("{s}"),
            Err(e) => eprintln!("Error: cannot print the result: {e}"),
        }
        return;
    }
    println!("Wizard: {} ({})", wizard.title, wizard.id);
    match (&d.outcome, &d.procedure) {
        (Some(id), Some(p)) => println!("Outcome: {} ({id})", p.title),
        _ => println!("Outcome: not decided yet"),
    }
    if let Some(reason) = &d.reason {
        println!("Why: {reason}");
    }
    if let Some(rule) = &d.rule {
        println!("Rule: {rule}");
    }
    if !d.pending.is_empty() {
        println!("Still to answer:");
        for id in &d.pending {
            if let Some(input) = wizard.input(id) {
                let values: Vec<_> = input.values().collect();
                println!("  {id}: {} [{}]", input.question, values.join(" | "));
            }
        }
    }
    if let Some(p) = &d.procedure {
        println!("Steps:");
        for (n, step) in p.steps.iter().enumerate() {
            println!("  {}. {}: {}", n + 1, actor_name(step.actor), step.text);
            for w in &step.warnings {
                println!("     Warning: {}", w.text);
            }
        }
    }
}

pub fn check(what: &str, catalog: &Catalog, problems: &[Problem], sources: bool, json: bool) {
    if json {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        println!(
            "{}",
            json!({ "tables": what, "wizards": catalog.wizard_ids(), "sourcesChecked": sources, "ok": problems.is_empty(), "problems": list })
        );
        return;
    }
    for p in problems {
        println!("{p}");
    }
    if problems.is_empty() {
        println!(
            "{what}: {} wizards verified: complete, unambiguous, every rule reachable{}.",
            catalog.wizards.len(),
            if sources {
                ", every source found in the seeds"
            } else {
                ""
            }
        );
    }
}

pub fn info(data_dir: &Path, json: bool) {
    if json {
        println!("{}", json!({ "dataDir": data_dir.display().to_string() }));
    } else {
        println!("Data folder: {}", data_dir.display());
    }
}
