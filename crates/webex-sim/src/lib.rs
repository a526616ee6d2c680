//! A simulated Webex tenant: real HTTP on 127.0.0.1 with the same paths and shapes as
//! Webex, seeded from a scenario, for demos, training and tests.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use webex::model::{ErrorBody, Person};

/// The demo tenant: who the partner admin is.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub partner_org_id: String,
    pub partner_org_name: String,
    pub partner_admin: Person,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            partner_org_id: "sim-org-partner".into(),
            partner_org_name: "Demo Telecom (partner)".into(),
            partner_admin: Person {
                id: "sim-person-partner-admin".into(),
                emails: vec!["alex.partner@demo-telecom.example".into()],
                display_name: Some("Alex Partner".into()),
                first_name: Some("Alex".into()),
                last_name: Some("Partner".into()),
                org_id: Some("sim-org-partner".into()),
                roles: vec!["id_full_admin".into()],
                kind: Some("person".into()),
            },
        }
    }
}

#[derive(Debug)]
struct Tenant {
    scenario: Scenario,
    tokens: Vec<String>,
}

type Shared = Arc<Mutex<Tenant>>;

/// Errors starting the simulator.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("could not listen on {addr}: {message}")]
    Bind { addr: String, message: String },
}

/// A running simulator. Dropping it stops the server.
pub struct RunningSim {
    pub addr: SocketAddr,
    demo_token: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl RunningSim {
    /// The base URL to give the Webex client, e.g. `http://127.0.0.1:4711/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// A bearer token the simulator accepts as the partner admin.
    pub fn demo_token(&self) -> &str {
        &self.demo_token
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts the simulator on 127.0.0.1 (port 0 = any free port) on the current Tokio runtime.
pub async fn start(port: u16, scenario: Scenario) -> Result<RunningSim, SimError> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| SimError::Bind {
            addr: addr.to_string(),
            message: e.to_string(),
        })?;
    let addr = listener.local_addr().map_err(|e| SimError::Bind {
        addr: addr.to_string(),
        message: e.to_string(),
    })?;
    let demo_token = format!("sim-demo-{}", uuid::Uuid::new_v4().simple());
    let tenant = Arc::new(Mutex::new(Tenant {
        scenario,
        tokens: vec![demo_token.clone()],
    }));
    let app = router(tenant);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
    });
    Ok(RunningSim {
        addr,
        demo_token,
        shutdown: Some(tx),
    })
}

fn router(tenant: Shared) -> Router {
    Router::new()
        .route("/v1/people/me", get(people_me))
        .with_state(tenant)
}

fn tracking_id(headers: &HeaderMap) -> String {
    headers
        .get("trackingid")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| format!("SIM_{}", uuid::Uuid::new_v4()))
}

fn with_tracking(mut response: Response, tracking_id: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(tracking_id) {
        response.headers_mut().insert("trackingid", v);
    }
    response
}

fn error(status: StatusCode, message: &str, tracking_id: &str) -> Response {
    let body = ErrorBody {
        message: Some(message.into()),
        errors: vec![webex::model::ErrorDetail {
            description: Some(message.into()),
            error_code: None,
        }],
        tracking_id: Some(tracking_id.into()),
    };
    with_tracking((status, Json(body)).into_response(), tracking_id)
}

/// True when the request carries a bearer token this tenant issued.
fn authorized(tenant: &Tenant, headers: &HeaderMap) -> bool {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    token.is_some_and(|t| tenant.tokens.iter().any(|known| known == t))
}

fn unauthorized(tracking_id: &str) -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "The request requires a valid access token set in the Authorization request header.",
        tracking_id,
    )
}

async fn people_me(State(tenant): State<Shared>, headers: HeaderMap) -> Response {
    let tracking = tracking_id(&headers);
    let Ok(tenant) = tenant.lock() else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "simulator state is unavailable",
            &tracking,
        );
    };
    if !authorized(&tenant, &headers) {
        return unauthorized(&tracking);
    }
    with_tracking(
        Json(tenant.scenario.partner_admin.clone()).into_response(),
        &tracking,
    )
}
