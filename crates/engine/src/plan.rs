//! A plan to keep or share: the answers, the reason and every step with who does it,
//! its status, its note and where it comes from — as self-contained HTML (with print
//! styles) or Markdown.

use crate::sessions::StepProgress;
use decide::{Decision, Source, Step, Wizard};
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormat {
    Html,
    Markdown,
}

/// One step as a plan shows it.
struct Line<'a> {
    step: &'a Step,
    actor: &'static str,
    done: bool,
    note: &'a str,
    /// Why it shows done (or what Webex reported), when evidence says so.
    why: Option<String>,
}

/// What a plan shows, in either format.
struct Plan<'a> {
    wizard: &'a Wizard,
    decision: &'a Decision,
    /// The procedure's title, or "Not decided yet".
    title: &'a str,
    /// Each question answered, with the answer's label (and where it was found).
    answers: Vec<(&'a str, String)>,
    /// The questions not answered yet.
    pending: Vec<&'a str>,
    lines: Vec<Line<'a>>,
    generated: &'a str,
}

fn source_text(source: &Source) -> String {
    match source {
        Source::Seed { seed, section, .. } => format!("{section} ({seed})"),
        Source::Reference {
            reference, section, ..
        } => format!("{section} ({reference})"),
    }
}

/// Text made safe to put in HTML.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Renders a plan. `generated` is the time stamp printed on it.
pub fn render(
    wizard: &Wizard,
    decision: &Decision,
    progress: &[StepProgress],
    format: PlanFormat,
    generated: &str,
) -> String {
    render_with_sources(
        wizard,
        decision,
        progress,
        &BTreeMap::new(),
        format,
        generated,
    )
}

/// Renders a plan whose answers may have been found in the tenant
/// (`sources`: input id → "Found in your Webex: …"), marked as such.
pub fn render_with_sources(
    wizard: &Wizard,
    decision: &Decision,
    progress: &[StepProgress],
    sources: &BTreeMap<String, String>,
    format: PlanFormat,
    generated: &str,
) -> String {
    let by_step: BTreeMap<&str, &StepProgress> =
        progress.iter().map(|p| (p.step_id.as_str(), p)).collect();
    let lines: Vec<Line> = decision
        .procedure
        .iter()
        .flat_map(|p| p.steps.iter())
        .map(|step| {
            let p = by_step.get(step.id.as_str());
            Line {
                step,
                actor: step.actor.label_for(wizard.reader),
                done: p.is_some_and(|p| p.done),
                note: p.map(|p| p.note.as_str()).unwrap_or(""),
                why: p.and_then(|p| {
                    let e = p.evidence.as_ref()?;
                    let when = e.at.get(..16).unwrap_or(&e.at).replace('T', " ");
                    Some(if p.manual {
                        format!("Marked by you. {} ({when} UTC).", e.why)
                    } else {
                        format!("{} ({when} UTC).", e.why)
                    })
                }),
            }
        })
        .collect();
    let answers: Vec<(&str, String)> = wizard
        .inputs
        .iter()
        .filter_map(|i| {
            let v = decision.answers.get(&i.id)?;
            let label = i.answer(v)?.label.as_str();
            Some((
                i.question.as_str(),
                match sources.get(&i.id) {
                    Some(src) => format!("{label} ({src})"),
                    None => label.to_string(),
                },
            ))
        })
        .collect();
    let pending: Vec<&str> = decision
        .pending
        .iter()
        .filter_map(|id| wizard.input(id).map(|i| i.question.as_str()))
        .collect();
    let title = decision
        .procedure
        .as_ref()
        .map(|p| p.title.as_str())
        .unwrap_or("Not decided yet");
    let plan = Plan {
        wizard,
        decision,
        title,
        answers,
        pending,
        lines,
        generated,
    };
    match format {
        PlanFormat::Html => html(&plan),
        PlanFormat::Markdown => markdown(&plan),
    }
}

fn status(done: bool) -> &'static str {
    if done {
        "Done"
    } else {
        "Not started"
    }
}

