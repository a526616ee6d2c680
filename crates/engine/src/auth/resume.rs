//! Picking up a sign-in made before: at start, for a CLI run, or after a restart.

use super::*;
use crate::SignIn;

impl SignIn<'_> {
    /// At start: the live sign-in of last time when its tokens are still in the
    /// keychain and still work; otherwise the demo tenant (the default).
    pub async fn resume_sign_in(self) -> Result<ConnectionStatus, EngineError> {
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
    pub async fn stored_sign_in(self) -> Result<ConnectionStatus, EngineError> {
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

    /// Connects one command-line run, as the app is connected: with the token given for
    /// this run only (never stored, `sign-in.json` untouched) against `base_url`, or
    /// else with the stored sign-in (`wxm login`). The engine's actions then use it.
    pub async fn connect_for_run(
        self,
        token: Option<Secret>,
        base_url: Option<&str>,
    ) -> Result<ConnectionStatus, EngineError> {
        match token.map(|t| t.trimmed()).filter(|t| !t.is_blank()) {
            Some(token) => {
                let base_url = base_url
                    .map(str::trim)
                    .filter(|b| !b.is_empty())
                    .unwrap_or(webex::DEFAULT_BASE_URL);
                let client = webex::Client::new(base_url, AccessToken::from(&token))?;
                self.connect_live(client, SignInMethod::PersonalToken, None)
                    .await
            }
            None => self.stored_sign_in().await,
        }
    }

    /// The Webex client one command-line run uses, built here exactly as the app builds
    /// its own: the token given for this run (never stored) against `base_url`, or else
    /// the stored sign-in (`wxm login`: renewed when it can be; the demo tenant started
    /// in this process). `requests_per_second` paces every clone of it.
    pub async fn client_for_run(
        self,
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
        let client = self.signed_in_client().await?;
        Ok(client.with_rate(requests_per_second))
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
