//! The one-shot loopback listener at the redirect URI (RFC 8252): it answers one
//! browser visit to its path that carries this sign-in's `state`, then closes.

use super::OAuthError;
use crate::Secret;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use url::Url;

pub(super) fn check_loopback(uri: &Url) -> Result<IpAddr, OAuthError> {
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
    ///
    /// Each connection is read on its own task: a browser may open a connection it does
    /// not use at once (a preconnect), and that must not hold up the one that carries
    /// the callback.
    pub async fn wait(self, state: &Secret, timeout: Duration) -> Result<Secret, OAuthError> {
        let path = self.redirect_uri.path().to_string();
        let result = tokio::time::timeout(timeout, async {
            let mut visits = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    accepted = self.listener.accept() => match accepted {
                        Ok((stream, _)) => {
                            visits.spawn(answer_visit(stream, path.clone(), state.clone()));
                        }
                        // Out of file handles or the like: wait a little instead of
                        // spinning, and keep listening.
                        Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                    },
                    Some(visit) = visits.join_next() => {
                        if let Ok(Some(outcome)) = visit {
                            return outcome;
                        }
                    }
                }
            }
        })
        .await;
        // `self.listener` is dropped here: the port is closed for any later callback.
        result.unwrap_or(Err(OAuthError::Timeout {
            minutes: timeout.as_secs().div_ceil(60),
        }))
    }
}

/// Answers one visit to the listener: `None` when it was not this sign-in's callback
/// (a bad request, another path, or no matching `state`), so the listener keeps waiting.
async fn answer_visit(
    mut stream: tokio::net::TcpStream,
    path: String,
    state: Secret,
) -> Option<Result<Secret, OAuthError>> {
    let Some(target) = read_request_target(&mut stream).await else {
        respond(&mut stream, 400, PAGE_BAD_REQUEST).await;
        return None;
    };
    let Ok(url) = Url::parse(&format!("http://127.0.0.1{target}")) else {
        respond(&mut stream, 400, PAGE_BAD_REQUEST).await;
        return None;
    };
    if url.path() != path {
        respond(&mut stream, 404, PAGE_NOT_FOUND).await;
        return None;
    }
    let outcome = judge_callback(&url, &state);
    let page = match &outcome {
        Ok(_) => (200, PAGE_SIGNED_IN),
        Err(OAuthError::StateMismatch) => (400, PAGE_REFUSED),
        Err(_) => (400, PAGE_NOT_SIGNED_IN),
    };
    respond(&mut stream, page.0, page.1).await;
    // A visit without this sign-in's state is not the browser coming back (any local
    // process, or an <img> on any web page, can send one): it is refused, and the
    // listener keeps waiting for the real one.
    if matches!(outcome, Err(OAuthError::StateMismatch)) {
        tracing::warn!("a visit to the sign-in address without this sign-in's state was refused");
        return None;
    }
    Some(outcome)
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

    #[tokio::test]
    async fn a_connection_that_sends_nothing_does_not_hold_up_the_callback() {
        let listener = LoopbackListener::bind(&Url::parse("http://127.0.0.1:0/callback").unwrap())
            .await
            .unwrap();
        let base = listener.redirect_uri().clone();
        let port = base.port().unwrap();
        let state = Secret::new("the-state");
        let visits = async {
            // A browser's preconnect: opened first, never used.
            let idle = tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .unwrap();
            tokio::task::yield_now().await;
            let right = reqwest::get(format!("{base}?code=good&state=the-state"))
                .await
                .unwrap();
            drop(idle);
            right.status().as_u16()
        };
        // An idle connection is given 10 s to send its request; the callback must be
        // answered well before that, while the idle one still waits.
        let (code, status) = tokio::join!(listener.wait(&state, Duration::from_secs(5)), visits);
        assert_eq!(status, 200);
        assert_eq!(code.unwrap().expose(), "good");
    }
}
