//! `wxm login`, `wxm login --pat`, `wxm login --demo`, `wxm logout`, and `wxm whoami`
//! from the stored sign-in. Secrets are read from a hidden prompt (or from standard
//! input when it is not a terminal) and go straight to the keychain; none is printed.

use crate::{runtime, Failure, Global};
use clap::Args;
use engine::auth::{Secret, SystemBrowser, WebexSignIn};
use engine::connection::{ConnectionMode, ConnectionStatus, SignInMethod};
use engine::secrets::StoreKind;
use engine::{ApiError, Engine, ErrorCode};
use std::io::{BufRead, IsTerminal, Write};

/// How to sign in.
#[derive(Args)]
pub struct LoginArgs {
    /// Sign in with a personal access token from developer.webex.com (12 hours), read
    /// from a prompt, or from standard input when it is not a terminal.
    #[arg(long, conflicts_with = "demo")]
    pat: bool,
    /// Use the demo tenant: simulated, nothing leaves this computer.
    #[arg(long)]
    demo: bool,
    /// Client id of your Webex integration (asked once, then remembered).
    #[arg(long, value_name = "ID")]
    client_id: Option<String>,
    /// Redirect URI registered on the integration (default http://127.0.0.1:6001/callback).
    #[arg(long, value_name = "URI")]
    redirect_uri: Option<String>,
    /// Only print the sign-in address; do not open the browser.
    #[arg(long)]
    no_browser: bool,
}

fn open(global: &Global) -> Result<Engine, Failure> {
    crate::open_engine(global)
}

fn read_failure(what: &str, e: std::io::Error) -> Failure {
    Failure::usage(
        ErrorCode::InputUnreadable,
        format!("cannot read the {what}: {e}"),
        "Type it at the prompt, or pipe it on standard input.",
    )
}

/// One line: hidden at a terminal, else from standard input.
fn read_secret(prompt: &str, what: &str) -> Result<Secret, Failure> {
    let value = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).map_err(|e| read_failure(what, e))?
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| read_failure(what, e))?;
        line
    };
    Ok(Secret::new(value).trimmed())
}

fn read_line(prompt: &str, what: &str) -> Result<String, Failure> {
    if std::io::stdin().is_terminal() {
        eprint!("{prompt}");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| read_failure(what, e))?;
    Ok(line.trim().to_string())
}

/// `wxm login`.
pub fn login(args: LoginArgs, global: &Global, json: bool) -> Result<(), Failure> {
    let engine = open(global)?;
    let rt = runtime()?;
    let status = if args.demo {
        rt.block_on(engine.sign_in().sign_in_demo())?
    } else if args.pat {
        let token = read_secret("Personal access token: ", "token")?;
        rt.block_on(
            engine
                .sign_in()
                .sign_in_with_token(token, global.base_url.as_deref()),
        )?
    } else {
        let settings = engine.sign_in().webex_sign_in_settings();
        let client_id = match args.client_id.or(settings.client_id) {
            Some(id) => Some(id),
            None => Some(read_line(
                "Client id of your Webex integration: ",
                "client id",
            )?),
        };
        let client_secret = if settings.has_client_secret {
            None
        } else {
            Some(read_secret(
                "Client secret of your Webex integration (asked once): ",
                "client secret",
            )?)
        };
        let request = WebexSignIn {
            client_id,
            client_secret,
            redirect_uri: args.redirect_uri,
            base_url: global.base_url.clone(),
        };
        rt.block_on(async {
            let started = if args.no_browser {
                engine
                    .sign_in()
                    .start_webex_sign_in(request, &NoBrowser)
                    .await?
            } else {
                engine
                    .sign_in()
                    .start_webex_sign_in(request, &SystemBrowser)
                    .await?
            };
            eprintln!("To sign in, open this address in your browser (it should open by itself):");
            println!("{}", started.authorize_url);
            let _ = std::io::stdout().flush();
            eprintln!("Waiting for you to finish in the browser (5 minutes at most)…");
            Ok::<_, Failure>(engine.sign_in().finish_webex_sign_in().await?)
        })?
    };
    print_status(&status, json);
    Ok(())
}

/// Never opens anything: `--no-browser`.
struct NoBrowser;

impl engine::auth::Browser for NoBrowser {
    fn open(&self, _url: &str) -> Result<(), String> {
        Err("--no-browser".into())
    }
}

/// `wxm logout`.
pub fn logout(global: &Global, json: bool) -> Result<(), Failure> {
    let engine = open(global)?;
    runtime()?.block_on(engine.sign_in().sign_out())?;
    if json {
        println!("{}", serde_json::json!({ "signedOut": true }));
    } else {
        println!("Signed out. Your tokens were removed from this computer.");
    }
    Ok(())
}

/// `wxm whoami` without `--token`: the stored sign-in.
pub fn whoami_stored(global: &Global, json: bool) -> Result<(), Failure> {
    let engine = open(global)?;
    match runtime()?.block_on(engine.sign_in().stored_sign_in()) {
        Ok(status) => {
            print_status(&status, json);
            Ok(())
        }
        Err(engine::EngineError::NotSignedIn) => Err(not_signed_in(&engine)),
        Err(e) => Err(e.into()),
    }
}

/// "You are not signed in", with the ways to sign in (and why a sign-in may not have
/// been kept, when there is no keychain).
pub fn not_signed_in(engine: &Engine) -> Failure {
    let mut hint = "Sign in first: wxm login (Webex in your browser), wxm login --pat (a personal access token) or wxm login --demo (the demo tenant). Or give a token for one command with --token TOKEN or WXM_TOKEN.".to_string();
    if engine.sign_in().secret_store_kind() == StoreKind::Memory {
        hint = format!("{} {hint}", engine::secrets::KEYCHAIN_UNAVAILABLE_MESSAGE);
    }
    let mut error = ApiError::from(engine::EngineError::NotSignedIn);
    error.message = "You are not signed in.".into();
    error.hint = hint;
    Failure { exit: 1, error }
}

fn print_status(status: &ConnectionStatus, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string(status).unwrap_or_else(|_| "{}".into())
        );
        return;
    }
    if status.mode == ConnectionMode::SignedOut {
        println!("Not signed in.");
        return;
    }
    let who = status
        .display_name
        .clone()
        .or(status.email.clone())
        .unwrap_or_else(|| "(no name)".into());
    let email = status
        .email
        .as_deref()
        .map(|e| format!(" <{e}>"))
        .unwrap_or_default();
    println!("Signed in as {who}{email}");
    let org = status
        .org_name
        .clone()
        .or(status.org_id.clone())
        .unwrap_or_else(|| "(unknown)".into());
    if status.demo {
        println!("Organization: {org} (Demo tenant: practice data, nothing leaves this computer)");
    } else {
        println!("Organization: {org}");
    }
    let how = match status.method {
        Some(SignInMethod::Webex) => "Webex sign-in (renews itself)",
        Some(SignInMethod::PersonalToken) => "personal access token",
        Some(SignInMethod::Demo) | None => "demo tenant",
    };
    match &status.expires_at {
        Some(t) => println!("With: {how}, until {t}"),
        None => println!("With: {how}"),
    }
    if let Some(notice) = &status.keychain {
        if !status.demo {
            eprintln!("Note: {} [{}]", notice.message, notice.code);
        }
    }
}
