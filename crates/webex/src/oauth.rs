//! Signing in to Webex with OAuth 2.0 (RFC 6749, RFC 8252): authorization code with PKCE
//! (S256) and `state`, opened in the system browser by the caller, a one-shot loopback
//! listener for the redirect, and tokens that refresh themselves before they expire and
//! once after a 401. Built on the `oauth2` crate, over our reqwest client with
//! redirects off (so a token request can never be sent somewhere else).

use crate::{AccessToken, Secret, TokenFuture, TokenProvider, WebexError};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet, EndpointSet,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, Scope,
    StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::pin::Pin;
use std::time::{Duration, SystemTime};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use url::Url;

/// The redirect URI the integration registers by default (Webex needs an exact match).
pub const DEFAULT_REDIRECT_URI: &str = "http://127.0.0.1:6001/callback";
/// How long the loopback listener waits for the browser to come back.
pub const CALLBACK_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// How long a personal access token from the developer portal lives.
pub const PERSONAL_TOKEN_LIFETIME: Duration = Duration::from_secs(12 * 60 * 60);
/// Tokens are refreshed this long before they expire.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// One scope the wizards ask for, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeNeed {
    pub scope: &'static str,
    pub why: &'static str,
}

/// The scopes the wizards need (reference: webex-api.md §1.8). The README lists them.
pub const SCOPES: &[ScopeNeed] = &[
    ScopeNeed {
        scope: "spark:people_read",
        why: "who is signed in (/people/me) and looking people up by email",
    },
    ScopeNeed {
        scope: "spark-admin:people_read",
        why: "the people of a customer org the partner administers (attach checks)",
    },
    ScopeNeed {
        scope: "spark-admin:organizations_read",
        why: "the organizations the partner manages and their names",
    },
    ScopeNeed {
        scope: "spark-admin:roles_read",
        why: "which administrator role the partner holds in a customer org",
    },
    ScopeNeed {
        scope: "spark-admin:licenses_read",
        why: "whether a customer org has active licenses (attach as Provisioning or Full Admin)",
    },
    ScopeNeed {
        scope: "spark-admin:broadworks_enterprises_read",
        why: "the BroadWorks enterprises and their Webex orgs",
    },
    ScopeNeed {
        scope: "spark-admin:broadworks_subscribers_read",
        why: "looking subscribers up, statuses, and checking before any retry",
    },
    ScopeNeed {
        scope: "spark-admin:broadworks_subscribers_write",
        why: "precheck, provision, update and remove subscribers",
    },
    ScopeNeed {
        scope: "spark-admin:places_write",
        why: "provision, update and remove BroadWorks workspaces (detach)",
    },
];

/// The scope names, as the authorize request sends them.
pub fn default_scopes() -> Vec<String> {
    SCOPES.iter().map(|s| s.scope.to_string()).collect()
}

/// What can go wrong signing in. Messages never contain a token, a code or a secret.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    /// The redirect URI is not a loopback `http://` address with a path.
    #[error("the redirect address '{uri}' cannot be used: {problem}")]
    RedirectUri { uri: String, problem: String },
    /// The base URL or client id cannot make a valid authorize or token address.
    #[error("the sign-in settings are not valid: {0}")]
    Settings(String),
    /// Another program holds the redirect port.
    #[error("cannot listen for the sign-in at {address}: {message}")]
    Listen { address: String, message: String },
    /// The browser did not come back in time.
    #[error("no sign-in came back from the browser within {minutes} minutes")]
    Timeout { minutes: u64 },
    /// The callback's `state` is not the one this sign-in sent.
    #[error("the answer that reached this app did not come from its own sign-in request (the state does not match), so it was refused")]
    StateMismatch,
    /// The person declined, or Webex refused the request (`error=` in the callback).
    #[error("Webex did not sign you in: {0}")]
    Denied(String),
    /// The callback carried neither a code nor an error.
    #[error("the answer from Webex has no authorization code")]
    NoCode,
    /// The token endpoint refused the code or the refresh token (`invalid_grant`, …).
    #[error("Webex refused the sign-in: {0}")]
    Refused(String),
    /// No answer from the token endpoint.
    #[error("could not reach Webex to finish signing in: {0}")]
    Network(String),
    /// Nothing to refresh with.
    #[error("this sign-in cannot be renewed: there is no refresh token")]
    NoRefreshToken,
}

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
struct WebexTokenFields {
    #[serde(default)]
    refresh_token_expires_in: Option<u64>,
}
impl oauth2::ExtraTokenFields for WebexTokenFields {}

