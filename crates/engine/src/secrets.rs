//! Where secrets live: the OS keychain (through `keyring`), behind our own
//! [`SecretStore`] trait. Where no keychain is reachable (Linux without a Secret
//! Service, as in CI) they stay in memory for this run only, and the app and the CLI
//! say so with the stable code [`KEYCHAIN_UNAVAILABLE`]. Never a plain-text file.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use webex::Secret;

/// The notice code the UI and the CLI branch on when secrets stay in memory.
pub const KEYCHAIN_UNAVAILABLE: &str = crate::error_code::ErrorCode::KeychainUnavailable.as_str();

/// The one plain sentence that goes with [`KEYCHAIN_UNAVAILABLE`].
pub const KEYCHAIN_UNAVAILABLE_MESSAGE: &str =
    "No keychain is available on this computer, so your sign-in is kept only until this program closes and you will need to sign in again next time.";

/// `WXM_SECRET_STORE=memory` keeps secrets in memory (tests, shared machines).
pub const SECRET_STORE_ENV: &str = "WXM_SECRET_STORE";

/// Errors of a secret store. Never carries a secret.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The keychain exists but refused or failed.
    #[error("the keychain could not be used: {0}")]
    Keychain(String),
}

/// Which kind of store holds the secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    /// The OS keychain: survives restarts.
    Keychain,
    /// This process's memory: gone when it ends.
    Memory,
}

/// A place for secrets, by name.
pub trait SecretStore: Send + Sync {
    /// Which kind of store this is.
    fn kind(&self) -> StoreKind;
    /// The secret stored under `name`, if any.
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretError>;
    /// Stores (or replaces) the secret under `name`.
    fn set(&self, name: &str, secret: &Secret) -> Result<(), SecretError>;
    /// Forgets the secret under `name` (no error when there is none).
    fn delete(&self, name: &str) -> Result<(), SecretError>;
}

/// Secrets in memory, for this run only.
#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<HashMap<String, Secret>>,
}

impl MemoryStore {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        self.secrets.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl SecretStore for MemoryStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Memory
    }
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretError> {
        Ok(self.map().get(name).cloned())
    }
    fn set(&self, name: &str, secret: &Secret) -> Result<(), SecretError> {
        self.map().insert(name.to_string(), secret.clone());
        Ok(())
    }
    fn delete(&self, name: &str) -> Result<(), SecretError> {
        self.map().remove(name);
        Ok(())
    }
}

/// The OS keychain. Entries are under the app's identifier, one account per secret
/// and data folder, so a test's temporary folder never touches the real sign-in.
pub struct KeychainStore {
    service: String,
    scope: String,
}

fn keychain_error(e: keyring::Error) -> SecretError {
    use keyring::Error::*;
    SecretError::Keychain(match e {
        // BadEncoding holds the stored bytes: never show them.
        BadEncoding(_) => "a stored value is not text".into(),
        Ambiguous(_) => "several keychain entries have the same name".into(),
        TooLong(what, max) => format!("{what} is longer than the keychain allows ({max})"),
        other => other.to_string(),
    })
}

impl KeychainStore {
    /// A store for secrets of the data folder `scope`.
    pub fn new(service: &str, scope: &str) -> KeychainStore {
        KeychainStore {
            service: service.to_string(),
            scope: scope.to_string(),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, &format!("{name} @ {}", self.scope))
            .map_err(keychain_error)
    }

    /// True when a keychain answers (an absent entry counts as an answer).
    pub fn reachable(&self) -> Result<(), SecretError> {
        match self.entry("probe")?.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(e)),
        }
    }
}

impl SecretStore for KeychainStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Keychain
    }
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretError> {
        match self.entry(name)?.get_password() {
            Ok(v) => Ok(Some(Secret::new(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(e)),
        }
    }
    fn set(&self, name: &str, secret: &Secret) -> Result<(), SecretError> {
        self.entry(name)?
            .set_password(secret.expose())
            .map_err(keychain_error)
    }
    fn delete(&self, name: &str) -> Result<(), SecretError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(e)),
        }
    }
}

