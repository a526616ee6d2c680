//! `POST /v1/access_token`: client authentication, the `authorization_code` grant (with
//! PKCE) and the `refresh_token` grant, and the tokens they give.

use super::{Params, RefreshRec};
use crate::answers::{with_tracking, Tracking};
use crate::sim::{lock, Shared};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form, Json};
use base64::Engine as _;
use serde_json::json;
use sha2::{Digest, Sha256};

/// A refusal of the token endpoint (RFC 6749 §5.2).
struct TokenRefusal {
    status: StatusCode,
    error: &'static str,
    why: &'static str,
}

fn invalid_client(why: &'static str) -> TokenRefusal {
    TokenRefusal {
        status: StatusCode::UNAUTHORIZED,
        error: "invalid_client",
        why,
    }
}

fn invalid_grant(why: &'static str) -> TokenRefusal {
    TokenRefusal {
        status: StatusCode::BAD_REQUEST,
        error: "invalid_grant",
        why,
    }
}

/// The refusal as an answer with a tracking id; it counts in the stats.
fn token_error(sim: &Shared, t: &Tracking, refusal: TokenRefusal) -> Response {
    lock(&sim.oauth).stats.refused += 1;
    let body =
        json!({ "error": refusal.error, "error_description": refusal.why, "trackingId": t.0 });
    with_tracking((refusal.status, Json(body)).into_response(), t)
}

/// client_id and client_secret from HTTP Basic or from the form.
fn client_credentials(headers: &HeaderMap, f: &Params) -> Option<(String, String)> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| {
            let (id, secret) = s.split_once(':')?;
            let decode = |x: &str| {
                url::form_urlencoded::parse(format!("x={x}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            Some((decode(id)?, decode(secret)?))
        });
    basic.or_else(|| Some((f.get("client_id")?.clone(), f.get("client_secret")?.clone())))
}

fn pkce_ok(challenge: &Option<(String, String)>, verifier: Option<&String>) -> bool {
    let Some((challenge, method)) = challenge else {
        return true;
    };
    let Some(verifier) = verifier else {
        return false;
    };
    let computed = if method == "S256" {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
    } else {
        verifier.clone()
    };
    same_secret(&computed, challenge)
}

fn same_secret(a: &str, b: &str) -> bool {
    webex::Secret::new(a).matches(b)
}

/// What a grant allows: tokens for this person and scope, to this client.
struct Grant {
    client_id: String,
    person_id: String,
    scope: String,
}

pub(super) async fn access_token(
    State(sim): State<Shared>,
    Extension(t): Extension<Tracking>,
    headers: HeaderMap,
    Form(f): Form<Params>,
) -> Response {
    let now = sim.now();
    match grant(&sim, &headers, &f, now) {
        Ok(grant) => issue_tokens(&sim, &t, &f, grant, now),
        Err(refusal) => token_error(&sim, &t, refusal),
    }
}

/// The authenticated client's grant, by `grant_type`.
fn grant(sim: &Shared, headers: &HeaderMap, f: &Params, now: u64) -> Result<Grant, TokenRefusal> {
    let (client_id, secret) = client_credentials(headers, f)
        .ok_or_else(|| invalid_client("Give client_id and client_secret."))?;
    let client_ok = lock(&sim.oauth)
        .client(&client_id)
        .is_some_and(|c| same_secret(&c.client_secret, &secret));
    if !client_ok {
        return Err(invalid_client("The client id or secret is not valid."));
    }
    let request = TokenRequest {
        sim,
        client_id: &client_id,
        form: f,
        now,
    };
    let (person_id, scope) = match f.get("grant_type").map(String::as_str).unwrap_or("") {
        "authorization_code" => request.redeem_code()?,
        "refresh_token" => request.redeem_refresh_token()?,
        _ => {
            return Err(TokenRefusal {
                status: StatusCode::BAD_REQUEST,
                error: "unsupported_grant_type",
                why: "grant_type must be authorization_code or refresh_token.",
            })
        }
    };
    Ok(Grant {
        client_id,
        person_id,
        scope,
    })
}

/// A token request from an authenticated client, at sim time `now`.
struct TokenRequest<'a> {
    sim: &'a Shared,
    client_id: &'a str,
    form: &'a Params,
    now: u64,
}