type WebexTokenResponse = StandardTokenResponse<WebexTokenFields, BasicTokenType>;
type OAuthClient = oauth2::Client<
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

    fn client(&self, redirect: &Url) -> Result<OAuthClient, OAuthError> {
        let bad = |e: oauth2::url::ParseError| OAuthError::Settings(e.to_string());
        Ok(oauth2::Client::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.client_secret.expose().to_string()))
            .set_auth_uri(AuthUrl::new(format!("{}/authorize", self.base_url)).map_err(bad)?)
            .set_token_uri(TokenUrl::new(format!("{}/access_token", self.base_url)).map_err(bad)?)
            .set_redirect_uri(RedirectUrl::from_url(redirect.clone())))
    }

    /// Starts a sign-in: listens on the redirect URI (once), and makes the authorize URL
    /// with a fresh PKCE S256 challenge and `state`. Open [`Authorization::url`] in the
    /// system browser, then await [`Authorization::finish`].
    pub async fn start(&self) -> Result<Authorization, OAuthError> {
        let listener = LoopbackListener::bind(&self.redirect_uri).await?;
        let client = self.client(listener.redirect_uri())?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(CsrfToken::new_random)
            .set_pkce_challenge(challenge);
        for scope in &self.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state) = request.url();
        Ok(Authorization {
            url,
            state: Secret::new(state.secret().clone()),
            verifier: Secret::new(verifier.secret().clone()),
            listener,
            integration: self.clone(),
        })
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

/// A sign-in under way: the URL to open, and the listener waiting for the browser.
pub struct Authorization {
    url: Url,
    state: Secret,
    verifier: Secret,
    listener: LoopbackListener,
    integration: Integration,
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authorization")
            .field("redirect_uri", self.listener.redirect_uri())
            .finish_non_exhaustive()
    }
}

impl Authorization {
    /// The authorize URL to open in the system browser.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Where the browser comes back (the port filled in when the settings gave 0).
    pub fn redirect_uri(&self) -> &Url {
        self.listener.redirect_uri()
    }

    /// Waits for the browser (at most `timeout`), checks `state`, and exchanges the code.
    /// The listener answers its path once and is closed when this returns.
    pub async fn finish(self, timeout: Duration) -> Result<Tokens, OAuthError> {
        let redirect = self.listener.redirect_uri().clone();
        let code = self.listener.wait(&self.state, timeout).await?;
        self.integration
            .exchange_code(&code, &self.verifier, &redirect)
            .await
    }
}

fn check_loopback(uri: &Url) -> Result<IpAddr, OAuthError> {
    let bad = |problem: &str| OAuthError::RedirectUri {
        uri: uri.to_string(),
        problem: problem.into(),
    };
    if uri.scheme() != "http" {
        return Err(bad(
            "it must start with http:// (a loopback address on this computer)",
        ));
    }
    let ip = match uri.host() {
        Some(url::Host::Ipv4(ip)) if ip.is_loopback() => IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) if ip.is_loopback() => IpAddr::V6(ip),
        Some(url::Host::Domain("localhost")) => IpAddr::V4(Ipv4Addr::LOCALHOST),
        _ => return Err(bad("its host must be 127.0.0.1, [::1] or localhost")),
    };
    if uri.path().len() <= 1 {
        return Err(bad("it needs a path, like /callback"));
    }
    if uri.query().is_some() || uri.fragment().is_some() {
        return Err(bad("it must not have a query or a fragment"));
    }
    Ok(ip)
}

/// Listens at the redirect URI for one browser visit to its path: anything else gets a
/// 404 and does not count. It closes after that visit or the timeout.
pub struct LoopbackListener {
    listener: TcpListener,
    redirect_uri: Url,
}

