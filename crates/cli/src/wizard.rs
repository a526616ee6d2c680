//! `wxm wizard`: a wizard's questions asked at the terminal, one at a time, with the
//! texts of the tables (as the app's question, "How to find out" and "Check your
//! answers" pages show them), then the procedure as `wxm decide` prints it.

use crate::act::SignedIn;
use crate::{Failure, Global, PlanFormatArg};
use engine::decide::{Answer, Answers, Catalog, Decision, Input, Wizard};
use engine::lookups::LookupChoice;
use engine::{ApiError, ErrorCode};
use inquire::{InquireError, Select};
use std::collections::BTreeMap;
use std::fmt;
use std::io::IsTerminal;
use std::path::Path;

/// The keys, under every question.
const KEYS: &str = "↑↓ to move, Enter to choose, type ? for help, Esc to go back";
/// The app's words for the "I'm not sure" answer (QuestionPage.svelte).
const UNSURE_LABEL: &str = "I'm not sure";
const UNSURE_HINT: &str = "We show you how to find out.";
const HELP_LABEL: &str = "? Help with this question";
const LOOKUP_LABEL: &str = "Look it up in your Webex";
const LOOKUP_HINT: &str = "With the sign-in of wxm login.";

pub struct WizardArgs<'a> {
    pub name: Option<&'a str>,
    pub out: Option<&'a Path>,
    pub format: PlanFormatArg,
    pub json: bool,
    pub global: &'a Global,
}

pub fn run(args: WizardArgs<'_>) -> Result<(), Failure> {
    let catalog = engine::builtin_catalog()?;
    let wizard = match args.name {
        Some(name) => Some(crate::find_wizard(&catalog, name)?),
        None => None,
    };
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        let example = wizard.or_else(|| catalog.wizards.first().map(|w| &w.wizard));
        return Err(not_a_terminal(example));
    }
    let wizard = match wizard {
        Some(w) => w,
        None => choose_wizard(&catalog)?,
    };
    eprintln!("{}\n{}\n", wizard.title, wizard.description);
    let mut tenant = Tenant {
        global: args.global,
        wizard: &wizard.id,
        state: TenantState::NotTried,
        sources: BTreeMap::new(),
    };
    let decision = ask_until_decided(wizard, &mut tenant)?;
    match args.out {
        Some(path) => {
            crate::write_plan(wizard, &decision, args.format, Some(path))?;
            eprintln!(
                "The plan is saved in {}.",
                crate::output::shown(&path.display().to_string())
            );
        }
        None => crate::output::decision(wizard, &decision, args.json),
    }
    Ok(())
}

/// Standard input is not a terminal: nobody to ask. Points to `wxm decide`, with an
/// example made from the wizard's first question.
fn not_a_terminal(wizard: Option<&Wizard>) -> Failure {
    let id = wizard.map_or("move-user", |w| w.id.as_str());
    let example = wizard
        .and_then(|w| w.inputs.first())
        .and_then(|i| {
            i.answers
                .first()
                .map(|a| format!(" -a {}={}", i.id, a.value))
        })
        .unwrap_or_default();
    Failure::usage(
        ErrorCode::InputUnreadable,
        "wxm wizard asks its questions at a terminal: standard input is not a terminal.".into(),
        &format!(
            "In a script, give the answers to wxm decide instead, for example: wxm decide {id}{example} (it says which questions are still to answer)."
        ),
    )
}

/// One line of a question's list: an answer of the table, "I'm not sure", or the help.
enum Choice<'w> {
    Answer(&'w Answer),
    Unsure,
    Help,
    LookUp,
    /// The start page's choice of a wizard.
    Wizard {
        label: &'w str,
        hint: Option<&'w str>,
        id: &'w str,
    },
}

impl fmt::Display for Choice<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (label, hint) = match self {
            Choice::Answer(a) => (a.label.as_str(), a.hint.as_deref()),
            Choice::Unsure => (UNSURE_LABEL, Some(UNSURE_HINT)),
            Choice::Help => (HELP_LABEL, None),
            Choice::LookUp => (LOOKUP_LABEL, Some(LOOKUP_HINT)),
            Choice::Wizard { label, hint, .. } => (*label, *hint),
        };
        write!(f, "{}", crate::output::shown(label))?;
        match hint {
            Some(h) => write!(f, " — {}", crate::output::shown(h)),
            None => Ok(()),
        }
    }
}

