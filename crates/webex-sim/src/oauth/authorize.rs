//! `GET /v1/authorize` (the consent page) and its `POST` (the person's decision, sent
//! back to the registered redirect URI with a code or an error).

// Checks return early with a finished answer; boxing it would only add noise.
#![allow(clippy::result_large_err)]

use super::{CodeRec, Params, CODE_LIFETIME_MS};
use crate::answers::{with_tracking, Tracking};
use crate::scenario::OAuthClientSeed;
use crate::sim::{lock, Shared};
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::{Extension, Form};

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn html_page(t: &Tracking, status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} – Webex (simulated)</title></head><body><main><h1>{title}</h1>{body}<p>Tracking id: {}</p></main></body></html>",
        escape(&t.0)
    );
    with_tracking((status, Html(html)).into_response(), t)
}

/// The client and redirect URI of an authorize request, or the error page. Errors here
/// never redirect: the redirect URI is not trusted yet.
fn check_client(
    sim: &Shared,
    t: &Tracking,
    q: &Params,
) -> Result<(OAuthClientSeed, String), Response> {
    let oauth = lock(&sim.oauth);
    let bad = |why: &str| {
        html_page(
            t,
            StatusCode::BAD_REQUEST,
            "This sign-in request is not valid",
            &format!("<p>{}</p>", escape(why)),
        )
    };
    let Some(client) = q.get("client_id").and_then(|id| oauth.client(id)) else {
        return Err(bad("The client_id is not a registered integration."));
    };
    let redirect = match q.get("redirect_uri") {
        Some(r) if client.redirect_uris.contains(r) => r.clone(),
        Some(_) => {
            return Err(bad(
                "The redirect_uri does not exactly match one registered for this integration.",
            ))
        }
        None if client.redirect_uris.len() == 1 => client.redirect_uris[0].clone(),
        None => {
            return Err(bad(
                "Give a redirect_uri: this integration registers several.",
            ))
        }
    };
    Ok((client.clone(), redirect))
}

fn redirect_to(t: &Tracking, redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    let mut url = match url::Url::parse(redirect_uri) {
        Ok(u) => u,
        Err(_) => return html_page(t, StatusCode::BAD_REQUEST, "Bad redirect", ""),
    };
    url.query_pairs_mut().extend_pairs(pairs);
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = url.as_str().parse() {
        r.headers_mut().insert(header::LOCATION, v);
    }
    with_tracking(r, t)
}

/// A problem with the request itself, sent back to the redirect URI (RFC 6749 §4.1.2.1).
fn request_problem(q: &Params) -> Option<(&'static str, &'static str)> {
    if q.get("response_type").map(String::as_str) != Some("code") {
        return Some((
            "unsupported_response_type",
            "Only response_type=code is supported.",
        ));
    }
    if q.get("scope").is_none_or(|s| s.trim().is_empty()) {
        return Some(("invalid_scope", "Give the scopes to grant."));
    }
    match (
        q.get("code_challenge"),
        q.get("code_challenge_method").map(String::as_str),
    ) {
        (None, _) => None,
        (Some(_), Some("S256") | Some("plain") | None) => None,
        (Some(_), Some(_)) => Some((
            "invalid_request",
            "code_challenge_method must be S256 or plain.",
        )),
    }
}

/// An authorize request from a registered client, to one of its redirect URIs, that is
/// well formed.
struct AuthorizeRequest {
    client: OAuthClientSeed,
    redirect: String,
    state: String,
}

impl AuthorizeRequest {
    /// The request, or the answer to give: an error page while the redirect URI is not
    /// trusted, the error sent back to it once it is.
    fn check(sim: &Shared, t: &Tracking, q: &Params) -> Result<AuthorizeRequest, Response> {
        let (client, redirect) = check_client(sim, t, q)?;
        let request = AuthorizeRequest {
            client,
            redirect,
            state: q.get("state").cloned().unwrap_or_default(),
        };
        match request_problem(q) {
            Some((error, description)) => Err(request.answer_error(t, error, description)),
            None => Ok(request),
        }
    }

    /// Sends `error` back to the redirect URI, with the request's state.
    fn answer_error(&self, t: &Tracking, error: &str, description: &str) -> Response {
        redirect_to(
            t,
            &self.redirect,
            &[
                ("error", error),
                ("error_description", description),
                ("state", &self.state),
            ],
        )
    }
}

const CARRIED: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
];

pub(super) async fn page(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    Query(q): Query<Params>,
) -> Result<Response, Response> {
    let request = AuthorizeRequest::check(&sim, &t, &q)?;
    let signed_in = {
        let world = sim.world();
        world
            .person(&world.signed_in_person_id)
            .map(|p| p.email.clone())
            .unwrap_or_default()
    };
    let hidden: String = CARRIED
        .iter()
        .filter_map(|k| {
            q.get(*k).map(|v| {
                format!(
                    "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
                    escape(v)
                )
            })
        })
        .collect();
    let scopes: String = q
        .get("scope")
        .map(|s| {
            s.split_whitespace()
                .map(|s| format!("<li>{}</li>", escape(s)))
                .collect()
        })
        .unwrap_or_default();
    let body = format!(
        "<p>The integration <strong>{}</strong> asks to use your Webex account with these scopes:</p><ul>{scopes}</ul>\
         <form method=\"post\" action=\"/v1/authorize\">{hidden}\
         <label for=\"email\">Email of the person signing in</label> <input id=\"email\" name=\"email\" type=\"email\" value=\"{}\">\
         <button type=\"submit\" name=\"decision\" value=\"accept\">Accept</button>\
         <button type=\"submit\" name=\"decision\" value=\"decline\">Decline</button></form>",
        escape(&request.client.client_id),
        escape(&signed_in)
    );
    Ok(html_page(&t, StatusCode::OK, "Sign in to Webex", &body))
}

pub(super) async fn decision(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    Form(f): Form<Params>,
) -> Result<Response, Response> {
    let request = AuthorizeRequest::check(&sim, &t, &f)?;
    if f.get("decision").map(String::as_str) != Some("accept") {
        return Err(request.answer_error(&t, "access_denied", "The user declined."));
    }
    let now = sim.now();
    let person_id = {
        let world = sim.world();
        let email = f.get("email").map(|e| e.trim().to_lowercase());
        match email.and_then(|e| world.person_by_email(&e).map(|p| p.id.clone())) {
            Some(id) => id,
            None => {
                return Err(html_page(
                    &t,
                    StatusCode::BAD_REQUEST,
                    "No such account",
                    "<p>No person of this tenant has that email. Go back and try again.</p>",
                ))
            }
        }
    };
    let code = format!("sim-code-{}", uuid::Uuid::new_v4().simple());
    {
        let mut oauth = lock(&sim.oauth);
        oauth.stats.codes_issued += 1;
        oauth.codes.push(CodeRec {
            code: code.clone(),
            client_id: request.client.client_id.clone(),
            redirect_uri: request.redirect.clone(),
            challenge: f.get("code_challenge").map(|c| {
                (
                    c.clone(),
                    f.get("code_challenge_method")
                        .cloned()
                        .unwrap_or_else(|| "plain".into()),
                )
            }),
            person_id,
            scope: f.get("scope").cloned().unwrap_or_default(),
            expires_ms: now + CODE_LIFETIME_MS,
            gave: None,
        });
    }
    Ok(redirect_to(
        &t,
        &request.redirect,
        &[("code", &code), ("state", &request.state)],
    ))
}
