//! A typed client for the parts of the Webex REST API the migration wizards use.
//! The base URL is a setting, so the same client talks to Webex or to `webex-sim`.
//!
//! Every request carries a `TrackingID`; every answer's tracking id is kept (errors
//! carry it, writes return it). All clones of a client share one rate limiter, which a
//! 429 or 423 pauses for every caller. Requests without side effects (GETs, precheck)
//! are retried on 5xx and network errors with jittered backoff; provisioning has its
//! own safe-to-retry call, [`Client::provision_subscriber_idempotent`].

mod lenient;
pub mod model;
pub mod oauth;
mod pacer;
mod secret;

use backon::{ExponentialBuilder, Retryable};
use model::{
    Enterprise, Items, License, NewSubscriber, NewWorkspace, Organization, PartnerAdminUser,
    Person, PersonList, PrecheckRequest, PrecheckResponse, Role, Subscriber, SubscriberStatus,
    SubscriberUpdate, Workspace, WorkspaceUpdate,
};
pub use pacer::parse_retry_after;
use pacer::Pacer;
use reqwest::{Method, StatusCode};
pub use secret::Secret;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// Webex's public API.
pub const DEFAULT_BASE_URL: &str = "https://webexapis.com/v1";
/// Request header carrying our tracking id; Webex answers with its own `trackingid`.
pub const TRACKING_HEADER: &str = "TrackingID";
/// Webex error code: "The BroadWorks UserID is already associated with an existing user".
pub const ERROR_USER_ID_ALREADY_ASSOCIATED: i64 = 10022;
/// Error code the simulator (and, we expect, Webex) puts in a subscriber's `errors` when
/// attaching needs the customer's approval of the partner as external Full Admin.
pub const ERROR_EXTERNAL_ADMIN_APPROVAL_REQUIRED: i64 = 2017;
/// Precheck info code for "validation successful".
pub const PRECHECK_OK: i64 = 100;

/// A bearer token. `Debug` never shows it and it cannot be serialized.
#[derive(Clone)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(token.into())
    }
    /// The raw token, for the Authorization header only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

/// What a [`TokenProvider`] returns.
pub type TokenFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, WebexError>> + Send + 'a>>;

/// Where a client gets its token when the token can change (OAuth refresh).
pub trait TokenProvider: Send + Sync {
    /// The token to send now, renewed first when it is about to expire.
    fn token(&self) -> TokenFuture<'_, AccessToken>;
    /// Webex answered 401 to `rejected`: renew once. `true` when a new token may be tried.
    fn unauthorized<'a>(&'a self, rejected: &'a AccessToken) -> TokenFuture<'a, bool>;
}

/// A fixed token, or one that renews itself.
#[derive(Clone)]
enum Auth {
    Fixed(AccessToken),
    Provided(Arc<dyn TokenProvider>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Fixed(t) => t.fmt(f),
            Auth::Provided(_) => f.write_str("TokenProvider(***)"),
        }
    }
}

/// Errors from the Webex API, typed so callers can branch on them.
#[derive(Debug, thiserror::Error)]
pub enum WebexError {
    /// Webex answered with an error status.
    #[error("Webex answered {status}: {description}{} (tracking id {tracking_id})", codes_text(.codes))]
    Api {
        status: u16,
        /// Webex error codes from the body's `errors`, e.g. 10022.
        codes: Vec<i64>,
        description: String,
        tracking_id: String,
    },
    /// No answer: the connection failed, dropped or timed out. The request may or may
    /// not have taken effect.
    #[error("could not reach Webex at {base_url}: {message} (tracking id {tracking_id})")]
    Network {
        base_url: String,
        message: String,
        tracking_id: String,
    },
    /// An answer that does not match the API's shapes.
    #[error("Webex answered in a way this app could not read: {0}")]
    Decode(String),
    /// The configured base URL is unusable.
    #[error("the base URL '{0}' is not a valid URL")]
    BaseUrl(String),
    /// A paging link pointed somewhere else than the API; it is not followed (the token
    /// would go with it).
    #[error("Webex sent a paging link to another address ({0}); it was not followed")]
    ForeignLink(String),
    /// The sign-in expired and could not be renewed: sign in again.
    #[error("the Webex sign-in has expired and could not be renewed: {0}")]
    SignInExpired(String),
}

