//! The integration the partner registered, and its token endpoint: exchanging an
//! authorization code (with its PKCE verifier) and refreshing, over a reqwest client
//! with redirects off.

use super::loopback::check_loopback;
use super::{default_scopes, OAuthError, PERSONAL_TOKEN_LIFETIME};
use crate::{AccessToken, Secret};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, EndpointNotSet, EndpointSet,
    PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, StandardRevocableToken,
    StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};
use url::Url;

/// A Webex integration as the partner registered it: client id and secret, the exact
/// redirect URI, and the scopes to ask for.
#[derive(Clone, Debug)]
pub struct Integration {
    pub client_id: String,
    pub client_secret: Secret,
    pub redirect_uri: Url,
    /// API base URL, e.g. `https://webexapis.com/v1`; `/authorize` and `/access_token`
    /// are under it.
    pub base_url: String,
    pub scopes: Vec<String>,
}

/// Tokens from the token endpoint.
#[derive(Clone)]
pub struct Tokens {
    pub access_token: AccessToken,
    pub refresh_token: Option<Secret>,
    pub expires_at: SystemTime,
    pub refresh_expires_at: Option<SystemTime>,
}

impl fmt::Debug for Tokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tokens")
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .field("expires_at", &self.expires_at)
            .field("refresh_expires_at", &self.refresh_expires_at)
            .finish()
    }
}

/// Webex's extra token field.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub(super) struct WebexTokenFields {
    #[serde(default)]
    refresh_token_expires_in: Option<u64>,
}
impl oauth2::ExtraTokenFields for WebexTokenFields {}

type WebexTokenResponse = StandardTokenResponse<WebexTokenFields, BasicTokenType>;
pub(super) type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    WebexTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// `oauth2`'s HTTP client, over our reqwest 0.13 (the crate's own reqwest feature wants
/// 0.12). Redirects are off: the token request goes exactly where it was sent.
#[derive(Clone)]
pub struct OAuthHttp(reqwest::Client);

/// A failed token request, without the URL or body (they could carry secrets).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct HttpFailure(String);

impl OAuthHttp {
    /// A client with redirects off and a 30-second timeout.
    pub fn new() -> Result<OAuthHttp, OAuthError> {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .map(OAuthHttp)
            .map_err(|e| OAuthError::Network(e.without_url().to_string()))
    }
}

impl<'c> oauth2::AsyncHttpClient<'c> for OAuthHttp {
    type Error = HttpFailure;
    type Future =
        Pin<Box<dyn Future<Output = Result<oauth2::HttpResponse, HttpFailure>> + Send + 'c>>;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let response = self
                .0
                .request(parts.method, parts.uri.to_string())
                .headers(parts.headers)
                .body(body)
                .send()
                .await
                .map_err(|e| HttpFailure(e.without_url().to_string()))?;
            let status = response.status();
            let headers = response.headers().clone();
            let bytes = response
                .bytes()
                .await
                .map_err(|e| HttpFailure(e.without_url().to_string()))?;
            let mut out = http::Response::new(bytes.to_vec());
            *out.status_mut() = status;
            *out.headers_mut() = headers;
            Ok(out)
        })
    }
}

fn refused(e: RequestTokenError<HttpFailure, BasicErrorResponse>) -> OAuthError {
    match e {
        RequestTokenError::ServerResponse(r) => OAuthError::Refused(match r.error_description() {
            Some(d) => format!("{} ({d})", r.error()),
            None => r.error().to_string(),
        }),
        RequestTokenError::Request(e) => OAuthError::Network(e.0),
        // The body is left out on purpose: it may hold a token.
        RequestTokenError::Parse(_, _) => {
            OAuthError::Refused("its answer is not a token response this app understands".into())
        }
        RequestTokenError::Other(m) => OAuthError::Refused(m),
    }
}

fn tokens_from(r: &WebexTokenResponse, now: SystemTime) -> Tokens {
    Tokens {
        access_token: AccessToken::new(r.access_token().secret().clone()),
        refresh_token: r.refresh_token().map(|t| Secret::new(t.secret().clone())),
        // Webex always sends expires_in; without it assume the shortest lifetime we know.
        expires_at: now + r.expires_in().unwrap_or(PERSONAL_TOKEN_LIFETIME),
        refresh_expires_at: r
            .extra_fields()
            .refresh_token_expires_in
            .map(|s| now + Duration::from_secs(s)),
    }
}

impl Integration {
    /// An integration with the default scopes.
    pub fn new(
        base_url: &str,
        client_id: &str,
        client_secret: Secret,
        redirect_uri: &str,
    ) -> Result<Integration, OAuthError> {
        let redirect_uri = Url::parse(redirect_uri).map_err(|e| OAuthError::RedirectUri {
            uri: redirect_uri.into(),
            problem: e.to_string(),
        })?;
        check_loopback(&redirect_uri)?;
        if client_id.trim().is_empty() {
            return Err(OAuthError::Settings("the client id is empty".into()));
        }
        if client_secret.is_blank() {
            return Err(OAuthError::Settings("the client secret is empty".into()));
        }
        Ok(Integration {
            client_id: client_id.trim().to_string(),
            client_secret: client_secret.trimmed(),
            redirect_uri,
            base_url: base_url.trim_end_matches('/').to_string(),
            scopes: default_scopes(),
        })
    }

    pub(super) fn client(&self, redirect: &Url) -> Result<OAuthClient, OAuthError> {
        let bad = |e: oauth2::url::ParseError| OAuthError::Settings(e.to_string());
        Ok(oauth2::Client::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.client_secret.expose().to_string()))
            .set_auth_uri(AuthUrl::new(format!("{}/authorize", self.base_url)).map_err(bad)?)
            .set_token_uri(TokenUrl::new(format!("{}/access_token", self.base_url)).map_err(bad)?)
            .set_redirect_uri(RedirectUrl::from_url(redirect.clone())))
    }

    /// Exchanges an authorization code (with its PKCE verifier) for tokens.
    pub async fn exchange_code(
        &self,
        code: &Secret,
        verifier: &Secret,
        redirect_uri: &Url,
    ) -> Result<Tokens, OAuthError> {
        let http = OAuthHttp::new()?;
        let response = self
            .client(redirect_uri)?
            .exchange_code(AuthorizationCode::new(code.expose().to_string()))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.expose().to_string()))
            .request_async(&http)
            .await
            .map_err(refused)?;
        Ok(tokens_from(&response, SystemTime::now()))
    }

    /// New tokens for a refresh token. Webex may send a new refresh token: keep it.
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<Tokens, OAuthError> {
        let http = OAuthHttp::new()?;
        let response = self
            .client(&self.redirect_uri)?
            .exchange_refresh_token(&RefreshToken::new(refresh_token.expose().to_string()))
            .request_async(&http)
            .await
            .map_err(refused)?;
        let mut tokens = tokens_from(&response, SystemTime::now());
        if tokens.refresh_token.is_none() {
            tokens.refresh_token = Some(refresh_token.clone());
        }
        Ok(tokens)
    }
}