/// Typing "?" leaves only the help; other typing filters by the words, in table order.
fn scorer(typed: &str, choice: &Choice<'_>, text: &str, _: usize) -> Option<i64> {
    let typed = typed.trim();
    if typed == "?" {
        return matches!(choice, Choice::Help).then_some(0);
    }
    text.to_lowercase()
        .contains(&typed.to_lowercase())
        .then_some(0)
}

/// Asks one list; Esc is `None` (go back), Ctrl-C stops the wizard.
fn ask<'w>(
    question: &str,
    choices: Vec<Choice<'w>>,
    cursor: usize,
) -> Result<Option<Choice<'w>>, Failure> {
    let picked = Select::new(question, choices)
        .with_help_message(KEYS)
        .with_scorer(&scorer)
        .with_starting_cursor(cursor)
        .with_page_size(12)
        .prompt();
    match picked {
        Ok(c) => Ok(Some(c)),
        Err(InquireError::OperationCanceled) => Ok(None),
        Err(e) => Err(stopped(e)),
    }
}

/// The start page: "What do you want to do?", its choices and help.
fn choose_wizard(catalog: &Catalog) -> Result<&Wizard, Failure> {
    let start = &catalog.start;
    loop {
        let mut choices: Vec<Choice> = start
            .choices
            .iter()
            .map(|c| Choice::Wizard {
                label: &c.label,
                hint: c.hint.as_deref(),
                id: &c.wizard,
            })
            .collect();
        choices.push(Choice::Help);
        match ask(&start.question, choices, 0)? {
            Some(Choice::Wizard { id, .. }) => return crate::find_wizard(catalog, id),
            Some(_) => show_help(&start.help),
            None => {}
        }
    }
}

fn show_help(help: &str) {
    eprintln!(
        "\nHelp with this question\n{}\n",
        crate::output::shown(help)
    );
}

/// The app's "How to find out" page, then the question again.
fn show_unsure(input: &Input) {
    eprintln!(
        "\nHow to find out\nThe question was: {}\n\n{}\n\nWhen you know the answer, choose it below. Nothing you answered is lost.\n",
        crate::output::shown(&input.question),
        crate::output::shown(input.unsure.as_deref().unwrap_or_default())
    );
}

/// What asking one question ended in.
enum Asked {
    Answered(String),
    Back,
}

/// One question until it has an answer (or Esc): "?" shows the help, "I'm not sure"
/// the table's guidance, a look-up what the tenant says; none of them answers it.
fn ask_input(input: &Input, given: Option<&str>, tenant: &mut Tenant) -> Result<Asked, Failure> {
    let position = |v: &str| input.answers.iter().position(|a| a.value == v);
    let mut cursor = given.and_then(position).unwrap_or(0);
    loop {
        let mut choices: Vec<Choice> = input.answers.iter().map(Choice::Answer).collect();
        if input.lookup.is_some() && tenant.may_look_up() {
            choices.push(Choice::LookUp);
        }
        if input.unsure.is_some() {
            choices.push(Choice::Unsure);
        }
        choices.push(Choice::Help);
        match ask(&input.question, choices, cursor)? {
            Some(Choice::Answer(a)) => return Ok(Asked::Answered(a.value.clone())),
            Some(Choice::Unsure) => {
                show_unsure(input);
                cursor = 0;
            }
            Some(Choice::LookUp) => {
                cursor = tenant
                    .look_up(input)?
                    .as_deref()
                    .and_then(position)
                    .unwrap_or(0);
            }
            Some(_) => {
                show_help(&input.help);
                cursor = 0;
            }
            None => return Ok(Asked::Back),
        }
    }
}

/// The tenant look-ups (engine `lookups`), signed in on first use with the sign-in of
/// `wxm login` (or `--token`), in a wizard session of the engine so that the audit log
/// records the calls as the app's.
struct Tenant<'g> {
    global: &'g Global,
    wizard: &'g str,
    state: TenantState,
    /// Answers found in the tenant: input → (value, where it was found).
    sources: BTreeMap<String, (String, String)>,
}

enum TenantState {
    NotTried,
    Ready {
        signed_in: Box<SignedIn>,
        session: String,
    },
    /// Not signed in: the look-up is no longer offered.
    Unavailable,
}

