//! BroadWorks enterprises known to Webex (`/broadworks/enterprises`).

use crate::model::Enterprise;
use crate::paging::{asked_for, ListQuery};
use crate::{Client, WebexError};

/// Filters of `GET /broadworks/enterprises`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnterpriseFilter {
    pub sp_enterprise_id: Option<String>,
    pub starts_with: Option<String>,
    /// Page size (Webex: default 100, at most 1000).
    pub max: Option<u32>,
}

impl EnterpriseFilter {
    fn query(&self) -> Vec<(String, String)> {
        ListQuery::default()
            .with("spEnterpriseId", self.sp_enterprise_id.as_ref())
            .with("startsWith", self.starts_with.as_ref())
            .with("max", self.max)
            .into_pairs()
    }
}

impl Client {
    /// BroadWorks enterprises known to Webex, every page.
    pub async fn enterprises(
        &self,
        filter: &EnterpriseFilter,
    ) -> Result<Vec<Enterprise>, WebexError> {
        let mut found: Vec<Enterprise> = self
            .get_all("/broadworks/enterprises", filter.query())
            .await?;
        // Only the enterprise asked for, as for subscribers: an empty answer then means
        // Webex does not know it, even from a server that ignored the filter.
        found.retain(|e| asked_for(&filter.sp_enterprise_id, &e.sp_enterprise_id));
        Ok(found)
    }
}
