//! Signing in: Webex OAuth (authorization code + PKCE in the system browser, loopback
//! redirect), a pasted personal access token, or the demo tenant; resuming a sign-in at
//! start; signing out. Tokens and the client secret live in the [`Vault`] (the OS
//! keychain, or memory with a notice); `sign-in.json` in the data folder holds only
//! what is not secret (method, API address, client id, redirect URI, expiry times).

mod record;
mod resume;
mod webex_sign_in;

use record::{
    from_unix, read_record, record_path, unix, write_record, CurrentRecord, IntegrationRecord,
};

use crate::connection::{
    ConnectionMode, ConnectionStatus, Notice, ScopeInfo, SignInMethod, SignInStarted,
    WebexSignInSettings,
};
use crate::secrets::{StoreKind, Vault, KEYCHAIN_UNAVAILABLE, KEYCHAIN_UNAVAILABLE_MESSAGE};
use crate::{Connection, Engine, EngineError, SignIn, APP_IDENTIFIER};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};
use webex::oauth::{Authorization, Integration, RefreshingToken, Tokens};
use webex::AccessToken;
/// Secrets are `webex::Secret`: `Debug` prints `***`, and they cannot be serialized.
pub use webex::Secret;

/// The file (in the data folder) that remembers how the person signed in. No secret.
pub const SIGN_IN_FILE: &str = "sign-in.json";

const CLIENT_SECRET: &str = "webex-client-secret";
const ACCESS_TOKEN: &str = "webex-access-token";
const REFRESH_TOKEN: &str = "webex-refresh-token";
const PERSONAL_TOKEN: &str = "personal-access-token";

/// Opens a URL in the system browser (never in the app's webview). Tests play the
/// browser with their own implementation.
pub trait Browser: Send + Sync {
    /// Opens `url`; an error says why it could not.
    fn open(&self, url: &str) -> Result<(), String>;
}

/// The person's default browser, through the `open` crate (`xdg-open` on Linux).
pub struct SystemBrowser;

impl Browser for SystemBrowser {
    fn open(&self, url: &str) -> Result<(), String> {
        open::that_detached(url).map_err(|e| e.to_string())
    }
}

/// What the person typed to sign in with Webex. `None` means "the one stored before".
#[derive(Debug, Clone, Default)]
pub struct WebexSignIn {
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub redirect_uri: Option<String>,
    /// API base URL (default: Webex's).
    pub base_url: Option<String>,
}

/// Sign-in state of an engine: the vault (chosen on first use) and a pending sign-in.
#[derive(Default)]
pub(crate) struct AuthState {
    vault: OnceLock<Arc<Vault>>,
    pending: tokio::sync::Mutex<Option<Authorization>>,
    pending_integration: Mutex<Option<Integration>>,
    cancel: tokio::sync::Notify,
    callback_timeout: Mutex<Option<Duration>>,
}

/// When a sign-in ends; renewals move it, so the connection and the renewer share it.
type SharedExpiry = Arc<Mutex<Option<SystemTime>>>;

/// How the current connection was made, and until when it lasts.
pub(crate) struct SignedIn {
    pub(crate) method: SignInMethod,
    pub(crate) org_name: Option<String>,
    expires_at: SharedExpiry,
}

impl SignedIn {
    pub(crate) fn demo(org_name: Option<String>) -> SignedIn {
        SignedIn {
            method: SignInMethod::Demo,
            org_name,
            expires_at: Arc::new(Mutex::new(None)),
        }
    }

