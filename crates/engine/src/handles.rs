//! One handle a feature: `engine.sessions()`, `engine.actions()`, `engine.bulk()`,
//! `engine.sign_in()`, `engine.messenger()`, `engine.trainer()`, `engine.audit_log()`, `engine.board()`.
//! Each borrows the engine and offers only its feature's methods, so a caller (the
//! app, `wxm`, a test) reads which part of the engine it uses.

use crate::Engine;

macro_rules! feature_handles {
    ($($(#[$doc:meta])* $method:ident -> $handle:ident;)*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy)]
            pub struct $handle<'e> {
                engine: &'e Engine,
            }

            impl std::ops::Deref for $handle<'_> {
                type Target = Engine;
                fn deref(&self) -> &Engine {
                    self.engine
                }
            }
        )*

        impl Engine {
            $(
                $(#[$doc])*
                pub fn $method(&self) -> $handle<'_> {
                    $handle { engine: self }
                }
            )*
        }
    };
}

feature_handles! {
    /// Wizard sessions: answers, look-ups in the tenant, step progress, plans.
    sessions -> Sessions;
    /// The API actions on one user, subscriber or organization.
    actions -> Actions;
    /// Bulk jobs: plan, run, watch, pause, cancel, report.
    bulk -> Bulk;
    /// Signing in to Webex and picking a sign-in up again.
    sign_in -> SignIn;
    /// The Messenger Guest → Business notices.
    messenger -> Messenger;
    /// The trainer's end user, customer administrator and clock (demo tenant only).
    trainer -> Trainer;
    /// Reading and exporting the audit log.
    audit_log -> AuditLog;
    /// The customers' migration boards: refresh, chase, retry the failed, report.
    board -> Board;
}
