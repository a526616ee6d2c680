//! BroadWorks subscribers (`/broadworks/subscribers`): listing, provisioning (once, or
//! safely again after a lost answer), precheck, update, removal, and the consent email.

use crate::model::{
    NewSubscriber, PrecheckRequest, PrecheckResponse, Subscriber, SubscriberStatus,
    SubscriberUpdate,
};
use crate::paging::{asked_for, ListQuery};
use crate::transport::{item_path, Outgoing};
use crate::{Client, Tracked, WebexError, ERROR_USER_ID_ALREADY_ASSOCIATED};
use reqwest::Method;

const SUBSCRIBERS: &str = "/broadworks/subscribers";

/// Precheck info code for "validation successful".
pub const PRECHECK_OK: i64 = 100;

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
    /// The query of one request: at most one `status`, which the spec types as one enum
    /// value (`provisioned`, not `provisioned,error`); see [`Client::subscribers`].
    fn query(&self, status: Option<SubscriberStatus>) -> Vec<(String, String)> {
        ListQuery::default()
            .with("userId", self.user_id.as_ref())
            .with("personId", self.person_id.as_ref())
            .with("email", self.email.as_ref())
            .with("provisioningId", self.provisioning_id.as_ref())
            .with("spEnterpriseId", self.sp_enterprise_id.as_ref())
            .with("lastStatusChange", self.last_status_change.as_ref())
            .with("after", self.after.as_ref())
            .with("status", status.map(SubscriberStatus::as_str))
            .with("selfActivated", self.self_activated)
            .with("max", self.max)
            .into_pairs()
    }
}

impl Client {
    /// Subscribers matching the filter, every page. Several statuses are asked one at a
    /// time (the spec's `status` is a single value) and the answers joined, each
    /// subscriber once (one may change status between the requests).
    pub async fn subscribers(
        &self,
        filter: &SubscriberFilter,
    ) -> Result<Vec<Subscriber>, WebexError> {
        let mut found: Vec<Subscriber> = self.subscribers_as_listed(filter).await?;
        // What this app acts on (a removal, a chase, a retry) must be what it asked for:
        // a server that ignored the enterprise or user filter would otherwise make a
        // detach remove another customer's users (see `paging::asked_for`).
        found.retain(|s| {
            asked_for(&filter.sp_enterprise_id, &s.sp_enterprise_id)
                && asked_for(&filter.user_id, &s.user_id)
        });
        Ok(found)
    }

    async fn subscribers_as_listed(
        &self,
        filter: &SubscriberFilter,
    ) -> Result<Vec<Subscriber>, WebexError> {
        if filter.status.len() <= 1 {
            let query = filter.query(filter.status.first().copied());
            return self.get_all(SUBSCRIBERS, query).await;
        }
        let mut found: Vec<Subscriber> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut asked = Vec::new();
        for &status in &filter.status {
            if asked.contains(&status) {
                continue;
            }
            asked.push(status);
            let query = filter.query(Some(status));
            let listed: Vec<Subscriber> = self.get_all(SUBSCRIBERS, query).await?;
            found.extend(listed.into_iter().filter(|s| seen.insert(s.id.clone())));
        }
        Ok(found)
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
        self.get(&item_path(SUBSCRIBERS, subscriber_id)?, &[]).await
    }

    /// Provisions a subscriber, once: not retried after a lost answer. Use
    /// [`Client::provision_subscriber_idempotent`] when the answer may be lost.
    pub async fn provision_subscriber(
        &self,
        subscriber: &NewSubscriber,
    ) -> Result<Tracked<Subscriber>, WebexError> {
        self.write(Method::POST, SUBSCRIBERS, Some(subscriber))
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

    /// Updates a subscriber; the answer does not show the change yet (status `updating`).
    pub async fn update_subscriber(
        &self,
        subscriber_id: &str,
        update: &SubscriberUpdate,
    ) -> Result<Tracked<Subscriber>, WebexError> {
        let path = item_path(SUBSCRIBERS, subscriber_id)?;
        self.write(Method::PUT, &path, Some(update)).await
    }

    /// Removes the mapping between a BroadWorks subscriber and its Webex user.
    pub async fn remove_subscriber(&self, subscriber_id: &str) -> Result<Tracked<()>, WebexError> {
        let path = item_path(SUBSCRIBERS, subscriber_id)?;
        self.write_empty(Method::DELETE, &path).await
    }

    /// Predicts whether provisioning would succeed. No side effects, so it is retried.
    pub async fn precheck_subscriber(
        &self,
        request: &PrecheckRequest,
    ) -> Result<Tracked<PrecheckResponse>, WebexError> {
        let body = serde_json::to_value(request).map_err(|e| WebexError::Decode(e.to_string()))?;
        let url = self.url(&format!("{SUBSCRIBERS}/validate"));
        let answer = self
            .call_safe(Outgoing {
                method: &Method::POST,
                url: &url,
                query: &[],
                body: Some(&body),
            })
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
        let path = format!(
            "{}/emails/consentMove",
            item_path("/subscribers", subscriber_id)?
        );
        self.write_empty(Method::POST, &path).await
    }
}