    fn expires_at(&self) -> Option<SystemTime> {
        *self.expires_at.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The expiry a person should see: the refresh token's when there is one (the sign-in
/// renews itself until then), otherwise the access token's.
fn shown_expiry(tokens: &Tokens) -> SystemTime {
    tokens.refresh_expires_at.unwrap_or(tokens.expires_at)
}

impl Engine {
    /// Opens a data folder with a given secret store instead of probing the keychain.
    pub fn open_with_secrets(
        data_dir: &Path,
        store: Arc<dyn crate::secrets::SecretStore>,
    ) -> Result<Engine, EngineError> {
        let engine = Engine::open(data_dir)?;
        let _ = engine.auth.vault.set(Arc::new(Vault::with_store(store)));
        Ok(engine)
    }

    /// The vault, chosen on first use (the keychain when it answers).
    pub(crate) fn vault(&self) -> Arc<Vault> {
        self.auth
            .vault
            .get_or_init(|| {
                let scope =
                    std::fs::canonicalize(&self.data_dir).unwrap_or_else(|_| self.data_dir.clone());
                Arc::new(Vault::choose(APP_IDENTIFIER, &scope.display().to_string()))
            })
            .clone()
    }

    pub(crate) fn status_of(&self, connection: Option<&Connection>) -> ConnectionStatus {
        // A live sign-in is kept in the keychain, so its status says whether there is
        // one; the demo tenant keeps nothing and does not ask.
        let keychain = match connection {
            Some(c) if c.mode == ConnectionMode::Live => self.sign_in().keychain_notice(),
            _ => self.sign_in().known_keychain_notice(),
        };
        match connection {
            None => ConnectionStatus {
                mode: ConnectionMode::SignedOut,
                display_name: None,
                email: None,
                org_id: None,
                org_name: None,
                demo: false,
                method: None,
                expires_at: None,
                keychain,
            },
            Some(c) => ConnectionStatus {
                mode: c.mode,
                display_name: c.person.display_name.clone(),
                email: c.person.emails.first().cloned(),
                org_id: c.person.org_id.clone(),
                org_name: c.sign_in.org_name.clone(),
                demo: c.mode == ConnectionMode::Demo,
                method: Some(c.sign_in.method),
                expires_at: c
                    .sign_in
                    .expires_at()
                    .map(|t| humantime::format_rfc3339_seconds(t).to_string()),
                keychain,
            },
        }
    }

    fn remember_current(
        &self,
        method: SignInMethod,
        base_url: &str,
        expires: Option<SystemTime>,
        access_expires: Option<SystemTime>,
    ) -> Result<(), EngineError> {
        let mut record = read_record(&self.data_dir);
        // In memory only, nothing can be resumed later: do not pretend it can.
        record.current = (self.vault().kind() == StoreKind::Keychain).then(|| CurrentRecord {
            method,
            base_url: base_url.to_string(),
            expires_at: expires.map(unix),
            access_expires_at: access_expires.map(unix),
        });
        write_record(&self.data_dir, &record)
    }

    fn forget_tokens(&self) {
        let vault = self.vault();
        for name in [ACCESS_TOKEN, REFRESH_TOKEN, PERSONAL_TOKEN] {
            vault.delete(name);
        }
    }
}

impl SignIn<'_> {
    /// Where secrets are kept now.
    pub fn secret_store_kind(&self) -> StoreKind {
        self.vault().kind()
    }

    /// The notice shown while secrets are kept in memory only.
    pub fn keychain_notice(&self) -> Option<Notice> {
        (self.vault().kind() == StoreKind::Memory).then(|| Notice {
            code: KEYCHAIN_UNAVAILABLE.into(),
            message: KEYCHAIN_UNAVAILABLE_MESSAGE.into(),
        })
    }

    /// [`SignIn::keychain_notice`] once something has asked for the keychain (a sign-in,
    /// the sign-in page); before that, none. The start page and the demo tenant need no
    /// keychain, and asking the system for one can take a second where none runs.
    pub(crate) fn known_keychain_notice(&self) -> Option<Notice> {
        self.auth.vault.get()?;
        self.keychain_notice()
    }

    /// How long the loopback listener waits (default 5 minutes; tests shorten it).
    pub fn set_sign_in_timeout(&self, timeout: Duration) {
        *self
            .auth
            .callback_timeout
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(timeout);
    }

    /// What the Webex sign-in form starts with: the stored client id and redirect URI,
    /// whether a client secret is stored (never the secret), and the scopes with why.
    pub fn webex_sign_in_settings(&self) -> WebexSignInSettings {
        let record = read_record(&self.data_dir);
        let integration = record.integration;
        WebexSignInSettings {
            client_id: integration.as_ref().map(|i| i.client_id.clone()),
            redirect_uri: integration
                .as_ref()
                .map(|i| i.redirect_uri.clone())
                .unwrap_or_else(|| webex::oauth::DEFAULT_REDIRECT_URI.into()),
            has_client_secret: self.vault().get(CLIENT_SECRET).is_some(),
            scopes: webex::oauth::SCOPES
                .iter()
                .map(|s| ScopeInfo {
                    scope: s.scope.into(),
                    why: s.why.into(),
                })
                .collect(),
            keychain: self.keychain_notice(),
        }
    }

    /// Remembers that the person chose the demo tenant (the CLI's `login --demo`).
    pub async fn sign_in_demo(self) -> Result<ConnectionStatus, EngineError> {
        self.forget_tokens();
        let status = self.connect_demo().await?;
        let mut record = read_record(&self.data_dir);
        record.current = Some(CurrentRecord {
            method: SignInMethod::Demo,
            base_url: String::new(),
            expires_at: None,
            access_expires_at: None,
        });
        write_record(&self.data_dir, &record)?;
        Ok(status)
    }

    /// Signs out: forgets the tokens (the integration's client id and secret stay, so
    /// the next Webex sign-in does not ask for them again).
    pub async fn sign_out(self) -> Result<ConnectionStatus, EngineError> {
        self.sign_in().cancel_sign_in();
        self.forget_tokens();
        let mut record = read_record(&self.data_dir);
        if record.current.take().is_some() || record_path(&self.data_dir).exists() {
            write_record(&self.data_dir, &record)?;
        }
        let mut connection = self.connection.lock().await;
        if let Some(c) = connection.take() {
            let who = c.person.emails.first().cloned().unwrap_or_default();
            self.audit(&who, "sign-out", "Signed out", None)?;
        }
        Ok(self.status_of(connection.as_ref()))
    }

    /// Forgets the integration's client id and secret too.
    pub fn forget_integration(&self) -> Result<(), EngineError> {
        self.vault().delete(CLIENT_SECRET);
        let mut record = read_record(&self.data_dir);
        record.integration = None;
        write_record(&self.data_dir, &record)
    }
}

fn store_tokens(vault: &Vault, tokens: &Tokens) {
    vault.set(ACCESS_TOKEN, &Secret::from(&tokens.access_token));
    match &tokens.refresh_token {
        Some(r) => vault.set(REFRESH_TOKEN, r),
        None => vault.delete(REFRESH_TOKEN),
    }
}

/// Why a sign-in could not start or finish.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error(transparent)]
    OAuth(webex::oauth::OAuthError),
    #[error("the sign-in was cancelled")]
    Cancelled,
    #[error("no Webex sign-in is under way")]
    NoneUnderWay,
    #[error("the client id of your Webex integration is needed to sign in")]
    ClientIdNeeded,
    #[error("the client secret of your Webex integration is needed to sign in")]
    ClientSecretNeeded,
    #[error("the personal access token is empty")]
    TokenEmpty,
}

impl crate::error::Coded for SignInError {
    fn code_and_hint(&self) -> (crate::ErrorCode, &'static str) {
        use crate::ErrorCode;
        match self {
            SignInError::OAuth(e) => crate::error::sign_in_code(e),
            SignInError::Cancelled => (ErrorCode::SignInCancelled, "Sign in again when you are ready."),
            SignInError::NoneUnderWay => (ErrorCode::NoSignInUnderWay, "Start the sign-in again."),
            SignInError::ClientIdNeeded => (
                ErrorCode::ClientIdNeeded,
                "Give the client id of the Webex integration you registered on developer.webex.com.",
            ),
            SignInError::ClientSecretNeeded => (
                ErrorCode::ClientSecretNeeded,
                "Give the client secret of your Webex integration. It is asked for once and kept in the keychain.",
            ),
            SignInError::TokenEmpty => (
                ErrorCode::TokenEmpty,
                "Paste your personal access token from developer.webex.com. It works for 12 hours.",
            ),
        }
    }
}