impl Tenant<'_> {
    fn may_look_up(&self) -> bool {
        !matches!(self.state, TenantState::Unavailable)
    }

    /// Where an answer was found, while it is still the answer given.
    fn source(&self, input: &str, value: &str) -> Option<&str> {
        let (found, source) = self.sources.get(input)?;
        (found == value).then_some(source.as_str())
    }

    /// Asks what to look up, looks it up and says what it found; the answer it suggests.
    fn look_up(&mut self, input: &Input) -> Result<Option<String>, Failure> {
        if matches!(self.state, TenantState::NotTried) {
            match SignedIn::open(self.global) {
                Ok(signed_in) => {
                    let session = signed_in
                        .engine
                        .sessions()
                        .start_session(self.wizard)
                        .map_err(Failure::from)?
                        .id;
                    self.state = TenantState::Ready {
                        signed_in: Box::new(signed_in),
                        session,
                    };
                }
                Err(f) => {
                    if f.error.code == ErrorCode::NotSignedIn {
                        self.state = TenantState::Unavailable;
                    }
                    say_problem(&f.error);
                    return Ok(None);
                }
            }
        }
        let enterprise = input.lookup.as_deref() == Some("enterprise-has-org");
        let label = if enterprise {
            "The customer's BroadWorks enterprise id"
        } else {
            "The customer's Webex organization id or name"
        };
        let mut target = match inquire::Text::new(label)
            .with_help_message("Enter to look it up, Esc to go back to the question")
            .prompt()
        {
            Ok(t) => t,
            Err(InquireError::OperationCanceled) => return Ok(None),
            Err(e) => return Err(stopped(e)),
        };
        let TenantState::Ready { signed_in, session } = &self.state else {
            return Ok(None);
        };
        // As the app's window: not found chooses nothing and offers those the partner
        // can see; choosing one looks it up in turn.
        loop {
            let found = signed_in.run(
                signed_in
                    .engine
                    .sessions()
                    .lookup(session, &input.id, &target),
            );
            let found = match found {
                Ok(found) => found,
                Err(f) => {
                    say_problem(&f.error);
                    return Ok(None);
                }
            };
            eprintln!("\n{}", crate::output::shown(&found.source));
            if let Some(value) = &found.value {
                eprintln!("We chose that answer below; you can change it.\n");
                self.sources
                    .insert(input.id.clone(), (value.clone(), found.source.clone()));
                return Ok(found.value);
            }
            // What an earlier look-up found no longer stands.
            self.sources.remove(&input.id);
            eprintln!("We did not choose an answer.\n");
            match pick_instead(enterprise, &found.choices)? {
                Some(id) => target = id,
                None => return Ok(None),
            }
        }
    }
}

/// One line of the list offered when a look-up finds nothing.
enum Instead<'f> {
    LookUp(&'f LookupChoice),
    NoneOfThese,
}

impl fmt::Display for Instead<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Instead::LookUp(c) => match &c.name {
                Some(name) => write!(
                    f,
                    "{} ({})",
                    crate::output::shown(name),
                    crate::output::shown(&c.id)
                ),
                None => write!(f, "{}", crate::output::shown(&c.id)),
            },
            Instead::NoneOfThese => write!(f, "None of these — back to the question"),
        }
    }
}

/// The enterprises (or organizations) the partner can see, to look up instead; the id
/// chosen, or `None` for "None of these" (or Esc).
fn pick_instead(enterprise: bool, choices: &[LookupChoice]) -> Result<Option<String>, Failure> {
    if choices.is_empty() {
        return Ok(None);
    }
    let question = if enterprise {
        "Enterprises in your Webex, to look up instead:"
    } else {
        "Organizations you manage, to look up instead:"
    };
    let mut lines: Vec<Instead> = choices.iter().map(Instead::LookUp).collect();
    lines.push(Instead::NoneOfThese);
    let picked = Select::new(question, lines)
        .with_help_message(
            "↑↓ to move, type to filter, Enter to look it up, Esc to go back to the question",
        )
        .with_page_size(12)
        .prompt();
    match picked {
        Ok(Instead::LookUp(c)) => Ok(Some(c.id.clone())),
        Ok(Instead::NoneOfThese) | Err(InquireError::OperationCanceled) => Ok(None),
        Err(e) => Err(stopped(e)),
    }
}

/// A problem that does not end the wizard: what happened and what to do.
fn say_problem(e: &ApiError) {
    eprintln!(
        "\n{}\n{}\n",
        crate::output::shown(&e.message),
        crate::output::shown(&e.hint)
    );
}

