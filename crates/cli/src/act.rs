//! What the commands that act in Webex share (`wxm user`, `wxm org`, `wxm detach`): the
//! engine signed in as the app is, engine errors turned into exit codes by their code,
//! and the confirmation asked before a change.

use crate::{Failure, Global};
use engine::actions::ActionContext;
use engine::explain::Explained;
use engine::{Actions, ApiError, Engine, EngineError, ErrorCode};
use std::future::Future;
use std::io::{BufRead, IsTerminal, Write};

/// The engine of this run, signed in with the token given for this run (`--token`,
/// never stored) or else the stored sign-in of `wxm login` (the demo tenant starts in
/// this process), so that every action is audited as the app's is.
pub struct SignedIn {
    pub engine: Engine,
    rt: tokio::runtime::Runtime,
}

impl SignedIn {
    pub fn open(global: &Global) -> Result<SignedIn, Failure> {
        let engine = crate::open_engine(global)?;
        let rt = crate::runtime()?;
        let token = global.token.clone().map(engine::auth::Secret::new);
        let connected = rt.block_on(
            engine
                .sign_in()
                .connect_for_run(token, global.base_url.as_deref()),
        );
        match connected {
            Ok(_) => Ok(SignedIn { engine, rt }),
            Err(e) => Err(failure(&engine, &e)),
        }
    }

    /// The app's API actions.
    pub fn actions(&self) -> Actions<'_> {
        self.engine.actions()
    }

    /// Runs one action to its end; its failure as the command's.
    pub fn run<T>(
        &self,
        action: impl Future<Output = Result<T, EngineError>>,
    ) -> Result<T, Failure> {
        self.rt
            .block_on(action)
            .map_err(|e| failure(&self.engine, &e))
    }

    /// Waits between two status reads.
    pub fn pause(&self, how_long: std::time::Duration) {
        self.rt
            .block_on(async { tokio::time::sleep(how_long).await });
    }
}

/// The context of the CLI's actions: no wizard session, as an action run outside a wizard.
pub fn context() -> ActionContext {
    ActionContext::default()
}

/// An engine error as the command's failure (its exit code decided by its code); not
/// being signed in says how to sign in.
pub fn failure(engine: &Engine, e: &EngineError) -> Failure {
    let error = ApiError::from(e);
    if error.code == ErrorCode::NotSignedIn {
        return crate::login::not_signed_in(engine);
    }
    error.into()
}

/// A Webex problem the engine explained (a precheck's, a removal's) as an error.
pub fn explained(x: &Explained) -> ApiError {
    ApiError {
        code: x.code,
        message: x.message.clone(),
        hint: x.hint.clone(),
        details: Some(x.details.clone()).filter(|d| !d.is_empty()),
    }
}

/// Asks before a change that cannot be undone, unless `--yes`. Without a terminal there
/// is nobody to ask: refused (exit 2) rather than read from a pipe.
pub fn confirm(question: &str, yes: bool, nothing_done: &str) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(
            ErrorCode::NotConfirmed,
            format!("{nothing_done}: standard input is not a terminal, so nobody could confirm."),
            "Give --yes to confirm in advance, or run the command at a terminal to be asked.",
        ));
    }
    eprint!("{question} This cannot be undone. Type yes to go on: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    if matches!(line.trim().to_ascii_lowercase().as_str(), "yes" | "y") {
        return Ok(());
    }
    Err(Failure {
        exit: 1,
        error: ApiError::new(
            ErrorCode::NotConfirmed,
            format!("{nothing_done}: you did not confirm."),
            "Type yes when asked, or give --yes.",
        ),
    })
}

/// A command that went partly wrong: with `--json`, one object holding both what was
/// done and the error, then the exit (standard output stays one JSON object);
/// otherwise the failure, printed by `main` after the report.
pub fn failed_after(mut report: serde_json::Value, failure: Failure, json: bool) -> Failure {
    if !json {
        return failure;
    }
    report["error"] = serde_json::json!(failure.error);
    println!("{report}");
    let _ = std::io::stdout().flush();
    std::process::exit(failure.exit.into())
}

/// "1 workspace", "3 workspaces".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
