//! `wxm`: the Webex Migration Wizard, headless and scriptable.

mod act;
mod audit;
mod bulk;
mod detach;
mod login;
mod manual;
mod messenger;
mod migration;
mod org;
mod output;
mod progress;
mod user;
mod wizard;

use clap::{Args, CommandFactory, Parser, Subcommand};
use engine::decide::{Answers, Catalog, SourceTexts};
use engine::{ApiError, ErrorCode};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "wxm",
    version = env!("WXM_VERSION"),
    about = "Webex Migration Wizard: choose the right procedure for moving Webex users into Webex for BroadWorks, and follow it.",
    propagate_version = true
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Global {
    /// Folder for the database and logs (default: the app's data folder).
    #[arg(long, global = true, env = "WXM_DATA_DIR", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print results as JSON.
    #[arg(long, global = true)]
    json: bool,
    /// Webex API base URL (default: https://webexapis.com/v1; the demo tenant prints its own).
    #[arg(long, global = true, env = "WXM_BASE_URL", value_name = "URL")]
    base_url: Option<String>,
    /// Bearer token for this run only; never written anywhere.
    #[arg(
        long,
        global = true,
        env = "WXM_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    token: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// List the wizards.
    Wizards,
    /// Say which procedure applies, given answers, and what is still to be asked.
    Decide {
        /// Wizard id, e.g. move-user (see `wxm wizards`).
        wizard: String,
        /// An answer, as INPUT=VALUE. Repeat for more answers.
        #[arg(long = "answer", short = 'a', value_name = "INPUT=VALUE")]
        answers: Vec<String>,
    },
    /// Ask a wizard's questions here, one at a time, then print the procedure (needs a terminal).
    Wizard {
        /// Wizard id, e.g. move-user (default: asks what you want to do).
        name: Option<String>,
        /// Save the plan to this file instead of printing the procedure.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// With --out: html (a self-contained page that prints cleanly) or md (Markdown).
        #[arg(long, value_enum, default_value_t = PlanFormatArg::Html, requires = "out")]
        format: PlanFormatArg,
    },
    /// Write the plan for a wizard's answers: answers, reason and every step.
    Plan {
        /// Wizard id, e.g. move-user.
        wizard: String,
        /// An answer, as INPUT=VALUE. Repeat for more answers.
        #[arg(long = "answer", short = 'a', value_name = "INPUT=VALUE")]
        answers: Vec<String>,
        /// html (a self-contained page that prints cleanly) or md (Markdown).
        #[arg(long, value_enum, default_value_t = PlanFormatArg::Html)]
        format: PlanFormatArg,
        /// Write to this file instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Work with the decision tables.
    Tables {
        #[command(subcommand)]
        command: TablesCommand,
    },
    /// Show where the data folder is and what it holds.
    Info,
    /// Show who is signed in (with --token: who the token signs in as), and where.
    Whoami,
    /// Sign in: Webex in your browser (OAuth), --pat (a personal access token) or --demo.
    Login(login::LoginArgs),
    /// Sign out: remove the stored tokens.
    Logout,
    /// One user in Webex: precheck, provision, status (--follow), resend-consent, remove.
    User {
        #[command(subcommand)]
        command: user::UserCommand,
    },
    /// Check a customer's organization: your Full Admin access, attached to an enterprise.
    Org {
        #[command(subcommand)]
        command: org::OrgCommand,
    },
    /// Detach Webex for BroadWorks from an enterprise: remove its workspaces, subscribers and pending users, then list what is left to do by hand.
    Detach(detach::DetachArgs),
    /// A customer's migration board: where each user stands, chase those waiting, retry the failed, report.
    Migration {
        #[command(subcommand)]
        command: migration::MigrationCommand,
    },
    /// Move Messenger Guest users to Business Edition: notices to the users.
    Messenger {
        #[command(subcommand)]
        command: messenger::MessengerCommand,
    },
    /// Move many users from a CSV file: plan, run, resume, status, report, list.
    Bulk {
        #[command(subcommand)]
        command: bulk::BulkCommand,
    },
    /// The audit log of API calls: export it.
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// The simulated Webex tenant.
    Sim {
        #[command(subcommand)]
        command: SimCommand,
    },
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the manual page wxm.1 to standard output, or with --out, a page for every command.
    Manpage {
        /// Write wxm.1 and the subcommands' pages (wxm-user.1, …) into this folder.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum SimCommand {
    /// Run the simulated tenant on 127.0.0.1 until Ctrl-C; prints its base URL and a demo token.
    Serve {
        /// Port to listen on (default: any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// A scenario file (JSON); default: the built-in demo tenant.
        #[arg(long, value_name = "FILE")]
        scenario: Option<PathBuf>,
        /// Answer 429 beyond N requests a second.
        #[arg(long, value_name = "N")]
        rate_limit: Option<u32>,
        /// Add this many milliseconds to every answer.
        #[arg(long, value_name = "N")]
        latency_ms: Option<u64>,
        /// Faults, e.g. 5xx=0.1,drop=0.05,rate=20,latency=100,token-ttl=3600.
        #[arg(long, value_name = "SPEC")]
        faults: Option<String>,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PlanFormatArg {
    Html,
    Md,
}

#[derive(Subcommand)]
enum TablesCommand {
    /// Verify tables: no gaps, no overlaps, no unreachable rules, every source found.
    Check {
        /// A tables folder (default: the tables built into this program).
        dir: Option<PathBuf>,
        /// Folder of seed texts; every quoted source fragment must be found there.
        #[arg(long, value_name = "DIR")]
        seeds: Option<PathBuf>,
    },
}

/// How a command failed: exit code 2 for bad usage or input, 1 otherwise.
pub struct Failure {
    pub exit: u8,
    pub error: ApiError,
}

/// `text` on standard output, or saved to `out`.
pub fn print_or_save(out: Option<&std::path::Path>, text: &str) -> Result<(), Failure> {
    match out {
        None => print!("{text}"),
        Some(path) => save(path, text)?,
    }
    Ok(())
}

/// `text` saved to `path`; a file that cannot be written is named with what to do.
pub fn save(path: &std::path::Path, text: &str) -> Result<(), Failure> {
    std::fs::write(path, text).map_err(|e| Failure {
        exit: 1,
        error: ApiError::new(
            ErrorCode::ExportFailed,
            format!("cannot write {}: {e}", path.display()),
            "Choose another file or folder, then try again.",
        ),
    })
}

impl Failure {
    fn usage(code: ErrorCode, message: String, hint: &str) -> Failure {
        Failure {
            exit: 2,
            error: ApiError::new(code, message, hint),
        }
    }
}

/// Exit codes follow the error's code: bad input exits 2, anything else (Webex, the
/// sign-in, this computer) 1.
impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        use ErrorCode::*;
        let exit = match error.code {
            InvalidForm | MissingField | FieldTooLong | NoIds | NoEnterprise | BadAnswer
            | UnknownAnswer | UnknownInput | UnknownWizard | BadBaseUrl | BulkFileInvalid
            | BulkFileUnreadable => 2,
            _ => 1,
        };
        Failure { exit, error }
    }
}

impl From<engine::EngineError> for Failure {
    fn from(e: engine::EngineError) -> Self {
        ApiError::from(&e).into()
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.global.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            output::error(&f.error, json);
            ExitCode::from(f.exit)
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    let json = cli.global.json;
    match cli.command {
        Command::Wizards => {
            let catalog = engine::builtin_catalog()?;
            output::wizards(&catalog, json);
            Ok(())
        }
        Command::Decide { wizard, answers } => decide_cmd(&wizard, &answers, json),
        Command::Wizard { name, out, format } => wizard::run(wizard::WizardArgs {
            name: name.as_deref(),
            out: out.as_deref(),
            format,
            json,
            global: &cli.global,
        }),
        Command::Plan {
            wizard,
            answers,
            format,
            out,
        } => plan_cmd(&wizard, &answers, format, out.as_deref()),
        Command::Tables {
            command: TablesCommand::Check { dir, seeds },
        } => tables_check(dir, seeds, json),
        Command::Info => {
            let engine = open_engine(&cli.global)?;
            output::info(engine.data_dir(), json);
            Ok(())
        }
        Command::Whoami => whoami(&cli.global, json),
        Command::Login(args) => login::login(args, &cli.global, json),
        Command::Logout => login::logout(&cli.global, json),
        Command::User { command } => user::run(command, &cli.global),
        Command::Org { command } => org::run(command, &cli.global),
        Command::Detach(args) => detach::run(args, &cli.global),
        Command::Migration { command } => migration::run(command, &cli.global),
        Command::Messenger { command } => messenger::run(command, json),
        Command::Bulk { command } => bulk::run(command, &cli.global),
        Command::Audit { command } => audit::run(command, &cli.global),
        Command::Sim {
            command:
                SimCommand::Serve {
                    port,
                    scenario,
                    rate_limit,
                    latency_ms,
                    faults,
                },
        } => sim_serve(port, scenario, rate_limit, latency_ms, faults, json),
        Command::Completions { shell } => {
            manual::completions(shell, Cli::command());
            Ok(())
        }
        Command::Manpage { out } => manual::manpage(Cli::command(), out.as_deref(), json),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure {
            exit: 1,
            error: ApiError::new(
                ErrorCode::RuntimeUnavailable,
                format!("cannot start: {e}"),
                "Try again; if it keeps happening, report it.",
            ),
        })
}

fn whoami(global: &Global, json: bool) -> Result<(), Failure> {
    if global.token.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return login::whoami_stored(global, json);
    }
    let engine = open_engine(global)?;
    let rt = runtime()?;
    let client = bulk::client(&engine, &rt, global, 10)?;
    let person = rt
        .block_on(client.me())
        .map_err(|e| Failure::from(engine::EngineError::Webex(e)))?;
    output::whoami(&person, client.base_url(), json);
    Ok(())
}

fn sim_serve(
    port: u16,
    scenario: Option<PathBuf>,
    rate_limit: Option<u32>,
    latency_ms: Option<u64>,
    faults: Option<String>,
    json: bool,
) -> Result<(), Failure> {
    let settings = engine::demo::DemoSettings {
        port,
        scenario,
        rate_limit,
        latency_ms,
        faults,
    };
    let rt = runtime()?;
    rt.block_on(async {
        let sim = engine::demo::serve(settings).await.map_err(|e| Failure {
            exit: if e.is_bad_input() { 2 } else { 1 },
            error: ApiError::from(&e),
        })?;
        output::sim_started(
            &sim.base_url(),
            &sim.control_url(),
            sim.demo_token(),
            sim.control_token(),
            json,
        );
        let _ = tokio::signal::ctrl_c().await;
        Ok(())
    })
}

/// Opens the data folder; says once (on standard error) when it had to be made private.
pub(crate) fn open_engine(global: &Global) -> Result<engine::Engine, Failure> {
    let engine = engine::Engine::open(&data_dir(global)?)?;
    if let Some(first) = engine.tightened().first() {
        eprintln!(
            "Note: {} (and {} more) could be read by other users of this computer. It is now private to you.",
            output::shown(&first.display().to_string()),
            engine.tightened().len() - 1
        );
    }
    Ok(engine)
}

fn data_dir(global: &Global) -> Result<PathBuf, Failure> {
    global
        .data_dir
        .clone()
        .or_else(engine::paths::default_data_dir)
        .ok_or_else(|| {
            Failure::usage(
                ErrorCode::DataDirUnknown,
                "This system has no app-data folder.".into(),
                "Give one with --data-dir DIR or WXM_DATA_DIR.",
            )
        })
}

fn parse_answers(raw: &[String]) -> Result<Answers, Failure> {
    let mut answers = Answers::new();
    for item in raw {
        let Some((input, value)) = item.split_once('=') else {
            return Err(Failure::usage(
                ErrorCode::BadAnswer,
                format!("--answer '{item}' is not INPUT=VALUE"),
                "Write each answer as INPUT=VALUE, for example --answer user_org=consumer.",
            ));
        };
        let (input, value) = (input.trim(), value.trim());
        if let Some(previous) = answers.insert(input.to_string(), value.to_string()) {
            if previous != value {
                return Err(Failure::usage(
                    ErrorCode::BadAnswer,
                    format!("'{input}' is answered twice: '{previous}' and '{value}'"),
                    "Give each question one answer.",
                ));
            }
        }
    }
    Ok(answers)
}

/// The wizard and what the answers decide, or an exit-2 failure naming what is allowed.
fn evaluate(
    wizard_id: &str,
    raw: &[String],
) -> Result<(engine::decide::Wizard, engine::decide::Decision), Failure> {
    let catalog = engine::builtin_catalog()?;
    let wizard = find_wizard(&catalog, wizard_id)?;
    let answers = parse_answers(raw)?;
    let decision = engine::decide::evaluate(wizard, &answers).map_err(engine::EngineError::from)?;
    Ok((wizard.clone(), decision))
}

/// A wizard by id, or an exit-2 failure naming the wizards there are.
fn find_wizard<'c>(
    catalog: &'c Catalog,
    wizard_id: &str,
) -> Result<&'c engine::decide::Wizard, Failure> {
    catalog.wizard(wizard_id).ok_or_else(|| {
        engine::EngineError::Session(engine::sessions::SessionError::UnknownWizard {
            id: wizard_id.into(),
            allowed: catalog.wizard_ids().iter().map(|s| s.to_string()).collect(),
        })
        .into()
    })
}

