//! Organizations (`/organizations`), their licenses (`/licenses`) and their partner
//! administrators (`/partner/organizations/{id}/partnerAdmins`).

use crate::model::{License, Organization, PartnerAdminUser};
use crate::paging::ListQuery;
use crate::transport::{item_path, segment};
use crate::{Client, WebexError};

impl Client {
    /// The organizations this token sees (for a partner: its managed customers too).
    pub async fn organizations(&self) -> Result<Vec<Organization>, WebexError> {
        self.get_items("/organizations", &[]).await
    }

    /// One organization.
    pub async fn organization(&self, org_id: &str) -> Result<Organization, WebexError> {
        self.get(&item_path("/organizations", org_id)?, &[]).await
    }

    /// The licenses of `org_id` (default: the token's org).
    pub async fn licenses(&self, org_id: Option<&str>) -> Result<Vec<License>, WebexError> {
        let query = ListQuery::default().with("orgId", org_id).into_pairs();
        self.get_items("/licenses", &query).await
    }

    /// The partner administrators of a customer org, with their role there.
    pub async fn partner_admins(&self, org_id: &str) -> Result<Vec<PartnerAdminUser>, WebexError> {
        let path = format!("/partner/organizations/{}/partnerAdmins", segment(org_id)?);
        self.get_items(&path, &[]).await
    }
}
