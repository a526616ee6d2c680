//! `wxm messenger notices`: checks a Messenger Administration Tool export of inactive
//! users and writes a ready-to-send notice for each valid (chosen) user.

use crate::Failure;
use engine::messenger::{self, MessengerImport, NoticeRequest, NoticesWritten};
use engine::{ApiError, EngineError, ErrorCode};
use serde_json::json;
use std::path::{Path, PathBuf};

/// The arguments of `wxm messenger notices`.
#[derive(clap::Args)]
pub struct NoticesArgs {
    /// The inactive-users CSV file exported from the Cisco WebEx Administration Tool.
    pub file: PathBuf,
    /// Where users download the latest Cisco WebEx application (http:// or https://).
    #[arg(long, value_name = "URL")]
    pub download_url: String,
    /// The folder to write the notices in (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The notices' From address: yours, so that users can reply.
    #[arg(long, value_name = "EMAIL")]
    pub from: String,
    /// Write notices only for these users (userSSOId, or email where a row has none).
    #[arg(long, value_name = "ID,ID…", value_delimiter = ',')]
    pub users: Option<Vec<String>>,
    /// Replace notices already in the folder (otherwise nothing is written if one exists).
    #[arg(long)]
    pub replace: bool,
}

/// The subcommands of `wxm messenger`.
#[derive(clap::Subcommand)]
pub enum MessengerCommand {
    /// Check an inactive-users file and write a notice (.eml) for each valid user, plus a mail-merge CSV.
    Notices(NoticesArgs),
}

/// Runs `wxm messenger …`.
pub fn run(command: MessengerCommand, json: bool) -> Result<(), Failure> {
    match command {
        MessengerCommand::Notices(args) => notices(args, json),
    }
}

fn usage(e: EngineError, flag: &str) -> Failure {
    let mut error = ApiError::from(&e);
    error.message = format!("{flag}: {}", error.message);
    Failure { exit: 2, error }
}

fn notices(args: NoticesArgs, json: bool) -> Result<(), Failure> {
    // Check the flags before reading anything, so a typo costs nothing.
    messenger::check_download_url(&args.download_url).map_err(|e| usage(e, "--download-url"))?;
    messenger::check_sender(&args.from).map_err(|e| usage(e, "--from"))?;
    let import = messenger::import_file(&args.file).map_err(|e| usage(e, "FILE"))?;
    if !json {
        for p in &import.problems {
            eprintln!("{}", crate::output::shown(&p.message));
        }
    }
    let selected: Option<Vec<String>> = args.users.map(|ids| {
        ids.into_iter()
            .map(|id| id.trim().to_string())
            .filter(|id| !id.is_empty())
            .collect()
    });
    let result = messenger::write_notices(
        &import,
        &NoticeRequest {
            download_url: &args.download_url,
            sender: &args.from,
            out_dir: &args.out,
            selected: selected.as_deref(),
            replace: args.replace,
        },
        std::time::SystemTime::now(),
    );
    let written = match result {
        Ok(w) => w,
        Err(e) => {
            let exit: u8 = match e {
                EngineError::Messenger(engine::messenger::MessengerError::UnknownUsers {
                    ..
                }) => 2,
                _ => 1,
            };
            if json {
                print_json(&import, None, Some(&ApiError::from(&e)));
                exit_now(exit.into());
            }
            let flag = if exit == 2 { "--users: " } else { "" };
            let mut error = ApiError::from(&e);
            error.message = format!("{flag}{}", error.message);
            return Err(Failure { exit, error });
        }
    };
    let refused = import.refused_rows();
    if json {
        print_json(&import, Some(&written), None);
    } else {
        print_text(&import, &written, &args.out);
    }
    if refused == 0 {
        return Ok(());
    }
    if json {
        exit_now(1); // the problems are in the JSON printed
    }
    Err(Failure {
        exit: 1,
        error: ApiError::new(ErrorCode::RowsRefused, format!(
                "{refused} row(s) of {} were refused (listed above); notices were written for the other users.",
                import.path
            ), "Correct those rows in the file, then run again with --users ID,… to write only their notices (or --replace to write them all again)."),
    })
}

/// Ends the run with `code` once the JSON report is out, so standard output holds
/// exactly one JSON object.
fn exit_now(code: i32) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    std::process::exit(code)
}

fn print_text(import: &MessengerImport, written: &NoticesWritten, out: &Path) {
    println!(
        "Wrote {} notice(s) to {}:",
        written.notices.len(),
        out.display()
    );
    for n in &written.notices {
        println!(
            "  {}  ({})",
            crate::output::shown(&n.path),
            crate::output::shown(&n.email)
        );
    }
    println!("Mail-merge file: {}", written.mail_merge);
    if import.problems.is_empty() {
        println!(
            "All {} row(s) of {} were valid.",
            import.rows_read, import.path
        );
    }
    println!("Next: send the notices; then, in the Cisco WebEx Administration Tool, set these users active and reset their passwords.");
}

fn print_json(
    import: &MessengerImport,
    written: Option<&NoticesWritten>,
    error: Option<&ApiError>,
) {
    let mut out = json!({
        "file": import.path,
        "rowsRead": import.rows_read,
        "hadHeader": import.had_header,
        "users": import.users,
        "problems": import.problems,
        "refusedRows": import.refused_rows(),
        "written": written,
    });
    if let Some(e) = error {
        out["error"] = json!(e);
    }
    println!("{out}");
}