fn decide_cmd(wizard_id: &str, raw: &[String], json: bool) -> Result<(), Failure> {
    let (wizard, decision) = evaluate(wizard_id, raw)?;
    output::decision(&wizard, &decision, json);
    Ok(())
}

fn plan_cmd(
    wizard_id: &str,
    raw: &[String],
    format: PlanFormatArg,
    out: Option<&std::path::Path>,
) -> Result<(), Failure> {
    let (wizard, decision) = evaluate(wizard_id, raw)?;
    write_plan(&wizard, &decision, format, out)
}

/// The plan (answers, reason, every step) to a file or standard output.
fn write_plan(
    wizard: &engine::decide::Wizard,
    decision: &engine::decide::Decision,
    format: PlanFormatArg,
    out: Option<&std::path::Path>,
) -> Result<(), Failure> {
    let format = match format {
        PlanFormatArg::Html => engine::plan::PlanFormat::Html,
        PlanFormatArg::Md => engine::plan::PlanFormat::Markdown,
    };
    let text = engine::plan::render(
        wizard,
        decision,
        &[],
        format,
        &engine::sessions::now_for_people(),
    );
    print_or_save(out, &text)
}

fn tables_check(dir: Option<PathBuf>, seeds: Option<PathBuf>, json: bool) -> Result<(), Failure> {
    let (catalog, what) = match &dir {
        Some(dir) => (
            Catalog::load_dir(dir).map_err(|errors| Failure {
                exit: 1,
                error: ApiError::new(
                    ErrorCode::TablesUnreadable,
                    errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("\n"),
                    "Fix the files named above, then run `wxm tables check` again.",
                ),
            })?,
            dir.display().to_string(),
        ),
        None => (
            engine::builtin_catalog()?,
            "the built-in tables".to_string(),
        ),
    };
    let texts = match &seeds {
        Some(seeds) => Some(SourceTexts::load(seeds).map_err(|e| {
            Failure::usage(
                ErrorCode::SeedsUnreadable,
                format!("cannot read the seeds folder {}: {e}", seeds.display()),
                "Give the folder that holds the seed .txt files with --seeds DIR.",
            )
        })?),
        None => None,
    };
    let problems = engine::decide::verify(&catalog, texts.as_ref());
    output::check(&what, &catalog, &problems, texts.is_some(), json);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure {
            exit: 1,
            error: ApiError::new(
                ErrorCode::TablesInvalid,
                format!("{} problem(s) in {what}", problems.len()),
                "Fix each problem listed above, then run `wxm tables check` again.",
            ),
        })
    }
}