impl TokenRequest<'_> {
    /// An authorization code, used once: the person and scope it was given for.
    fn redeem_code(&self) -> Result<(String, String), TokenRefusal> {
        let mut oauth = lock(&self.sim.oauth);
        let code = self.form.get("code").cloned().unwrap_or_default();
        let Some(i) = oauth.codes.iter().position(|c| c.code == code) else {
            return Err(invalid_grant("The authorization code is not valid."));
        };
        if let Some((access, refresh)) = oauth.codes[i].gave.clone() {
            // A replayed code: refuse it and revoke what it gave (RFC 6749 §4.1.2).
            oauth.refresh.retain(|r| r.token != refresh);
            drop(oauth);
            self.sim.world().revoke_token(&access);
            return Err(invalid_grant("The authorization code was already used."));
        }
        let rec = &oauth.codes[i];
        let problem = if rec.client_id != self.client_id {
            Some("The authorization code was given to another client.")
        } else if self.now >= rec.expires_ms {
            Some("The authorization code has expired.")
        } else if self.form.get("redirect_uri") != Some(&rec.redirect_uri) {
            Some("The redirect_uri is not the one of the authorize request.")
        } else if !pkce_ok(&rec.challenge, self.form.get("code_verifier")) {
            Some("The code_verifier does not match the code_challenge.")
        } else {
            None
        };
        if let Some(why) = problem {
            // A failed attempt uses the code up too.
            oauth.codes.remove(i);
            return Err(invalid_grant(why));
        }
        let granted = (rec.person_id.clone(), rec.scope.clone());
        oauth.stats.codes_exchanged += 1;
        Ok(granted)
    }

    /// A refresh token, retired as it is used: the person and scope it was given for.
    fn redeem_refresh_token(&self) -> Result<(String, String), TokenRefusal> {
        let mut oauth = lock(&self.sim.oauth);
        let token = self.form.get("refresh_token").cloned().unwrap_or_default();
        let found = oauth
            .refresh
            .iter()
            .position(|r| same_secret(&r.token, &token) && r.client_id == self.client_id);
        let Some(i) = found else {
            return Err(invalid_grant("The refresh token is not valid."));
        };
        let rec = oauth.refresh.remove(i);
        if self.now >= rec.expires_ms {
            return Err(invalid_grant("The refresh token has expired."));
        }
        oauth.stats.refreshes += 1;
        Ok((rec.person_id, rec.scope))
    }
}

/// A new access token and refresh token for the grant; a code remembers them (so a
/// replay can revoke them).
fn issue_tokens(sim: &Shared, t: &Tracking, f: &Params, grant: Grant, now: u64) -> Response {
    let Grant {
        client_id,
        person_id,
        scope,
    } = grant;
    let lifetimes = lock(&sim.oauth).lifetimes;
    let access = sim.world().issue_token_expiring(
        &person_id,
        now,
        Some(now + lifetimes.access_token_secs * 1000),
    );
    let refresh = format!("sim-refresh-{}", uuid::Uuid::new_v4().simple());
    {
        let mut oauth = lock(&sim.oauth);
        oauth.refresh.push(RefreshRec {
            token: refresh.clone(),
            client_id,
            person_id,
            scope: scope.clone(),
            expires_ms: now + lifetimes.refresh_token_secs * 1000,
        });
        if f.get("grant_type").map(String::as_str) == Some("authorization_code") {
            let code = f.get("code").cloned().unwrap_or_default();
            if let Some(c) = oauth.codes.iter_mut().find(|c| c.code == code) {
                c.gave = Some((access.clone(), refresh.clone()));
            }
        }
    }
    let mut r = Json(json!({
        "access_token": access,
        "expires_in": lifetimes.access_token_secs,
        "refresh_token": refresh,
        "refresh_token_expires_in": lifetimes.refresh_token_secs,
        "token_type": "Bearer",
        "scope": scope,
    }))
    .into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    with_tracking(r, t)
}