impl LoopbackListener {
    /// Binds the redirect URI's host and port (port 0: any free port, filled in).
    pub async fn bind(redirect_uri: &Url) -> Result<LoopbackListener, OAuthError> {
        let ip = check_loopback(redirect_uri)?;
        let port = redirect_uri.port().unwrap_or(80);
        let addr = SocketAddr::new(ip, port);
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|e| OAuthError::Listen {
                address: addr.to_string(),
                message: e.to_string(),
            })?;
        let mut actual = redirect_uri.clone();
        if port == 0 {
            let bound = listener.local_addr().map_err(|e| OAuthError::Listen {
                address: addr.to_string(),
                message: e.to_string(),
            })?;
            // A loopback http URL always takes a port.
            let _ = actual.set_port(Some(bound.port()));
        }
        Ok(LoopbackListener {
            listener,
            redirect_uri: actual,
        })
    }

    /// The exact redirect URI this listener answers.
    pub fn redirect_uri(&self) -> &Url {
        &self.redirect_uri
    }

    /// Waits for the one callback and returns its code once `state` matches.
    pub async fn wait(self, state: &Secret, timeout: Duration) -> Result<Secret, OAuthError> {
        let path = self.redirect_uri.path().to_string();
        let result = tokio::time::timeout(timeout, async {
            loop {
                let Ok((mut stream, _)) = self.listener.accept().await else {
                    continue;
                };
                let Some(target) = read_request_target(&mut stream).await else {
                    respond(&mut stream, 400, PAGE_BAD_REQUEST).await;
                    continue;
                };
                let Ok(url) = Url::parse(&format!("http://127.0.0.1{target}")) else {
                    respond(&mut stream, 400, PAGE_BAD_REQUEST).await;
                    continue;
                };
                if url.path() != path {
                    respond(&mut stream, 404, PAGE_NOT_FOUND).await;
                    continue;
                }
                let outcome = judge_callback(&url, state);
                let page = match &outcome {
                    Ok(_) => (200, PAGE_SIGNED_IN),
                    Err(OAuthError::StateMismatch) => (400, PAGE_REFUSED),
                    Err(_) => (400, PAGE_NOT_SIGNED_IN),
                };
                respond(&mut stream, page.0, page.1).await;
                // A visit without this sign-in's state is not the browser coming back
                // (any local process, or an <img> on any web page, can send one): it
                // is refused, and the listener keeps waiting for the real one.
                if matches!(outcome, Err(OAuthError::StateMismatch)) {
                    tracing::warn!(
                        "a visit to the sign-in address without this sign-in's state was refused"
                    );
                    continue;
                }
                return outcome;
            }
        })
        .await;
        // `self.listener` is dropped here: the port is closed for any later callback.
        result.unwrap_or(Err(OAuthError::Timeout {
            minutes: timeout.as_secs().div_ceil(60),
        }))
    }
}

fn judge_callback(url: &Url, state: &Secret) -> Result<Secret, OAuthError> {
    let param = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let state_ok = param("state").is_some_and(|s| state.matches(&s));
    if !state_ok {
        return Err(OAuthError::StateMismatch);
    }
    if let Some(error) = param("error") {
        let description = param("error_description").unwrap_or_default();
        // Only the words Webex chose; never echo anything long.
        let text: String = format!("{error} {description}")
            .trim()
            .chars()
            .take(200)
            .collect();
        return Err(OAuthError::Denied(text));
    }
    param("code")
        .filter(|c| !c.is_empty())
        .map(Secret::new)
        .ok_or(OAuthError::NoCode)
}

/// The request target of a `GET` (e.g. `/callback?code=…`), read within 10 seconds.
async fn read_request_target(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(10), async {
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    read.ok()?;
    let text = String::from_utf8_lossy(&buf);
    let line = text.lines().next()?;
    let mut parts = line.split(' ');
    let (method, target) = (parts.next()?, parts.next()?);
    (method == "GET" && target.starts_with('/')).then(|| target.to_string())
}

async fn respond(stream: &mut tokio::net::TcpStream, status: u16, body: &str) {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Bad Request",
    };
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Webex Migration Wizard</title></head><body><main><h1>{body}</h1></main></body></html>"
    );
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n",
        page.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(page.as_bytes()).await;
    let _ = stream.shutdown().await;
}

const PAGE_SIGNED_IN: &str =
    "You are signed in. You can close this tab and go back to Webex Migration Wizard.";
const PAGE_REFUSED: &str = "Refused: this did not come from Webex Migration Wizard's own sign-in request. If you are signing in, finish in the browser tab the app opened.";
const PAGE_NOT_SIGNED_IN: &str =
    "You are not signed in. Go back to Webex Migration Wizard to try again.";
const PAGE_NOT_FOUND: &str = "Nothing here.";
const PAGE_BAD_REQUEST: &str = "This request is not understood.";

/// OAuth tokens that refresh themselves: before they expire, and once when Webex
/// answers 401. Each refresh's tokens go to `on_refresh` (to keep the new refresh token).
pub struct RefreshingToken {
    integration: Integration,
    tokens: tokio::sync::Mutex<Tokens>,
    on_refresh: Box<dyn Fn(&Tokens) + Send + Sync>,
    margin: Duration,
}

impl RefreshingToken {
    /// Tokens of `integration`; `on_refresh` is called with every new set.
    pub fn new(
        integration: Integration,
        tokens: Tokens,
        on_refresh: impl Fn(&Tokens) + Send + Sync + 'static,
    ) -> RefreshingToken {
        RefreshingToken {
            integration,
            tokens: tokio::sync::Mutex::new(tokens),
            on_refresh: Box::new(on_refresh),
            margin: REFRESH_MARGIN,
        }
    }

