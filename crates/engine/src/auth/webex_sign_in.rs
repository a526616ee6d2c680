//! Signing in to Webex: OAuth in the system browser, or a pasted personal access token.

use super::*;
use crate::auth::SignInError;
use crate::SignIn;

impl SignIn<'_> {
    /// Starts a Webex sign-in: listens on the redirect URI, makes the authorize URL
    /// (PKCE S256 + state) and opens it with `browser`. Then await
    /// [`Engine::finish_webex_sign_in`]. A sign-in already under way is cancelled.
    pub async fn start_webex_sign_in(
        self,
        request: WebexSignIn,
        browser: &dyn Browser,
    ) -> Result<SignInStarted, EngineError> {
        let record = read_record(&self.data_dir);
        let stored = record.integration.clone();
        let client_id = request
            .client_id
            .filter(|c| !c.trim().is_empty())
            .or_else(|| stored.as_ref().map(|i| i.client_id.clone()))
            .ok_or(EngineError::SignIn(SignInError::ClientIdNeeded))?;
        let vault = self.vault();
        let client_secret = request
            .client_secret
            .filter(|s| !s.is_blank())
            .or_else(|| vault.get(CLIENT_SECRET))
            .ok_or(EngineError::SignIn(SignInError::ClientSecretNeeded))?;
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
    pub async fn finish_webex_sign_in(self) -> Result<ConnectionStatus, EngineError> {
        let authorization = self
            .auth
            .pending
            .lock()
            .await
            .take()
            .ok_or(EngineError::SignIn(SignInError::NoneUnderWay))?;
        let integration = self
            .auth
            .pending_integration
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
            .ok_or(EngineError::SignIn(SignInError::NoneUnderWay))?;
        let timeout = self
            .auth
            .callback_timeout
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or(webex::oauth::CALLBACK_TIMEOUT);
        let tokens = tokio::select! {
            r = authorization.finish(timeout) => r?,
            _ = self.auth.cancel.notified() => return Err(EngineError::SignIn(SignInError::Cancelled)),
        };
        self.sign_in_with_tokens(integration, tokens).await
    }

    /// Starts and finishes a Webex sign-in in one call.
    pub async fn sign_in_with_webex(
        self,
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

    /// A client whose tokens renew themselves, storing each new refresh token.
    pub(super) fn oauth_client(
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

    /// Signs in with a personal access token (valid 12 hours from when it was made).
    pub async fn sign_in_with_token(
        self,
        token: Secret,
        base_url: Option<&str>,
    ) -> Result<ConnectionStatus, EngineError> {
        let token = token.trimmed();
        if token.is_blank() {
            return Err(EngineError::SignIn(SignInError::TokenEmpty));
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

    pub(super) async fn sign_in_with_tokens(
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

    pub(super) async fn connect_live(
        &self,
        client: webex::Client,
        method: SignInMethod,
        expires: Option<SystemTime>,
    ) -> Result<ConnectionStatus, EngineError> {
        self.connect_live_sharing(client, method, Arc::new(Mutex::new(expires)))
            .await
    }

    /// Asks Webex who this is, then makes it the connection.
    pub(super) async fn connect_live_sharing(
        &self,
        client: webex::Client,
        method: SignInMethod,
        expires: SharedExpiry,
    ) -> Result<ConnectionStatus, EngineError> {
        let (person, org_name) = crate::who_is_signed_in(&client).await?;
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
            person,
            sign_in: SignedIn {
                method,
                org_name,
                expires_at: expires,
            },
            link: crate::Link::Webex(client),
        });
        Ok(self.status_of(connection.as_ref()))
    }
}
