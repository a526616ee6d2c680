//! The app's brain, shared by the desktop app and the `wxm` CLI: the wizards (from the
//! embedded tables), the SQLite store and audit log, and the connection to Webex or to
//! the demo tenant. It never knows whether it talks to the simulator or to Webex.

pub mod about;
pub mod actions;
pub mod audit;
pub mod auth;
pub mod bindings;
pub mod board;
pub mod bulk;
pub mod connection;
pub mod demo;
pub mod error;
pub mod error_code;
pub mod evidence;
pub mod explain;
pub mod files;
mod handles;
pub mod logging;
pub mod lookups;
pub mod messenger;
pub mod paths;
pub mod plan;
pub mod secrets;
pub mod sessions;
pub mod spreadsheet;
pub mod start_page;
pub mod store;
pub mod trainer;

use crate::store::StoreError;
use connection::{ConnectionMode, ConnectionStatus};
pub use decide;
use decide::Catalog;
pub use error::{ApiError, EngineError};
pub use error_code::ErrorCode;
pub use handles::{Actions, AuditLog, Board, Bulk, Messenger, Sessions, SignIn, Trainer};
use sessions::SessionError;
use start_page::{StartPage, WizardSummary};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use store::Store;
/// The Webex client and its types, for callers that hold one the engine made.
pub use webex;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/tables.rs"));
}

/// The tables built into this program.
pub fn builtin_catalog() -> Result<Catalog, EngineError> {
    Catalog::from_files(embedded::TABLE_FILES.iter().copied()).map_err(EngineError::Tables)
}

/// The product's identifier; the app-data folder is named after it.
pub const APP_IDENTIFIER: &str = "com.webexmigrationwizard.desktop";

/// Who the client signs in as, and their organization's name when Webex says it.
async fn who_is_signed_in(
    client: &webex::Client,
) -> Result<(webex::model::Person, Option<String>), EngineError> {
    let person = client.me().await?;
    let org_name = match &person.org_id {
        Some(org) => client
            .organization(org)
            .await
            .ok()
            .and_then(|o| o.display_name),
        None => None,
    };
    Ok((person, org_name))
}

/// Where the app is signed in.
struct Connection {
    mode: ConnectionMode,
    person: webex::model::Person,
    /// How this connection was made, and until when it lasts.
    sign_in: auth::SignedIn,
    link: Link,
}

/// How requests reach Webex.
enum Link {
    Webex(webex::Client),
    /// The in-process demo tenant, kept running while connected to it.
    Demo {
        client: webex::Client,
        sim: webex_sim::RunningSim,
    },
    /// The demo tenant, not started yet: the first thing that needs Webex starts it
    /// (the start page and the wizards' questions do not).
    DemoNotStarted,
}

/// One open data folder with its store, tables and connection.
pub struct Engine {
    data_dir: PathBuf,
    store: Mutex<Store>,
    catalog: Catalog,
    connection: tokio::sync::Mutex<Option<Connection>>,
    auth: auth::AuthState,
    /// Paths of the data folder found readable by others at open, and made private.
    tightened: Vec<PathBuf>,
}

