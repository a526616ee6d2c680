//! Sign-in commands: a few lines each over `engine::auth`. Secrets come in (typed by
//! the person) and never go back out: the webview gets only who, which org, until when.

use crate::AppState;
use engine::auth::{Secret, SystemBrowser, WebexSignIn};
use engine::connection::{ConnectionStatus, SignInStarted, WebexSignInSettings};
use engine::ApiError;
use tauri::State;

/// The live sign-in of last time when it can be resumed, otherwise the demo tenant.
#[tauri::command]
pub async fn resume_sign_in(state: State<'_, AppState>) -> Result<ConnectionStatus, ApiError> {
    Ok(state.engine.sign_in().resume_sign_in().await?)
}

#[tauri::command(async)]
pub fn sign_in_settings(state: State<'_, AppState>) -> WebexSignInSettings {
    state.engine.sign_in().webex_sign_in_settings()
}

#[tauri::command]
pub async fn sign_in_with_token(
    state: State<'_, AppState>,
    token: String,
    base_url: Option<String>,
) -> Result<ConnectionStatus, ApiError> {
    Ok(state
        .engine
        .sign_in()
        .sign_in_with_token(Secret::new(token), base_url.as_deref())
        .await?)
}

/// Opens Webex's sign-in page in the system browser (never in this webview).
#[tauri::command]
pub async fn start_webex_sign_in(
    state: State<'_, AppState>,
    client_id: Option<String>,
    client_secret: Option<String>,
    redirect_uri: Option<String>,
) -> Result<SignInStarted, ApiError> {
    let request = WebexSignIn {
        client_id,
        client_secret: client_secret.map(Secret::new),
        redirect_uri,
        base_url: None,
    };
    Ok(state
        .engine
        .sign_in()
        .start_webex_sign_in(request, &SystemBrowser)
        .await?)
}

#[tauri::command]
pub async fn finish_webex_sign_in(
    state: State<'_, AppState>,
) -> Result<ConnectionStatus, ApiError> {
    Ok(state.engine.sign_in().finish_webex_sign_in().await?)
}

#[tauri::command(async)]
pub fn cancel_sign_in(state: State<'_, AppState>) {
    state.engine.sign_in().cancel_sign_in();
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Result<ConnectionStatus, ApiError> {
    Ok(state.engine.sign_in().sign_out().await?)
}