/// The store the engine uses, chosen once: the keychain when it answers, otherwise
/// memory with a notice. A keychain that fails later hands over to memory too, and
/// the notice says so; nothing is ever written in plain text.
pub struct Vault {
    inner: Mutex<VaultState>,
}

struct VaultState {
    store: Arc<dyn SecretStore>,
    /// Why secrets are in memory, when they are.
    why_memory: Option<String>,
}

impl Vault {
    /// Probes the keychain (unless `WXM_SECRET_STORE=memory`).
    pub fn choose(service: &str, scope: &str) -> Vault {
        if std::env::var(SECRET_STORE_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("memory")) {
            return Vault::memory(format!("{SECRET_STORE_ENV}=memory"));
        }
        let keychain = KeychainStore::new(service, scope);
        match keychain.reachable() {
            Ok(()) => Vault::with_store(Arc::new(keychain)),
            Err(e) => {
                tracing::warn!(error = %e, "no keychain: secrets stay in memory for this run");
                Vault::memory(e.to_string())
            }
        }
    }

    /// A vault over a given store (tests).
    pub fn with_store(store: Arc<dyn SecretStore>) -> Vault {
        let why_memory =
            (store.kind() == StoreKind::Memory).then(|| "a memory store was given".to_string());
        Vault {
            inner: Mutex::new(VaultState { store, why_memory }),
        }
    }

    fn memory(why: String) -> Vault {
        Vault {
            inner: Mutex::new(VaultState {
                store: Arc::new(MemoryStore::default()),
                why_memory: Some(why),
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, VaultState> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Which kind of store holds the secrets now.
    pub fn kind(&self) -> StoreKind {
        self.state().store.kind()
    }

    /// Why secrets are only in memory, if they are (for the log; the UI shows the code).
    pub fn why_memory(&self) -> Option<String> {
        self.state().why_memory.clone()
    }

    /// A stored secret. A keychain that fails to answer counts as "none".
    pub fn get(&self, name: &str) -> Option<Secret> {
        let store = self.state().store.clone();
        match store.get(name) {
            Ok(v) => v,
            Err(e) => {
                tracing::warn!(error = %e, name, "cannot read a secret");
                None
            }
        }
    }

    /// Stores a secret; if the keychain refuses, moves to memory (with the notice).
    pub fn set(&self, name: &str, secret: &Secret) {
        let mut state = self.state();
        if let Err(e) = state.store.set(name, secret) {
            tracing::warn!(error = %e, "the keychain refused a secret: keeping secrets in memory for this run");
            let memory = MemoryStore::default();
            let _ = memory.set(name, secret);
            state.store = Arc::new(memory);
            state.why_memory = Some(e.to_string());
        }
    }

    /// Forgets a secret.
    pub fn delete(&self, name: &str) {
        let store = self.state().store.clone();
        if let Err(e) = store.delete(name) {
            tracing::warn!(error = %e, name, "cannot delete a secret");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memory_store_keeps_and_forgets_secrets() {
        let s = MemoryStore::default();
        s.set("a", &Secret::new("1")).unwrap();
        assert_eq!(s.get("a").unwrap().unwrap().expose(), "1");
        s.delete("a").unwrap();
        s.delete("a").unwrap();
        assert!(s.get("a").unwrap().is_none());
    }

    struct Refusing;
    impl SecretStore for Refusing {
        fn kind(&self) -> StoreKind {
            StoreKind::Keychain
        }
        fn get(&self, _: &str) -> Result<Option<Secret>, SecretError> {
            Ok(None)
        }
        fn set(&self, _: &str, _: &Secret) -> Result<(), SecretError> {
            Err(SecretError::Keychain("locked".into()))
        }
        fn delete(&self, _: &str) -> Result<(), SecretError> {
            Ok(())
        }
    }

    #[test]
    fn a_keychain_that_refuses_hands_over_to_memory_and_says_so() {
        let v = Vault::with_store(Arc::new(Refusing));
        assert_eq!(v.kind(), StoreKind::Keychain);
        v.set("t", &Secret::new("x"));
        assert_eq!(v.kind(), StoreKind::Memory);
        assert!(v.why_memory().is_some());
        assert_eq!(v.get("t").unwrap().expose(), "x");
    }
}