impl Engine {
    /// Opens (creating if needed) the data folder and its database.
    /// The folder is private to this user (0700, its files 0600 on Unix); one found
    /// looser is tightened and [`Engine::tightened`] says which paths were.
    pub fn open(data_dir: &Path) -> Result<Engine, EngineError> {
        let unusable = |e: std::io::Error| {
            EngineError::Store(StoreError::DataDir {
                path: data_dir.display().to_string(),
                source: e,
            })
        };
        let mut tightened = paths::make_private(data_dir).map_err(unusable)?;
        let db = data_dir.join(store::DB_FILE);
        if !db.exists() {
            // Created 0600 before SQLite opens it; its -wal and -shm files follow it.
            paths::write_private(&db, b"").map_err(unusable)?;
        }
        let store = Store::open(&db)?;
        tightened.extend(paths::make_private(data_dir).map_err(unusable)?);
        for path in &tightened {
            tracing::warn!(path = %path.display(), "was readable by other users of this computer; made private");
        }
        Ok(Engine {
            tightened,
            data_dir: data_dir.to_path_buf(),
            store: Mutex::new(store),
            catalog: builtin_catalog()?,
            connection: tokio::sync::Mutex::new(None),
            auth: auth::AuthState::default(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Where a file the person saves goes: the folder they chose, else their Downloads
    /// folder, else `exports` in the data folder (a system without a Downloads folder).
    pub fn save_folder(&self, chosen: Option<&Path>) -> PathBuf {
        chosen
            .map(Path::to_path_buf)
            .or_else(dirs::download_dir)
            .unwrap_or_else(|| self.data_dir.join("exports"))
    }

    /// Files and folders of the data folder that other users of this computer could
    /// read, made private when it was opened (say so once).
    pub fn tightened(&self) -> &[PathBuf] {
        &self.tightened
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// A wizard of the built-in tables, or `UnknownWizard` naming the ones there are.
    pub(crate) fn wizard(&self, id: &str) -> Result<&decide::Wizard, EngineError> {
        self.catalog.wizard(id).ok_or_else(|| {
            EngineError::Session(SessionError::UnknownWizard {
                id: id.into(),
                allowed: self
                    .catalog
                    .wizard_ids()
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            })
        })
    }

    /// The title of a move-user procedure (an outcome id), or the id as it is.
    pub(crate) fn procedure_title(&self, procedure: &str) -> String {
        self.catalog
            .wizard("move-user")
            .and_then(|w| w.outcome(procedure))
            .map(|o| o.title.clone())
            .unwrap_or_else(|| procedure.to_string())
    }

    pub(crate) fn with_store<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, EngineError>,
    ) -> Result<T, EngineError> {
        let mut store = self
            .store
            .lock()
            .map_err(|_| EngineError::Store(StoreError::Busy))?;
        f(&mut store)
    }

    /// The start page: what the person wants to do, and the wizard for each answer.
    pub fn start_page(&self) -> StartPage {
        let start = &self.catalog.start;
        StartPage {
            question: start.question.clone(),
            help: start.help.clone(),
            choices: start
                .choices
                .iter()
                .filter_map(|c| {
                    let wizard = self.catalog.wizard(&c.wizard)?;
                    Some(WizardSummary {
                        id: wizard.id.clone(),
                        title: wizard.title.clone(),
                        description: wizard.description.clone(),
                        label: c.label.clone(),
                        hint: c.hint.clone(),
                    })
                })
                .collect(),
        }
    }

    /// Signs in to the demo tenant, which runs in this process. Nothing leaves the
    /// machine. The tenant itself starts when something first needs it.
    pub async fn connect_demo(&self) -> Result<ConnectionStatus, EngineError> {
        let mut connection = self.connection.lock().await;
        if let Some(c) = connection
            .as_ref()
            .filter(|c| c.mode == ConnectionMode::Demo)
        {
            return Ok(self.status_of(Some(c)));
        }
        let world = webex_sim::world::World::from_scenario(&webex_sim::Scenario::default(), 0, 0)
            .map_err(|e| EngineError::Demo(webex_sim::SimError::Scenario(e)))?;
        let (person, org_name) = world.signed_in().ok_or_else(|| {
            EngineError::Demo(webex_sim::SimError::Scenario(
                "the demo scenario has no signed-in person".into(),
            ))
        })?;
        let mut demo = Connection {
            mode: ConnectionMode::Demo,
            person,
            sign_in: auth::SignedIn::demo(Some(org_name)),
            link: Link::DemoNotStarted,
        };
        // A fixed port is asked for so that someone else (a trainer's second screen, a
        // test) can reach the tenant: it must run from now on.
        if std::env::var_os("WXM_DEMO_PORT").is_some() {
            Self::start_demo_tenant(&mut demo).await?;
        }
        self.audit("demo", "sign-in", "Signed in to the demo tenant", None)?;
        *connection = Some(demo);
        Ok(self.status_of(connection.as_ref()))
    }

    /// Starts the demo tenant of a demo connection that has not started it yet.
    async fn start_demo_tenant(connection: &mut Connection) -> Result<(), EngineError> {
        if !matches!(connection.link, Link::DemoNotStarted) {
            return Ok(());
        }
        // WXM_DEMO_PORT fixes the demo tenant's port, so a trainer's second screen or a
        // test can reach its /sim control API; otherwise any free port.
        let port = std::env::var("WXM_DEMO_PORT")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        // WXM_DEMO_CONTROL_TOKEN fixes the token of that control API (a random one
        // otherwise, known only to this process).
        let sim = webex_sim::start_with(webex_sim::SimOptions {
            port,
            control_token: std::env::var("WXM_DEMO_CONTROL_TOKEN").ok(),
            ..webex_sim::SimOptions::default()
        })
        .await
        .map_err(EngineError::Demo)?;
        // WXM_DEMO_REQUESTS_PER_SECOND paces the app's requests to the demo tenant
        // (Webex's usual pace otherwise): `cargo xtask bench` watches a 5,000-user
        // job to its end in minutes, not in a quarter of an hour.
        let requests_per_second = std::env::var("WXM_DEMO_REQUESTS_PER_SECOND")
            .ok()
            .and_then(|r| r.trim().parse::<u32>().ok())
            .filter(|r| *r > 0)
            .unwrap_or(webex::ClientOptions::default().requests_per_second);
        let client = webex::Client::with_options(
            &sim.base_url(),
            webex::AccessToken::new(sim.demo_token()),
            webex::ClientOptions {
                requests_per_second,
                ..webex::ClientOptions::default()
            },
        )?;
        tracing::info!(base_url = %sim.base_url(), "demo tenant started");
        connection.link = Link::Demo { client, sim };
        Ok(())
    }

    /// The connection, with the demo tenant started if it is the demo's and was not yet.
    /// A demo tenant that cannot start is logged and leaves the connection without a
    /// client (the actions then say the app is not connected).
    async fn ready_connection(&self) -> tokio::sync::MutexGuard<'_, Option<Connection>> {
        let mut connection = self.connection.lock().await;
        if let Some(c) = connection.as_mut() {
            if let Err(e) = Self::start_demo_tenant(c).await {
                tracing::error!(error = %e, "the demo tenant did not start");
            }
        }
        connection
    }

    /// Who is signed in, where. Never includes a token.
    pub async fn connection_status(&self) -> ConnectionStatus {
        self.status_of(self.connection.lock().await.as_ref())
    }

    /// The in-process demo tenant's base URL, when connected to it (starting it). Its
    /// `/sim` control API (beside `/v1`) plays the end user and the customer admin in
    /// demos and tests.
    pub async fn demo_base_url(&self) -> Option<String> {
        match &self.ready_connection().await.as_ref()?.link {
            Link::Demo { sim, .. } => Some(sim.base_url()),
            _ => None,
        }
    }

    /// A client of the in-process demo tenant's `/sim` control API, when connected to it
    /// (starting it).
    pub async fn demo_control(&self) -> Option<webex_sim::control_client::SimControl> {
        match &self.ready_connection().await.as_ref()?.link {
            Link::Demo { sim, .. } => Some(sim.control()),
            _ => None,
        }
    }

    /// True once the demo tenant runs in this process (it starts when first needed).
    pub async fn demo_tenant_running(&self) -> bool {
        matches!(
            self.connection.lock().await.as_ref().map(|c| &c.link),
            Some(Link::Demo { .. })
        )
    }

    /// The Webex client of the current connection, if any (starting the demo tenant
    /// when this is its first use).
    pub async fn client(&self) -> Option<webex::Client> {
        self.signed_in_client()
            .await
            .inspect_err(|e| {
                if !matches!(e, EngineError::NotSignedIn) {
                    tracing::error!(error = %e, "no Webex client");
                }
            })
            .ok()
    }

    /// The Webex client of the current connection, starting the demo tenant when this
    /// is its first use: `NotSignedIn` without a connection, `Demo` when the tenant
    /// cannot start.
    pub(crate) async fn signed_in_client(&self) -> Result<webex::Client, EngineError> {
        let mut connection = self.connection.lock().await;
        let c = connection.as_mut().ok_or(EngineError::NotSignedIn)?;
        Self::start_demo_tenant(c).await?;
        match &c.link {
            Link::Webex(client) | Link::Demo { client, .. } => Ok(client.clone()),
            Link::DemoNotStarted => Err(EngineError::NotSignedIn),
        }
    }

    /// Appends one line to the audit log.
    pub fn audit(
        &self,
        actor: &str,
        action: &str,
        detail: &str,
        tracking_id: Option<&str>,
    ) -> Result<(), EngineError> {
        self.with_store(|s| s.append_audit(actor, action, detail, tracking_id, "ok"))
    }
}
