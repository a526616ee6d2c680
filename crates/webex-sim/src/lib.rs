//! A simulated Webex tenant: real HTTP on 127.0.0.1 with the same paths and shapes as
//! Webex, seeded from a scenario, for demos, training and tests.
//!
//! - `/v1/...` answers like Webex (BroadWorks subscribers, enterprises, workspaces,
//!   people, roles, organizations, licenses, partner admins), with faults when asked.
//! - `/sim/...` is the control API for everyone who is not the partner: the end user,
//!   the customer admin, the clock, faults, reset and saving state. It is never under `/v1`.
//!
//! Time: the sim clock runs at real speed times `clock_speed`, plus whatever
//! `POST /sim/clock/advance` adds. A subscriber in `provisioning` or `updating` finishes
//! `provisioning_secs` of sim time later (default 2 s): after a short real wait, or at
//! once when the clock is advanced. Background work runs lazily on the next request.

mod answers;
mod api;
mod control;
pub mod control_client;
pub mod faults;
mod gates;
mod oauth;
mod options;
pub mod scenario;
mod server;
mod sim;
pub mod world;

pub use faults::{FaultStats, Faults};
pub use gates::CONTROL_TOKEN_HEADER;
pub use oauth::{OAuthStats, TokenLifetimes};
pub use options::{SimError, SimOptions};
pub use scenario::{OAuthClientSeed, Scenario};
pub use server::{start, start_with, RunningSim};