fn html(plan: &Plan) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} – {}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n",
        esc(plan.title),
        esc(&plan.wizard.title),
        PLAN_CSS
    );
    let _ = write!(
        o,
        "<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n",
        esc(&plan.wizard.title),
        esc(plan.title)
    );
    let _ = writeln!(
        o,
        "<p class=\"meta\">Made by Webex Migration Wizard on {}.</p>",
        esc(plan.generated)
    );
    if let Some(reason) = &plan.decision.reason {
        let _ = write!(o, "<h2>Why this procedure</h2>\n<p>{}</p>\n", esc(reason));
    }
    o.push_str("<h2>Your answers</h2>\n<dl>\n");
    for (q, a) in &plan.answers {
        let _ = writeln!(o, "<dt>{}</dt><dd>{}</dd>", esc(q), esc(a));
    }
    o.push_str("</dl>\n");
    if !plan.pending.is_empty() {
        o.push_str("<h2>Still to answer</h2>\n<ul>\n");
        for q in &plan.pending {
            let _ = writeln!(o, "<li>{}</li>", esc(q));
        }
        o.push_str("</ul>\n");
    }
    if !plan.lines.is_empty() {
        o.push_str("<h2>Steps</h2>\n<ol class=\"steps\">\n");
        for l in &plan.lines {
            o.push_str("<li>\n");
            for w in &l.step.warnings {
                let _ = writeln!(
                    o,
                    "<p class=\"warning\"><strong>Warning:</strong> {}</p>",
                    esc(&w.text)
                );
            }
            let _ = writeln!(
                o,
                "<p class=\"who\"><strong>{}</strong> · <span class=\"status\">{}</span></p>\n<p>{}</p>",
                esc(l.actor),
                status(l.done),
                esc(&l.step.text)
            );
            for n in &l.step.notes {
                let _ = writeln!(o, "<p class=\"note\">{}</p>", esc(&n.text));
            }
            if let Some(why) = &l.why {
                let _ = writeln!(o, "<p class=\"evidence\">{}</p>", esc(why));
            }
            if !l.note.is_empty() {
                let _ = writeln!(
                    o,
                    "<p class=\"your-note\"><strong>Your note:</strong> {}</p>",
                    esc(l.note)
                );
            }
            let _ = writeln!(
                o,
                "<p class=\"source\">From: {}</p>",
                esc(&source_text(&l.step.source))
            );
            o.push_str("</li>\n");
        }
        o.push_str("</ol>\n");
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

fn markdown(plan: &Plan) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "# {}\n\n{}. Made by Webex Migration Wizard on {}.\n\n",
        plan.title, plan.wizard.title, plan.generated
    );
    if let Some(reason) = &plan.decision.reason {
        let _ = write!(o, "## Why this procedure\n\n{reason}\n\n");
    }
    o.push_str("## Your answers\n\n");
    for (q, a) in &plan.answers {
        let _ = writeln!(o, "- {q} **{a}**");
    }
    if !plan.pending.is_empty() {
        o.push_str("\n## Still to answer\n\n");
        for q in &plan.pending {
            let _ = writeln!(o, "- {q}");
        }
    }
    if !plan.lines.is_empty() {
        o.push_str("\n## Steps\n\n");
        for (n, l) in plan.lines.iter().enumerate() {
            let _ = writeln!(
                o,
                "{}. [{}] **{}**: {}",
                n + 1,
                if l.done { "x" } else { " " },
                l.actor,
                l.step.text
            );
            for w in &l.step.warnings {
                let _ = writeln!(o, "   - **Warning:** {}", w.text);
            }
            for note in &l.step.notes {
                let _ = writeln!(o, "   - {}", note.text);
            }
            if let Some(why) = &l.why {
                let _ = writeln!(o, "   - {why}");
            }
            if !l.note.is_empty() {
                let _ = writeln!(o, "   - Your note: {}", l.note);
            }
            let _ = writeln!(
                o,
                "   - Status: {}. From: {}",
                status(l.done),
                source_text(&l.step.source)
            );
        }
    }
    o
}

const PLAN_CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:1.05rem;line-height:1.5;color:#0b0c0c;background:#fff;margin:0}main{max-width:46rem;margin:0 auto;padding:1.5rem}h1{font-size:2rem;margin:.25rem 0}.kicker,.meta,.source{color:#484949}.source{font-size:.9rem}dt{font-weight:700}dd{margin:0 0 .5rem 0}.steps li{margin-bottom:1rem;padding-bottom:.5rem;border-bottom:1px solid #b1b4b6}.warning{border-left:6px solid #0b0c0c;padding:.25rem .75rem;background:#f3f2f1}.status{font-weight:700}@media print{body{font-size:11pt}main{max-width:none;padding:0}.steps li{break-inside:avoid}a{color:inherit}}";
