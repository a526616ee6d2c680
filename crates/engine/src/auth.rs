//! Signing in: Webex OAuth (authorization code + PKCE in the system browser, loopback
//! redirect), a pasted personal access token, or the demo tenant; resuming a sign-in at
//! start; signing out. Tokens and the client secret live in the [`Vault`] (the OS
//! keychain, or memory with a notice); `sign-in.json` in the data folder holds only
//! what is not secret (method, API address, client id, redirect URI, expiry times).

use crate::ipc::{
    ConnectionMode, ConnectionStatus, Notice, ScopeInfo, SignInMethod, SignInStarted,
    WebexSignInSettings,
};
use crate::secrets::{StoreKind, Vault, KEYCHAIN_UNAVAILABLE, KEYCHAIN_UNAVAILABLE_MESSAGE};
use crate::{Connection, Engine, EngineError, APP_IDENTIFIER};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
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

/// `sign-in.json`: the integration (kept across sign-outs, so the client id and secret
/// are entered once) and the current sign-in.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignInRecord {
    #[serde(default)]
    integration: Option<IntegrationRecord>,
    #[serde(default)]
    current: Option<CurrentRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct IntegrationRecord {
    client_id: String,
    redirect_uri: String,
    base_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CurrentRecord {
    method: SignInMethod,
    base_url: String,
    /// Unix seconds.
    #[serde(default)]
    expires_at: Option<u64>,
    /// When the OAuth access token expires (Unix seconds).
    #[serde(default)]
    access_expires_at: Option<u64>,
}

fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn from_unix(s: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(s)
}

fn record_path(dir: &Path) -> PathBuf {
    dir.join(SIGN_IN_FILE)
}

fn read_record(dir: &Path) -> SignInRecord {
    std::fs::read(record_path(dir))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn write_record(dir: &Path, record: &SignInRecord) -> Result<(), EngineError> {
    let path = record_path(dir);
    let fail = |e: String| EngineError::DataDir {
        path: path.display().to_string(),
        message: e,
    };
    let text = serde_json::to_vec_pretty(record).map_err(|e| fail(e.to_string()))?;
    let tmp = path.with_extension("json.tmp");
    crate::paths::write_private(&tmp, &text)
        .and_then(|_| std::fs::rename(&tmp, &path))
        .map_err(|e| fail(e.to_string()))
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

    /// How long the loopback listener waits (default 5 minutes; tests shorten it).
    pub fn set_sign_in_timeout(&self, timeout: Duration) {
        *self
            .auth
            .callback_timeout
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(timeout);
    }

    pub(crate) fn status_of(&self, connection: Option<&Connection>) -> ConnectionStatus {
        let keychain = self.keychain_notice();
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

    /// Signs in with a personal access token (valid 12 hours from when it was made).
    pub async fn sign_in_with_token(
        &self,
        token: Secret,
        base_url: Option<&str>,
    ) -> Result<ConnectionStatus, EngineError> {
        let token = token.trimmed();
        if token.is_blank() {
            return Err(EngineError::TokenEmpty);
        }
        let base_url = base_url
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .unwrap_or(webex::DEFAULT_BASE_URL)
            .trim_end_matches('/')
            .to_string();
        let client = webex::Client::new(&base_url, AccessToken::from(&token))?;
        let expires = SystemTime::now() + webex::oauth::PERSONAL_TOKEN_LIFETIME;
        let status = self
            .connect_live(client, SignInMethod::PersonalToken, Some(expires))
            .await?;
        let vault = self.vault();
        self.forget_tokens();
        vault.set(PERSONAL_TOKEN, &token);
        self.remember_current(SignInMethod::PersonalToken, &base_url, Some(expires), None)?;
        Ok(status)
    }

    /// Starts a Webex sign-in: listens on the redirect URI, makes the authorize URL
    /// (PKCE S256 + state) and opens it with `browser`. Then await
    /// [`Engine::finish_webex_sign_in`]. A sign-in already under way is cancelled.
    pub async fn start_webex_sign_in(
        &self,
        request: WebexSignIn,
        browser: &dyn Browser,
    ) -> Result<SignInStarted, EngineError> {
        let record = read_record(&self.data_dir);
        let stored = record.integration.clone();
        let client_id = request
            .client_id
            .filter(|c| !c.trim().is_empty())
            .or_else(|| stored.as_ref().map(|i| i.client_id.clone()))
            .ok_or(EngineError::ClientIdNeeded)?;
        let vault = self.vault();
        let client_secret = request
            .client_secret
            .filter(|s| !s.is_blank())
            .or_else(|| vault.get(CLIENT_SECRET))
            .ok_or(EngineError::ClientSecretNeeded)?;
        let redirect_uri = request
            .redirect_uri
            .filter(|r| !r.trim().is_empty())
            .or_else(|| stored.as_ref().map(|i| i.redirect_uri.clone()))
            .unwrap_or_else(|| webex::oauth::DEFAULT_REDIRECT_URI.into());
        let base_url = request
            .base_url
            .filter(|b| !b.trim().is_empty())
            .or_else(|| stored.as_ref().map(|i| i.base_url.clone()))
            .unwrap_or_else(|| webex::DEFAULT_BASE_URL.into());
        let integration = Integration::new(
            &base_url,
            &client_id,
            client_secret.clone(),
            redirect_uri.trim(),
        )?;

        // One sign-in at a time: the earlier one lets go of the port.
        self.auth.cancel.notify_waiters();
        let mut pending = self.auth.pending.lock().await;
        *pending = None;
        let mut attempt = 0;
        let authorization = loop {
            match integration.start().await {
                Ok(a) => break a,
                Err(webex::oauth::OAuthError::Listen { .. }) if attempt < 10 => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => return Err(e.into()),
            }
        };
        // The integration is remembered now, so it is entered only once.
        vault.set(CLIENT_SECRET, &integration.client_secret);
        let mut record = read_record(&self.data_dir);
        record.integration = Some(IntegrationRecord {
            client_id: integration.client_id.clone(),
            redirect_uri: integration.redirect_uri.to_string(),
            base_url: integration.base_url.clone(),
        });
        write_record(&self.data_dir, &record)?;

        let url = authorization.url().to_string();
        let browser_problem = browser.open(&url).err();
        if let Some(problem) = &browser_problem {
            tracing::warn!(problem, "could not open the system browser");
        }
        let started = SignInStarted {
            authorize_url: url,
            redirect_uri: authorization.redirect_uri().to_string(),
            browser_opened: browser_problem.is_none(),
        };
        *pending = Some(authorization);
        *self
            .auth
            .pending_integration
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some(integration);
        tracing::info!("Webex sign-in started; waiting for the browser");
        Ok(started)
    }

    /// Waits for the browser to come back (5 minutes at most), checks `state`, exchanges
    /// the code (with the PKCE verifier) and signs in. Refused: a wrong state, a used
    /// code, a wrong verifier, a second callback (the listener answers once).
    pub async fn finish_webex_sign_in(&self) -> Result<ConnectionStatus, EngineError> {
        let authorization = self
            .auth
            .pending
            .lock()
            .await
            .take()
            .ok_or(EngineError::NoSignInUnderWay)?;
        let integration = self
            .auth
            .pending_integration
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or(EngineError::NoSignInUnderWay)?;
        let timeout = self
            .auth
            .callback_timeout
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or(webex::oauth::CALLBACK_TIMEOUT);
        let tokens = tokio::select! {
            r = authorization.finish(timeout) => r?,
            _ = self.auth.cancel.notified() => return Err(EngineError::SignInCancelled),
        };
        self.sign_in_with_tokens(integration, tokens).await
    }

    /// Starts and finishes a Webex sign-in in one call.
    pub async fn sign_in_with_webex(
        &self,
        request: WebexSignIn,
        browser: &dyn Browser,
    ) -> Result<ConnectionStatus, EngineError> {
        self.start_webex_sign_in(request, browser).await?;
        self.finish_webex_sign_in().await
    }

    /// Stops waiting for the browser.
    pub fn cancel_sign_in(&self) {
        self.auth.cancel.notify_waiters();
    }

    async fn sign_in_with_tokens(
        &self,
        integration: Integration,
        tokens: Tokens,
    ) -> Result<ConnectionStatus, EngineError> {
        let base_url = integration.base_url.clone();
        let access_expires = tokens.expires_at;
        let vault = self.vault();
        self.forget_tokens();
        store_tokens(&vault, &tokens);
        let (client, expires) = self.oauth_client(integration, tokens)?;
        let shown = *expires.lock().unwrap_or_else(|p| p.into_inner());
        let status = self
            .connect_live_sharing(client, SignInMethod::Webex, expires)
            .await;
        match status {
            Ok(status) => {
                self.remember_current(SignInMethod::Webex, &base_url, shown, Some(access_expires))?;
                Ok(status)
            }
            Err(e) => {
                self.forget_tokens();
                Err(e)
            }
        }
    }

    /// A client whose tokens renew themselves, storing each new refresh token.
    fn oauth_client(
        &self,
        integration: Integration,
        tokens: Tokens,
    ) -> Result<(webex::Client, SharedExpiry), EngineError> {
        let base_url = integration.base_url.clone();
        let expires = Arc::new(Mutex::new(Some(shown_expiry(&tokens))));
        let vault = self.vault();
        let data_dir = self.data_dir.clone();
        let shared = expires.clone();
        let provider = RefreshingToken::new(integration, tokens, move |fresh: &Tokens| {
            store_tokens(&vault, fresh);
            let at = shown_expiry(fresh);
            *shared.lock().unwrap_or_else(|p| p.into_inner()) = Some(at);
            if vault.kind() == StoreKind::Keychain {
                let mut record = read_record(&data_dir);
                if let Some(current) = record.current.as_mut() {
                    current.expires_at = Some(unix(at));
                    current.access_expires_at = Some(unix(fresh.expires_at));
                    let _ = write_record(&data_dir, &record);
                }
            }
        });
        let client = webex::Client::with_token_provider(
            &base_url,
            Arc::new(provider),
            webex::ClientOptions::default(),
        )?;
        Ok((client, expires))
    }

    async fn connect_live(
        &self,
        client: webex::Client,
        method: SignInMethod,
        expires: Option<SystemTime>,
    ) -> Result<ConnectionStatus, EngineError> {
        self.connect_live_sharing(client, method, Arc::new(Mutex::new(expires)))
            .await
    }

    /// Asks Webex who this is, then makes it the connection.
    async fn connect_live_sharing(
        &self,
        client: webex::Client,
        method: SignInMethod,
        expires: SharedExpiry,
    ) -> Result<ConnectionStatus, EngineError> {
        let person = client.me().await?;
        let org_name = match &person.org_id {
            Some(org) => client
                .organization(org)
                .await
                .ok()
                .and_then(|o| o.display_name),
            None => None,
        };
        let how = match method {
            SignInMethod::Webex => "Webex sign-in",
            SignInMethod::PersonalToken => "a personal access token",
            SignInMethod::Demo => "the demo tenant",
        };
        self.audit(
            person
                .emails
                .first()
                .map(String::as_str)
                .unwrap_or("person"),
            "sign-in",
            &format!(
                "Signed in to {} with {how}",
                org_name
                    .as_deref()
                    .or(person.org_id.as_deref())
                    .unwrap_or("Webex")
            ),
            None,
        )?;
        let mut connection = self.connection.lock().await;
        *connection = Some(Connection {
            mode: ConnectionMode::Live,
            client,
            person,
            sign_in: SignedIn {
                method,
                org_name,
                expires_at: expires,
            },
            _sim: None,
        });
        Ok(self.status_of(connection.as_ref()))
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

    /// Signs out: forgets the tokens (the integration's client id and secret stay, so
    /// the next Webex sign-in does not ask for them again).
    pub async fn sign_out(&self) -> Result<ConnectionStatus, EngineError> {
        self.cancel_sign_in();
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

    /// At start: the live sign-in of last time when its tokens are still in the
    /// keychain and still work; otherwise the demo tenant (the default).
    pub async fn resume_sign_in(&self) -> Result<ConnectionStatus, EngineError> {
        if self.connection.lock().await.is_some() {
            return Ok(self.connection_status().await);
        }
        match self.restore_live().await {
            Ok(Some(status)) => return Ok(status),
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, "the last sign-in could not be resumed; using the demo tenant")
            }
        }
        self.connect_demo().await
    }

    /// The stored sign-in, for the CLI: live, demo, or an error saying there is none.
    pub async fn stored_sign_in(&self) -> Result<ConnectionStatus, EngineError> {
        if self.connection.lock().await.is_some() {
            return Ok(self.connection_status().await);
        }
        let record = read_record(&self.data_dir);
        match record.current.as_ref().map(|c| c.method) {
            Some(SignInMethod::Demo) => self.connect_demo().await,
            Some(_) => match self.restore_live().await? {
                Some(status) => Ok(status),
                None => Err(EngineError::NotSignedIn),
            },
            None => Err(EngineError::NotSignedIn),
        }
    }

    /// The Webex client one command-line run uses, built here exactly as the app builds
    /// its own: the token given for this run (never stored) against `base_url`, or else
    /// the stored sign-in (`wxm login`: renewed when it can be; the demo tenant started
    /// in this process). `requests_per_second` paces every clone of it.
    pub async fn client_for_run(
        &self,
        token: Option<Secret>,
        base_url: Option<&str>,
        requests_per_second: u32,
    ) -> Result<webex::Client, EngineError> {
        if let Some(token) = token.map(|t| t.trimmed()).filter(|t| !t.is_blank()) {
            let base_url = base_url
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .unwrap_or(webex::DEFAULT_BASE_URL);
            return Ok(webex::Client::with_options(
                base_url,
                AccessToken::from(&token),
                webex::ClientOptions {
                    requests_per_second: requests_per_second.max(1),
                    ..webex::ClientOptions::default()
                },
            )?);
        }
        self.stored_sign_in().await?;
        let client = self.client().await.ok_or(EngineError::NotSignedIn)?;
        Ok(client.with_rate(requests_per_second))
    }

    /// Remembers that the person chose the demo tenant (the CLI's `login --demo`).
    pub async fn sign_in_demo(&self) -> Result<ConnectionStatus, EngineError> {
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

    async fn restore_live(&self) -> Result<Option<ConnectionStatus>, EngineError> {
        let record = read_record(&self.data_dir);
        let Some(current) = record.current else {
            return Ok(None);
        };
        let vault = self.vault();
        match current.method {
            SignInMethod::Demo => Ok(None),
            SignInMethod::PersonalToken => {
                let Some(token) = vault.get(PERSONAL_TOKEN) else {
                    return Ok(None);
                };
                let expires = current.expires_at.map(from_unix);
                if expires.is_some_and(|e| e <= SystemTime::now()) {
                    self.forget_tokens();
                    return Ok(None);
                }
                let client = webex::Client::new(&current.base_url, AccessToken::from(&token))?;
                self.connect_live(client, SignInMethod::PersonalToken, expires)
                    .await
                    .map(Some)
            }
            SignInMethod::Webex => {
                let (Some(integration), Some(secret)) =
                    (record.integration, vault.get(CLIENT_SECRET))
                else {
                    return Ok(None);
                };
                let (Some(access), Some(refresh)) =
                    (vault.get(ACCESS_TOKEN), vault.get(REFRESH_TOKEN))
                else {
                    return Ok(None);
                };
                let integration = Integration::new(
                    &integration.base_url,
                    &integration.client_id,
                    secret,
                    &integration.redirect_uri,
                )?;
                let expires_at = current
                    .expires_at
                    .map(from_unix)
                    .unwrap_or_else(SystemTime::now);
                // Unknown access expiry: renew before the first call.
                let tokens = Tokens {
                    access_token: AccessToken::from(&access),
                    refresh_token: Some(refresh),
                    expires_at: current
                        .access_expires_at
                        .map(from_unix)
                        .unwrap_or_else(SystemTime::now),
                    refresh_expires_at: Some(expires_at),
                };
                let (client, expires) = self.oauth_client(integration, tokens)?;
                self.connect_live_sharing(client, SignInMethod::Webex, expires)
                    .await
                    .map(Some)
            }
        }
    }
}

fn store_tokens(vault: &Vault, tokens: &Tokens) {
    vault.set(ACCESS_TOKEN, &Secret::from(&tokens.access_token));
    match &tokens.refresh_token {
        Some(r) => vault.set(REFRESH_TOKEN, r),
        None => vault.delete(REFRESH_TOKEN),
    }
}
