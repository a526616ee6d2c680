//! Bearer tokens the tenant accepts: demo tokens, OAuth access tokens that expire,
//! revocation, and who a token belongs to.

use super::{PersonRec, TokenRec, World};

impl World {
    /// The person a token belongs to, if the token is known and not expired.
    pub fn token_person(
        &self,
        token: &str,
        now: u64,
        ttl_ms: Option<u64>,
    ) -> Result<&PersonRec, &'static str> {
        let rec = self.tokens.iter().find(|t| t.token == token).ok_or(
            "The request requires a valid access token set in the Authorization request header.",
        )?;
        if ttl_ms.is_some_and(|ttl| now.saturating_sub(rec.issued_ms) >= ttl)
            || rec.expires_ms.is_some_and(|end| now >= end)
        {
            return Err("The access token has expired.");
        }
        self.person(&rec.person_id).ok_or(
            "The request requires a valid access token set in the Authorization request header.",
        )
    }

    /// A token for a person (demo sign-in).
    pub fn issue_token(&mut self, person_id: &str, now: u64) -> String {
        self.issue_token_expiring(person_id, now, None)
    }

    /// A token that stops working at `expires_ms` (OAuth sign-in).
    pub fn issue_token_expiring(
        &mut self,
        person_id: &str,
        now: u64,
        expires_ms: Option<u64>,
    ) -> String {
        let token = format!("sim-demo-{}", uuid::Uuid::new_v4().simple());
        self.tokens.push(TokenRec {
            token: token.clone(),
            person_id: person_id.into(),
            issued_ms: now,
            expires_ms,
        });
        token
    }

    /// Makes a token stop working (a replayed authorization code revokes its tokens).
    pub fn revoke_token(&mut self, token: &str) {
        self.tokens.retain(|t| t.token != token);
    }
}