fn codes_text(codes: &[i64]) -> String {
    if codes.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        format!(" [error code {}]", list.join(", "))
    }
}

impl WebexError {
    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<u16> {
        match self {
            WebexError::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The Webex error codes of an API error.
    pub fn codes(&self) -> &[i64] {
        match self {
            WebexError::Api { codes, .. } => codes,
            _ => &[],
        }
    }

    /// The tracking id to quote to Cisco support, when there was a request.
    pub fn tracking_id(&self) -> Option<&str> {
        match self {
            WebexError::Api { tracking_id, .. } | WebexError::Network { tracking_id, .. } => {
                Some(tracking_id)
            }
            _ => None,
        }
    }

    /// True when the answer was lost or the server failed: the request may have taken
    /// effect, so a write must be checked before it is sent again.
    pub fn answer_may_be_lost(&self) -> bool {
        match self {
            WebexError::Network { .. } => true,
            WebexError::Api { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

/// A write's result with the tracking id Webex gave it (for the audit log).
#[derive(Debug, Clone, PartialEq)]
pub struct Tracked<T> {
    pub value: T,
    pub tracking_id: String,
}

/// How [`Client::provision_subscriber_idempotent`] ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Provisioned {
    /// This call created the subscriber and saw the answer.
    Created(Subscriber),
    /// The subscriber already existed for this enterprise + user id: an earlier attempt
    /// whose answer was lost, or 10022 for the same user. Nothing was created twice.
    AlreadyDone(Subscriber),
}

impl Provisioned {
    /// The subscriber, however it was found.
    pub fn subscriber(&self) -> &Subscriber {
        match self {
            Provisioned::Created(s) | Provisioned::AlreadyDone(s) => s,
        }
    }
}

/// Filters of `GET /broadworks/subscribers` (all optional).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubscriberFilter {
    pub user_id: Option<String>,
    pub person_id: Option<String>,
    pub email: Option<String>,
    pub provisioning_id: Option<String>,
    pub sp_enterprise_id: Option<String>,
    /// Changed after this time (epoch ms or ISO 8601).
    pub last_status_change: Option<String>,
    pub status: Vec<SubscriberStatus>,
    /// Created after this time (epoch ms or ISO 8601).
    pub after: Option<String>,
    pub self_activated: Option<bool>,
    /// Page size (Webex: default 50, at most 100).
    pub max: Option<u32>,
}

impl SubscriberFilter {
    fn query(&self) -> Vec<(String, String)> {
        let mut q = Vec::new();
        let mut add = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                q.push((k.to_string(), v.clone()));
            }
        };
        add("userId", &self.user_id);
        add("personId", &self.person_id);
        add("email", &self.email);
        add("provisioningId", &self.provisioning_id);
        add("spEnterpriseId", &self.sp_enterprise_id);
        add("lastStatusChange", &self.last_status_change);
        add("after", &self.after);
        if !self.status.is_empty() {
            let list: Vec<&str> = self.status.iter().map(|s| s.as_str()).collect();
            q.push(("status".into(), list.join(",")));
        }
        if let Some(b) = self.self_activated {
            q.push(("selfActivated".into(), b.to_string()));
        }
        if let Some(m) = self.max {
            q.push(("max".into(), m.to_string()));
        }
        q
    }
}

/// Filters of `GET /broadworks/enterprises`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnterpriseFilter {
    pub sp_enterprise_id: Option<String>,
    pub starts_with: Option<String>,
    /// Page size (Webex: default 100, at most 1000).
    pub max: Option<u32>,
}

/// How a client paces and retries. The defaults suit Webex.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Requests per second for all clones of the client together.
    pub requests_per_second: u32,
    /// Time allowed for one request and its answer.
    pub timeout: Duration,
    /// Extra attempts for requests without side effects after a 5xx or network error.
    pub max_retries: usize,
    /// Smallest backoff delay between those attempts (jittered, growing).
    pub min_backoff: Duration,
    /// Longest backoff delay between those attempts.
    pub max_backoff: Duration,
    /// A Retry-After longer than this is cut to it.
    pub max_retry_after: Duration,
    /// How often one request is sent again after 429/423 before giving up.
    pub max_rate_limited_attempts: u32,
    /// Wait used after a 429/423 without Retry-After.
    pub default_retry_after: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            requests_per_second: 10,
            timeout: Duration::from_secs(30),
            max_retries: 4,
            min_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(300),
            max_rate_limited_attempts: 30,
            default_retry_after: Duration::from_secs(2),
        }
    }
}

