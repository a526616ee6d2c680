//! People (`/people`) and the administrator roles they hold (`/roles`).

use crate::model::{Person, Role};
use crate::paging::ListQuery;
use crate::transport::item_path;
use crate::{Client, WebexError};

impl Client {
    /// Who this token belongs to.
    pub async fn me(&self) -> Result<Person, WebexError> {
        self.get("/people/me", &[]).await
    }

    /// One person by id, with their roles and licenses.
    pub async fn person(&self, person_id: &str) -> Result<Person, WebexError> {
        self.get(&item_path("/people", person_id)?, &[]).await
    }

    /// People with this email, in `org_id` (default: the token's org and the orgs it
    /// administers). Empty when none is visible to this token.
    pub async fn people_by_email(
        &self,
        email: &str,
        org_id: Option<&str>,
    ) -> Result<Vec<Person>, WebexError> {
        let query = ListQuery::default()
            .with("email", Some(email))
            .with("orgId", org_id)
            .into_pairs();
        // Read as any list (`notFoundIds` is not needed here), so the lenient shapes
        // of `Items` apply.
        self.get_items("/people", &query).await
    }

    /// The administrator roles (admins only).
    pub async fn roles(&self) -> Result<Vec<Role>, WebexError> {
        self.get_items("/roles", &[]).await
    }
}
