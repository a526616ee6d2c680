//! A typed client for the parts of the Webex REST API the migration wizards use.
//! The base URL is a setting, so the same client talks to Webex or to `webex-sim`.
//!
//! Every request carries a `TrackingID`; every answer's tracking id is kept (errors
//! carry it, writes return it). All clones of a client share one rate limiter, which a
//! 429 or 423 pauses for every caller. Requests without side effects (GETs, precheck)
//! are retried on 5xx and network errors with jittered backoff; provisioning has its
//! own safe-to-retry call, [`Client::provision_subscriber_idempotent`].

mod client;
mod enterprises;
mod error;
mod lenient;
pub mod model;
pub mod oauth;
mod organizations;
mod pacer;
mod paging;
mod people;
mod recording;
mod secret;
mod subscribers;
mod token;
mod transport;
mod workspaces;

pub use client::{Client, ClientOptions, DEFAULT_BASE_URL};
pub use enterprises::EnterpriseFilter;
pub use error::{
    WebexError, ERROR_EXTERNAL_ADMIN_APPROVAL_REQUIRED, ERROR_USER_ID_ALREADY_ASSOCIATED,
};
pub use pacer::parse_retry_after;
pub use recording::{CallRecorder, SentCall};
pub use secret::Secret;
pub use subscribers::{Provisioned, SubscriberFilter, PRECHECK_OK};
pub use token::{AccessToken, TokenFuture, TokenProvider};
pub use transport::{Tracked, TRACKING_HEADER};