/// One answer, read whole.
struct Answer {
    status: StatusCode,
    body: Vec<u8>,
    tracking_id: String,
    next: Option<String>,
}

/// One request as this client sent it, and how Webex answered: what the audit log
/// records. Never the token or the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentCall {
    /// `GET`, `POST`, `PUT`, `DELETE`.
    pub method: String,
    /// The path under the base URL, without the query (`/broadworks/subscribers`).
    pub path: String,
    /// The HTTP status; `None` when no answer came.
    pub status: Option<u16>,
    /// Webex's tracking id of the request.
    pub tracking_id: String,
}

impl SentCall {
    /// True when Webex answered with a 2xx status.
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// The calls made through a [`Client::recording`] clone, in the order they ended.
#[derive(Debug, Clone, Default)]
pub struct CallRecorder(Arc<std::sync::Mutex<Vec<SentCall>>>);

impl CallRecorder {
    /// Takes the calls recorded so far.
    pub fn take(&self) -> Vec<SentCall> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn push(&self, call: SentCall) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(call);
    }
}

/// A Webex API client bound to one base URL and one token. Clones share the rate limiter.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    token: Auth,
    options: ClientOptions,
    pacer: Arc<Pacer>,
    recorder: Option<CallRecorder>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .finish()
    }
}

impl Client {
    /// A client with the default pacing and retries.
    pub fn new(base_url: &str, token: AccessToken) -> Result<Client, WebexError> {
        Client::with_options(base_url, token, ClientOptions::default())
    }

    /// A client with the given pacing and retries.
    pub fn with_options(
        base_url: &str,
        token: AccessToken,
        options: ClientOptions,
    ) -> Result<Client, WebexError> {
        Client::build(base_url, Auth::Fixed(token), options)
    }

    /// A client whose token comes from `provider` (renewed before expiry and once on 401).
    pub fn with_token_provider(
        base_url: &str,
        provider: Arc<dyn TokenProvider>,
        options: ClientOptions,
    ) -> Result<Client, WebexError> {
        Client::build(base_url, Auth::Provided(provider), options)
    }

    fn build(base_url: &str, token: Auth, options: ClientOptions) -> Result<Client, WebexError> {
        let parsed = url::Url::parse(base_url).map_err(|_| WebexError::BaseUrl(base_url.into()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(WebexError::BaseUrl(base_url.into()));
        }
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| WebexError::Network {
                base_url: base_url.into(),
                message: e.to_string(),
                tracking_id: String::new(),
            })?;
        Ok(Client {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            pacer: Arc::new(Pacer::new(options.requests_per_second)),
            token,
            options,
            recorder: None,
        })
    }

    /// A clone (sharing the rate limiter) that records every call it sends, so the
    /// caller can audit exactly what went out: `(client, recorder)`.
    pub fn recording(&self) -> (Client, CallRecorder) {
        let recorder = CallRecorder::default();
        let mut client = self.clone();
        client.recorder = Some(recorder.clone());
        (client, recorder)
    }

    /// The recorder of a [`Client::recording`] clone.
    pub fn recorder(&self) -> Option<&CallRecorder> {
        self.recorder.as_ref()
    }

    /// The same client with another pace: a new limiter of `requests_per_second`.
    pub fn with_rate(&self, requests_per_second: u32) -> Client {
        let mut client = self.clone();
        client.options.requests_per_second = requests_per_second.max(1);
        client.pacer = Arc::new(Pacer::new(requests_per_second.max(1)));
        client
    }