    /// Refresh this long before expiry instead of [`REFRESH_MARGIN`].
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// When the access token expires.
    pub async fn expires_at(&self) -> SystemTime {
        self.tokens.lock().await.expires_at
    }

    async fn refresh_locked(&self, tokens: &mut Tokens) -> Result<(), WebexError> {
        let refresh = tokens
            .refresh_token
            .clone()
            .ok_or_else(|| WebexError::SignInExpired(OAuthError::NoRefreshToken.to_string()))?;
        let fresh = self
            .integration
            .refresh(&refresh)
            .await
            .map_err(|e| WebexError::SignInExpired(e.to_string()))?;
        tracing::info!("renewed the Webex sign-in");
        (self.on_refresh)(&fresh);
        *tokens = fresh;
        Ok(())
    }
}

impl TokenProvider for RefreshingToken {
    fn token(&self) -> TokenFuture<'_, AccessToken> {
        Box::pin(async move {
            let mut tokens = self.tokens.lock().await;
            if SystemTime::now() + self.margin >= tokens.expires_at {
                self.refresh_locked(&mut tokens).await?;
            }
            Ok(tokens.access_token.clone())
        })
    }

    fn unauthorized<'a>(&'a self, rejected: &'a AccessToken) -> TokenFuture<'a, bool> {
        Box::pin(async move {
            let mut tokens = self.tokens.lock().await;
            if tokens.access_token.expose() != rejected.expose() {
                // Another request renewed it meanwhile: try the new one.
                return Ok(true);
            }
            if tokens.refresh_token.is_none() {
                return Ok(false);
            }
            self.refresh_locked(&mut tokens).await?;
            Ok(true)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_http_redirects_with_a_path_are_accepted() {
        for ok in [
            "http://127.0.0.1:6001/callback",
            "http://localhost:6001/cb",
            "http://[::1]:6001/cb",
        ] {
            assert!(check_loopback(&Url::parse(ok).unwrap()).is_ok(), "{ok}");
        }
        for bad in [
            "https://127.0.0.1:6001/callback",
            "http://example.com:6001/callback",
            "http://127.0.0.1:6001/",
            "http://127.0.0.1:6001/cb?x=1",
        ] {
            assert!(check_loopback(&Url::parse(bad).unwrap()).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_callback_is_judged_by_its_state_first() {
        let state = Secret::new("s1");
        let url = |q: &str| Url::parse(&format!("http://127.0.0.1/cb?{q}")).unwrap();
        assert!(matches!(
            judge_callback(&url("code=c&state=s2"), &state),
            Err(OAuthError::StateMismatch)
        ));
        assert!(matches!(
            judge_callback(&url("code=c"), &state),
            Err(OAuthError::StateMismatch)
        ));
        assert!(matches!(
            judge_callback(&url("error=access_denied&state=s1"), &state),
            Err(OAuthError::Denied(_))
        ));
        assert!(matches!(
            judge_callback(&url("state=s1"), &state),
            Err(OAuthError::NoCode)
        ));
        assert_eq!(
            judge_callback(&url("code=c&state=s1"), &state)
                .unwrap()
                .expose(),
            "c"
        );
    }

    #[tokio::test]
    async fn a_visit_with_a_wrong_state_is_refused_and_the_listener_waits_for_the_right_one() {
        let listener = LoopbackListener::bind(&Url::parse("http://127.0.0.1:0/callback").unwrap())
            .await
            .unwrap();
        let base = listener.redirect_uri().clone();
        let state = Secret::new("the-state");
        let visits = async {
            let http = reqwest::Client::new();
            let wrong = http
                .get(format!("{base}?code=stolen&state=guess"))
                .send()
                .await
                .unwrap();
            let right = http
                .get(format!("{base}?code=good&state=the-state"))
                .send()
                .await
                .unwrap();
            (wrong.status().as_u16(), right.status().as_u16())
        };
        let (code, statuses) = tokio::join!(listener.wait(&state, Duration::from_secs(10)), visits);
        assert_eq!(statuses, (400, 200));
        assert_eq!(code.unwrap().expose(), "good");
    }

    #[test]
    fn the_scopes_each_say_why() {
        assert!(SCOPES.iter().all(|s| !s.why.is_empty()));
        assert!(default_scopes().contains(&"spark-admin:broadworks_subscribers_write".into()));
    }
}