fn evaluate(wizard: &Wizard, answers: &Answers) -> Result<Decision, Failure> {
    engine::decide::evaluate(wizard, answers)
        .map_err(|e| Failure::from(engine::EngineError::from(e)))
}

/// Asks what evaluation still needs, in its order, then the answers to check (and
/// change) until the person asks to see what to do.
fn ask_until_decided(wizard: &Wizard, tenant: &mut Tenant) -> Result<Decision, Failure> {
    let mut answers = Answers::new();
    // Answered questions, latest last: Esc goes back to the one before.
    let mut asked: Vec<String> = Vec::new();
    // Answers taken back with Esc: chosen already when their question comes again.
    let mut earlier = Answers::new();
    loop {
        let decision = evaluate(wizard, &answers)?;
        // An answer that no longer matters (an earlier answer changed) is dropped.
        answers = decision.answers.clone();
        asked.retain(|id| answers.contains_key(id));
        if let Some(next) = decision.pending.first() {
            let input = wizard.input(next).expect("pending names an input");
            match ask_input(input, earlier.get(next).map(String::as_str), tenant)? {
                Asked::Answered(value) => {
                    answers.insert(input.id.clone(), value);
                    asked.push(input.id.clone());
                }
                Asked::Back => match asked.pop() {
                    Some(previous) => {
                        if let Some(value) = answers.remove(&previous) {
                            earlier.insert(previous, value);
                        }
                    }
                    None => eprintln!("This is the first question."),
                },
            }
            continue;
        }
        match check_answers(wizard, &decision, tenant)? {
            None => return Ok(decision),
            Some(id) => {
                let input = wizard.input(&id).expect("an answered input");
                let given = answers.get(&id).cloned();
                if let Asked::Answered(value) = ask_input(input, given.as_deref(), tenant)? {
                    answers.insert(id, value);
                }
            }
        }
    }
}

/// The "Check your answers" page: each question and its answer, a "Change" per
/// answer; `None` once the person asks to see what to do.
fn check_answers(
    wizard: &Wizard,
    decision: &Decision,
    tenant: &Tenant,
) -> Result<Option<String>, Failure> {
    let answered: Vec<(&Input, &Answer)> = wizard
        .inputs
        .iter()
        .filter_map(|i| {
            let a = decision.answers.get(&i.id).and_then(|v| i.answer(v))?;
            Some((i, a))
        })
        .collect();
    eprintln!("\nCheck your answers");
    for (input, answer) in &answered {
        eprintln!(
            "  {}\n    {}",
            crate::output::shown(&input.question),
            crate::output::shown(&answer.label)
        );
        if let Some(source) = tenant.source(&input.id, &answer.value) {
            eprintln!("    {}", crate::output::shown(source));
        }
    }
    eprintln!();
    let mut choices = vec![CheckChoice::SeeWhatToDo];
    choices.extend(answered.iter().map(|(i, _)| CheckChoice::Change(i)));
    let picked = Select::new("What next?", choices)
        .with_help_message("↑↓ to move, Enter to choose")
        .without_filtering()
        .with_page_size(12)
        .prompt();
    match picked {
        Ok(CheckChoice::SeeWhatToDo) => Ok(None),
        Ok(CheckChoice::Change(i)) => Ok(Some(i.id.clone())),
        // Esc: back to the last question.
        Err(InquireError::OperationCanceled) => Ok(answered.last().map(|(i, _)| i.id.clone())),
        Err(e) => Err(stopped(e)),
    }
}

/// Ctrl-C, or a terminal that cannot be read.
fn stopped(e: InquireError) -> Failure {
    match e {
        InquireError::OperationInterrupted => Failure {
            exit: 1,
            error: ApiError::new(
                ErrorCode::NotConfirmed,
                "You stopped the wizard. Nothing was saved.",
                "Run wxm wizard again to start over.",
            ),
        },
        e => Failure {
            exit: 1,
            error: ApiError::new(
                ErrorCode::InputUnreadable,
                format!("cannot ask at this terminal: {e}"),
                "Give the answers to wxm decide instead (see wxm decide --help).",
            ),
        },
    }
}

enum CheckChoice<'w> {
    SeeWhatToDo,
    Change(&'w Input),
}

impl fmt::Display for CheckChoice<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckChoice::SeeWhatToDo => write!(f, "See what to do"),
            CheckChoice::Change(i) => write!(
                f,
                "Change your answer to: {}",
                crate::output::shown(&i.question)
            ),
        }
    }
}