    fn record(&self, method: &Method, url: &str, status: Option<u16>, tracking_id: &str) {
        let Some(recorder) = &self.recorder else {
            return;
        };
        let base_path = url::Url::parse(&self.base_url)
            .map(|u| u.path().trim_end_matches('/').to_string())
            .unwrap_or_default();
        let path = url::Url::parse(url)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| url.to_string());
        let path = path
            .strip_prefix(&base_path)
            .filter(|p| p.starts_with('/'))
            .unwrap_or(&path)
            .to_string();
        recorder.push(SentCall {
            method: method.to_string(),
            path,
            status,
            tracking_id: tracking_id.to_string(),
        });
    }

    /// The API base URL, e.g. `https://webexapis.com/v1`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    fn network_error(&self, e: reqwest::Error, tracking_id: &str) -> WebexError {
        let kind = if e.is_timeout() {
            "timed out"
        } else if e.is_connect() {
            "connection failed"
        } else {
            "connection lost"
        };
        WebexError::Network {
            base_url: self.base_url.clone(),
            // without the URL: reqwest errors can carry query strings
            message: format!("{kind}: {}", e.without_url()),
            tracking_id: tracking_id.to_string(),
        }
    }

    /// Sends once (after the pacer allows it); answers 429/423 are retried after
    /// Retry-After, pausing every caller.
    async fn send(
        &self,
        method: &Method,
        url: &str,
        query: &[(String, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<Answer, WebexError> {
        let mut rate_limited = 0u32;
        let mut renewed = false;
        loop {
            self.pacer.ready().await;
            let token = match &self.token {
                Auth::Fixed(t) => t.clone(),
                Auth::Provided(p) => p.token().await?,
            };
            let tracking_id = format!("WXM_{}", uuid::Uuid::new_v4());
            let mut request = self
                .http
                .request(method.clone(), url)
                .bearer_auth(token.expose())
                .header(TRACKING_HEADER, &tracking_id);
            if !query.is_empty() {
                request = request.query(query);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = match request.send().await {
                Ok(r) => r,
                Err(e) => {
                    self.record(method, url, None, &tracking_id);
                    return Err(self.network_error(e, &tracking_id));
                }
            };
            let status = response.status();
            let answered_tracking = response
                .headers()
                .get("trackingid")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
                .unwrap_or_else(|| tracking_id.clone());
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| {
                    parse_retry_after(v, SystemTime::now(), self.options.max_retry_after)
                });
            let next = response
                .headers()
                .get_all(reqwest::header::LINK)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(next_link);
            let body = match response.bytes().await {
                Ok(b) => b,
                Err(e) => {
                    self.record(method, url, None, &answered_tracking);
                    return Err(self.network_error(e, &answered_tracking));
                }
            };
            if matches!(status.as_u16(), 429 | 423)
                && rate_limited < self.options.max_rate_limited_attempts
            {
                rate_limited += 1;
                let wait = retry_after.unwrap_or(self.options.default_retry_after)
                    + Duration::from_millis(fastrand::u64(0..250));
                tracing::info!(
                    status = status.as_u16(),
                    tracking_id = %answered_tracking,
                    wait_ms = wait.as_millis() as u64,
                    "Webex asked us to slow down; pausing every request"
                );
                self.pacer.pause(wait);
                continue;
            }
            if let (401, false, Auth::Provided(p)) = (status.as_u16(), renewed, &self.token) {
                renewed = true;
                if p.unauthorized(&token).await? {
                    tracing::info!(tracking_id = %answered_tracking, "Webex answered 401; trying again with a renewed sign-in");
                    continue;
                }
            }
            self.record(method, url, Some(status.as_u16()), &answered_tracking);
            return Ok(Answer {
                status,
                body: body.to_vec(),
                tracking_id: answered_tracking,
                next,
            });
        }
    }

    /// One request, its answer checked for an error status.
    async fn call(
        &self,
        method: Method,
        url: &str,
        query: &[(String, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<Answer, WebexError> {
        let answer = self.send(&method, url, query, body).await?;
        if answer.status.is_success() {
            Ok(answer)
        } else {
            let err = api_error(answer.status, &answer.body, answer.tracking_id);
            tracing::debug!(method = %method, error = %err, "Webex request failed");
            Err(err)
        }
    }

    /// A request without side effects: retried with jittered backoff on 5xx and network errors.
    async fn call_safe(
        &self,
        method: Method,
        url: &str,
        query: &[(String, String)],
        body: Option<&serde_json::Value>,
    ) -> Result<Answer, WebexError> {
        let backoff = ExponentialBuilder::default()
            .with_jitter()
            .with_min_delay(self.options.min_backoff)
            .with_max_delay(self.options.max_backoff)
            .with_max_times(self.options.max_retries);
        (|| self.call(method.clone(), url, query, body))
            .retry(backoff)
            .when(WebexError::answer_may_be_lost)
            .notify(|err, wait| {
                tracing::info!(error = %err, wait_ms = wait.as_millis() as u64, "retrying a read");
            })
            .await
    }

    fn decode<T: DeserializeOwned>(answer: &Answer) -> Result<T, WebexError> {
        serde_json::from_slice(&answer.body)
            .map_err(|e| WebexError::Decode(format!("{e} (tracking id {})", answer.tracking_id)))
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(String, String)],
    ) -> Result<T, WebexError> {
        let answer = self
            .call_safe(Method::GET, &self.url(path), query, None)
            .await?;
        Self::decode(&answer)
    }

    /// Every item of a paged list, following `Link: rel="next"`.
    async fn get_all<T: DeserializeOwned>(
        &self,
        path: &str,
        query: Vec<(String, String)>,
    ) -> Result<Vec<T>, WebexError> {
        let mut items = Vec::new();
        let mut url = self.url(path);
        let mut query = query;
        let original = query.clone();
        loop {
            let answer = self.call_safe(Method::GET, &url, &query, None).await?;
            let page: Items<T> = Self::decode(&answer)?;
            items.extend(page.items);
            let Some(next) = answer.next else {
                return Ok(items);
            };
            url = self.fix_next_link(&next, &original)?;
            query = Vec::new();
        }
    }

    /// Makes a next link safe to follow: same origin as the API, without `max=null`
    /// (a known Webex quirk), and with any filter the link dropped put back.
    fn fix_next_link(
        &self,
        next: &str,
        original: &[(String, String)],
    ) -> Result<String, WebexError> {
        let base = url::Url::parse(&self.base_url)
            .map_err(|_| WebexError::BaseUrl(self.base_url.clone()))?;
        let mut link = base
            .join(next)
            .map_err(|_| WebexError::Decode(format!("a paging link is not a URL: {next}")))?;
        if link.origin() != base.origin() {
            return Err(WebexError::ForeignLink(link.origin().ascii_serialization()));
        }
        let mut pairs: Vec<(String, String)> = link
            .query_pairs()
            .filter(|(k, v)| !(k == "max" && (v == "null" || v.is_empty())))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        for (k, v) in original {
            if !pairs.iter().any(|(pk, _)| pk == k) {
                pairs.push((k.clone(), v.clone()));
            }
        }
        link.set_query(None);
        if !pairs.is_empty() {
            link.query_pairs_mut().extend_pairs(pairs);
        }
        Ok(link.to_string())
    }

    async fn write<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<Tracked<T>, WebexError> {
        let body = body
            .map(serde_json::to_value)
            .transpose()
            .map_err(|e| WebexError::Decode(e.to_string()))?;
        let answer = self
            .call(method, &self.url(path), &[], body.as_ref())
            .await?;
        Ok(Tracked {
            value: Self::decode(&answer)?,
            tracking_id: answer.tracking_id,
        })
    }

    async fn write_empty(&self, method: Method, path: &str) -> Result<Tracked<()>, WebexError> {
        let answer = self.call(method, &self.url(path), &[], None).await?;
        Ok(Tracked {
            value: (),
            tracking_id: answer.tracking_id,
        })
    }

    // ----- people, roles, organizations, licenses, partner admins -----

    /// Who this token belongs to.
    pub async fn me(&self) -> Result<Person, WebexError> {
        self.get("/people/me", &[]).await
    }

    /// One person by id, with their roles and licenses.
    pub async fn person(&self, person_id: &str) -> Result<Person, WebexError> {
        self.get(&format!("/people/{}", segment(person_id)), &[])
            .await
    }

    /// People with this email, in `org_id` (default: the token's org and the orgs it
    /// administers). Empty when none is visible to this token.
    pub async fn people_by_email(
        &self,
        email: &str,
        org_id: Option<&str>,
    ) -> Result<Vec<Person>, WebexError> {
        let mut query = vec![("email".to_string(), email.to_string())];
        if let Some(org) = org_id {
            query.push(("orgId".into(), org.into()));
        }
        let list: PersonList = self.get("/people", &query).await?;
        Ok(list.items)
    }

    /// The administrator roles (admins only).
    pub async fn roles(&self) -> Result<Vec<Role>, WebexError> {
        let list: Items<Role> = self.get("/roles", &[]).await?;
        Ok(list.items)
    }

    /// The organizations this token sees (for a partner: its managed customers too).
    pub async fn organizations(&self) -> Result<Vec<Organization>, WebexError> {
        let list: Items<Organization> = self.get("/organizations", &[]).await?;
        Ok(list.items)
    }

    /// One organization.
    pub async fn organization(&self, org_id: &str) -> Result<Organization, WebexError> {
        self.get(&format!("/organizations/{}", segment(org_id)), &[])
            .await
    }

    /// The licenses of `org_id` (default: the token's org).
    pub async fn licenses(&self, org_id: Option<&str>) -> Result<Vec<License>, WebexError> {
        let query: Vec<(String, String)> = org_id
            .map(|o| vec![("orgId".to_string(), o.to_string())])
            .unwrap_or_default();
        let list: Items<License> = self.get("/licenses", &query).await?;
        Ok(list.items)
    }

    /// The partner administrators of a customer org, with their role there.
    pub async fn partner_admins(&self, org_id: &str) -> Result<Vec<PartnerAdminUser>, WebexError> {
        let list: Items<PartnerAdminUser> = self
            .get(
                &format!("/partner/organizations/{}/partnerAdmins", segment(org_id)),
                &[],
            )
            .await?;
        Ok(list.items)
    }

    // ----- BroadWorks enterprises -----

    /// BroadWorks enterprises known to Webex, every page.
    pub async fn enterprises(
        &self,
        filter: &EnterpriseFilter,
    ) -> Result<Vec<Enterprise>, WebexError> {
        let mut query = Vec::new();
        if let Some(v) = &filter.sp_enterprise_id {
            query.push(("spEnterpriseId".to_string(), v.clone()));
        }
        if let Some(v) = &filter.starts_with {
            query.push(("startsWith".to_string(), v.clone()));
        }
        if let Some(m) = filter.max {
            query.push(("max".to_string(), m.to_string()));
        }
        self.get_all("/broadworks/enterprises", query).await
    }

    // ----- BroadWorks subscribers -----

    /// Subscribers matching the filter, every page.
    pub async fn subscribers(
        &self,
        filter: &SubscriberFilter,
    ) -> Result<Vec<Subscriber>, WebexError> {
        self.get_all("/broadworks/subscribers", filter.query())
            .await
    }

    /// The subscriber with this BroadWorks user id in this enterprise, if any.
    pub async fn find_subscriber(
        &self,
        sp_enterprise_id: &str,
        user_id: &str,
    ) -> Result<Option<Subscriber>, WebexError> {
        let filter = SubscriberFilter {
            sp_enterprise_id: Some(sp_enterprise_id.into()),
            user_id: Some(user_id.into()),
            ..SubscriberFilter::default()
        };
        let found = self.subscribers(&filter).await?;
        Ok(found
            .into_iter()
            .find(|s| s.user_id == user_id && s.sp_enterprise_id == sp_enterprise_id))
    }

    /// One subscriber.
    pub async fn subscriber(&self, subscriber_id: &str) -> Result<Subscriber, WebexError> {
        self.get(
            &format!("/broadworks/subscribers/{}", segment(subscriber_id)),
            &[],
        )
        .await
    }

    /// Provisions a subscriber, once: not retried after a lost answer. Use
    /// [`Client::provision_subscriber_idempotent`] when the answer may be lost.
    pub async fn provision_subscriber(
        &self,
        subscriber: &NewSubscriber,
    ) -> Result<Tracked<Subscriber>, WebexError> {
        self.write(Method::POST, "/broadworks/subscribers", Some(subscriber))
            .await
    }

    /// Provisions a subscriber so that it is never created twice. When an answer is lost
    /// (connection dropped, timeout, 5xx) it looks the subscriber up by enterprise + user
    /// id before trying again; 10022 for the same user counts as already done.
    pub async fn provision_subscriber_idempotent(
        &self,
        subscriber: &NewSubscriber,
    ) -> Result<Provisioned, WebexError> {
        let mut attempt = 0usize;
        loop {
            attempt += 1;
            match self.provision_subscriber(subscriber).await {
                Ok(done) => return Ok(Provisioned::Created(done.value)),
                Err(e) if e.codes().contains(&ERROR_USER_ID_ALREADY_ASSOCIATED) => {
                    return match self
                        .find_subscriber(&subscriber.sp_enterprise_id, &subscriber.user_id)
                        .await?
                    {
                        Some(existing) => Ok(Provisioned::AlreadyDone(existing)),
                        None => Err(e),
                    };
                }
                Err(e) if e.answer_may_be_lost() && attempt <= self.options.max_retries + 1 => {
                    tracing::info!(
                        error = %e,
                        "provisioning answer lost; checking whether it was done before trying again"
                    );
                    tokio::time::sleep(self.backoff_delay(attempt)).await;
                    if let Some(existing) = self
                        .find_subscriber(&subscriber.sp_enterprise_id, &subscriber.user_id)
                        .await?
                    {
                        return Ok(Provisioned::AlreadyDone(existing));
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn backoff_delay(&self, attempt: usize) -> Duration {
        let base = self
            .options
            .min_backoff
            .saturating_mul(1u32 << attempt.min(10) as u32)
            .min(self.options.max_backoff);
        let jitter = fastrand::u64(0..=base.as_millis() as u64);
        Duration::from_millis(jitter).max(self.options.min_backoff / 2)
    }

    /// Updates a subscriber; the answer does not show the change yet (status `updating`).
    pub async fn update_subscriber(
        &self,
        subscriber_id: &str,
        update: &SubscriberUpdate,
    ) -> Result<Tracked<Subscriber>, WebexError> {
        self.write(
            Method::PUT,
            &format!("/broadworks/subscribers/{}", segment(subscriber_id)),
            Some(update),
        )
        .await
    }

    /// Removes the mapping between a BroadWorks subscriber and its Webex user.
    pub async fn remove_subscriber(&self, subscriber_id: &str) -> Result<Tracked<()>, WebexError> {
        self.write_empty(
            Method::DELETE,
            &format!("/broadworks/subscribers/{}", segment(subscriber_id)),
        )
        .await
    }

    /// Predicts whether provisioning would succeed. No side effects, so it is retried.
    pub async fn precheck_subscriber(
        &self,
        request: &PrecheckRequest,
    ) -> Result<Tracked<PrecheckResponse>, WebexError> {
        let body = serde_json::to_value(request).map_err(|e| WebexError::Decode(e.to_string()))?;
        let answer = self
            .call_safe(
                Method::POST,
                &self.url("/broadworks/subscribers/validate"),
                &[],
                Some(&body),
            )
            .await?;
        Ok(Tracked {
            value: Self::decode(&answer)?,
            tracking_id: answer.tracking_id,
        })
    }

    /// Sends the consent ("move") email again to a subscriber in `pending_user_migration`.
    pub async fn resend_consent_move_email(
        &self,
        subscriber_id: &str,
    ) -> Result<Tracked<()>, WebexError> {
        self.write_empty(
            Method::POST,
            &format!("/subscribers/{}/emails/consentMove", segment(subscriber_id)),
        )
        .await
    }

    // ----- BroadWorks workspaces (no listing exists) -----

    /// Provisions a workspace for an existing customer.
    pub async fn provision_workspace(
        &self,
        workspace: &NewWorkspace,
    ) -> Result<Tracked<Workspace>, WebexError> {
        self.write(Method::POST, "/broadworks/workspaces", Some(workspace))
            .await
    }

    /// Updates a workspace.
    pub async fn update_workspace(
        &self,
        workspace_id: &str,
        update: &WorkspaceUpdate,
    ) -> Result<Tracked<Workspace>, WebexError> {
        self.write(
            Method::PUT,
            &format!("/broadworks/workspaces/{}", segment(workspace_id)),
            Some(update),
        )
        .await
    }

    /// Removes a workspace (by id: Webex cannot list them).
    pub async fn remove_workspace(&self, workspace_id: &str) -> Result<Tracked<()>, WebexError> {
        self.write_empty(
            Method::DELETE,
            &format!("/broadworks/workspaces/{}", segment(workspace_id)),
        )
        .await
    }
}

/// One path segment, percent-encoded so an id can never change the path.
fn segment(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The `rel="next"` target of one Link header value, if any.
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().replace(' ', "");
            p == "rel=\"next\"" || p == "rel=next"
        });
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        is_next.then(|| target.to_string())
    })
}

fn api_error(status: StatusCode, body: &[u8], tracking_id: String) -> WebexError {
    let parsed: Option<model::ErrorBody> = serde_json::from_slice(body).ok();
    let (description, codes, tracking) = match parsed {
        Some(e) => (
            e.message
                .or_else(|| e.errors.iter().find_map(|d| d.description.clone()))
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").into()),
            e.errors.iter().filter_map(|d| d.error_code).collect(),
            e.tracking_id.unwrap_or(tracking_id),
        ),
        None => (
            status.canonical_reason().unwrap_or("error").to_string(),
            Vec::new(),
            tracking_id,
        ),
    };
    WebexError::Api {
        status: status.as_u16(),
        codes,
        description,
        tracking_id: tracking,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_never_shows_in_debug_output() {
        let token = AccessToken::new("secret-value-123");
        assert_eq!(format!("{token:?}"), "AccessToken(***)");
        let client = Client::new("http://127.0.0.1:1/v1", token).unwrap();
        assert!(!format!("{client:?}").contains("secret-value-123"));
    }

    #[test]
    fn a_base_url_that_is_not_http_is_refused() {
        for bad in ["webexapis.com/v1", "ftp://example.com", ""] {
            let err = Client::new(bad, AccessToken::new("t")).unwrap_err();
            assert!(matches!(err, WebexError::BaseUrl(_)), "{bad}: {err:?}");
        }
    }

    #[test]
    fn a_webex_error_body_gives_codes_description_and_tracking_id() {
        let body = br#"{"message":"Not allowed","errors":[{"description":"x","errorCode":2017}],"trackingId":"ROUTER_1"}"#;
        match api_error(StatusCode::FORBIDDEN, body, "WXM_mine".into()) {
            WebexError::Api {
                status,
                codes,
                description,
                tracking_id,
            } => {
                assert_eq!(
                    (status, codes, description.as_str(), tracking_id.as_str()),
                    (403, vec![2017], "Not allowed", "ROUTER_1")
                );
            }
            other => panic!("{other:?}"),
        }
        // A body that is not JSON still gives a clear error with our tracking id.
        match api_error(StatusCode::BAD_GATEWAY, b"<html>", "WXM_mine".into()) {
            WebexError::Api {
                status,
                description,
                tracking_id,
                ..
            } => {
                assert_eq!(
                    (status, description.as_str(), tracking_id.as_str()),
                    (502, "Bad Gateway", "WXM_mine")
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_next_link_is_found_among_other_relations() {
        let h = r#"<https://webexapis.com/v1/x?cursor=1>; rel="first", <https://webexapis.com/v1/x?cursor=2>; rel="next""#;
        assert_eq!(
            next_link(h).as_deref(),
            Some("https://webexapis.com/v1/x?cursor=2")
        );
        assert_eq!(next_link(r#"<https://a/x>; rel="prev""#), None);
    }

    #[test]
    fn a_next_link_loses_max_null_gets_dropped_filters_back_and_must_stay_on_the_api() {
        let client = Client::new("https://webexapis.com/v1", AccessToken::new("t")).unwrap();
        let original = vec![
            ("spEnterpriseId".to_string(), "SP+acme".to_string()),
            ("status".to_string(), "provisioned".to_string()),
        ];
        let fixed = client
            .fix_next_link(
                "https://webexapis.com/v1/broadworks/subscribers?max=null&cursor=abc&status=provisioned",
                &original,
            )
            .unwrap();
        let url = url::Url::parse(&fixed).unwrap();
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert!(!pairs.iter().any(|(k, _)| k == "max"), "{fixed}");
        assert!(pairs.contains(&("cursor".into(), "abc".into())));
        assert!(pairs.contains(&("spEnterpriseId".into(), "SP+acme".into())));
        let err = client
            .fix_next_link("https://evil.example/v1/x?cursor=1", &original)
            .unwrap_err();
        assert!(matches!(err, WebexError::ForeignLink(_)));
    }

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        assert_eq!(segment("a/../b"), "a%2F..%2Fb");
        assert_eq!(segment("x y"), "x%20y");
    }
}
