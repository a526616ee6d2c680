//! The plan of a bulk move: every valid row prechecked (paced by the client's shared
//! limiter) and sorted into its procedure, grouped by outcome with counts, blockers and
//! what the users will receive. Planning changes nothing in Webex.

use crate::bulk::import::{import_csv, BulkRow, EmailTrust, ImportOptions};
use crate::bulk::journal::BLOCKER_ALREADY_PROVISIONED;
use crate::bulk::journal::{ItemStatus, JobItem, JobStatus, NewItem};
pub use crate::bulk::plan_view::{FirstUser, JobPlan, PlanBlocker, PlanGroup};
use crate::bulk::run::PauseCause;
use crate::bulk::BulkError;
use crate::{Bulk, EngineError};
use futures_util::StreamExt;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::Ordering;
use webex::model::PrecheckRequest;

/// Procedure id of a user without a Webex account (outside the tables: simply provisioned).
pub const PROVISION_NEW_USER: &str = "provision-new-user";
/// Procedure id of a user the precheck found already provisioned for this enterprise.
pub const ALREADY_PROVISIONED: &str = "already-provisioned";
/// Procedure id of a user the precheck refused (the error says why).
pub const PRECHECK_REFUSED: &str = "precheck-refused";
/// Procedure id of a user whose precheck could not be done (Webex did not answer).
pub const NOT_CHECKED: &str = "not-checked";

/// Precheck info codes the simulated tenant gives (documented in webex-sim's README).
/// Webex publishes no table of info codes; these are read when present.
const INFO_EXISTING_ACCOUNT: i64 = 9101;
const INFO_EXISTING_ORG: i64 = 9102;
const INFO_APPROVAL_NEEDED: i64 = 9103;

/// What the precheck found for one user; journalled per user as it comes in, so a
/// kill while checking loses none.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Finding {
    NewUser,
    Consumer,
    CustomerOrg {
        approval: bool,
    },
    AlreadyProvisioned,
    Refused {
        code: String,
        text: String,
        tracking: Option<String>,
    },
    NotChecked {
        text: String,
        tracking: Option<String>,
    },
    /// Webex refused the sign-in (401) or it could not be renewed, or does not allow
    /// the account to do this (403): the job pauses; this is never journalled as the
    /// user's finding.
    #[serde(skip)]
    SignedOut(PauseCause),
}

/// Settings of a plan.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub import: ImportOptions,
    /// Prechecks in flight at once (all under the client's one rate limiter).
    pub concurrency: usize,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            import: ImportOptions::default(),
            concurrency: 8,
        }
    }
}

/// The error code to journal for a Webex error.
pub(crate) fn error_code(e: &webex::WebexError) -> String {
    match e {
        webex::WebexError::Api { status, codes, .. } => match codes.first() {
            Some(c) => c.to_string(),
            None => format!("http_{status}"),
        },
        webex::WebexError::Network { .. } => "network".into(),
        webex::WebexError::Decode(_) => "decode".into(),
        _ => "webex".into(),
    }
}

fn package_of(row: &BulkRow) -> Option<webex::model::Package> {
    serde_json::from_value(serde_json::Value::String(row.package.clone())).ok()
}

async fn precheck(client: &webex::Client, row: &BulkRow) -> Finding {
    let Some(email) = row.email.clone() else {
        // Untrusted emails without one: nothing to check by; the user enters it.
        return Finding::NewUser;
    };
    let request = PrecheckRequest {
        email,
        provisioning_id: row.provisioning_id.clone(),
        user_id: Some(row.user_id.clone()),
        sp_enterprise_id: Some(row.sp_enterprise_id.clone()),
        first_name: Some(row.first_name.clone()),
        last_name: Some(row.last_name.clone()),
        package: package_of(row),
        primary_phone_number: row.primary_phone_number.clone(),
        extension: row.extension.clone(),
        language: row.language.clone(),
        timezone: row.timezone.clone(),
        ..PrecheckRequest::default()
    };
    let answer = client.precheck_subscriber(&request).await;
    if let Some(cause) = answer.as_ref().err().and_then(PauseCause::of) {
        return Finding::SignedOut(cause);
    }
    match answer {
        Ok(answer) => {
            let codes = answer.value.info_codes();
            if codes.contains(&INFO_EXISTING_ORG) {
                Finding::CustomerOrg {
                    approval: codes.contains(&INFO_APPROVAL_NEEDED),
                }
            } else if codes.contains(&INFO_EXISTING_ACCOUNT) {
                Finding::Consumer
            } else {
                Finding::NewUser
            }
        }
        Err(e) if e.codes().contains(&webex::ERROR_USER_ID_ALREADY_ASSOCIATED) => {
            Finding::AlreadyProvisioned
        }
        Err(e @ webex::WebexError::Api { .. }) if !e.answer_may_be_lost() => Finding::Refused {
            code: error_code(&e),
            text: e.to_string(),
            tracking: e.tracking_id().map(str::to_string),
        },
        Err(e) => Finding::NotChecked {
            text: e.to_string(),
            tracking: e.tracking_id().map(str::to_string),
        },
    }
}

struct EnterpriseInfo {
    has_org: bool,
    provisioning_id: Option<String>,
}

impl Bulk<'_> {
    /// Reads and validates a bulk CSV file.
    pub fn import_bulk_file(
        &self,
        path: &Path,
        options: &ImportOptions,
    ) -> Result<crate::bulk::ImportResult, EngineError> {
        let bytes =
            crate::files::read_limited(path, crate::files::MAX_IMPORT_BYTES).map_err(|e| {
                EngineError::Bulk(BulkError::File {
                    path: path.display().to_string(),
                    message: e.to_string(),
                })
            })?;
        let name = path.display().to_string();
        import_csv(&name, std::io::Cursor::new(bytes), options)
            .map_err(|e| EngineError::Bulk(BulkError::Import(e)))
    }

    /// Reads the file, prechecks every valid user and journals the plan as a new job
    /// (status `planned`). Nothing is provisioned. `on_created(job_id)` is called as soon
    /// as the job exists; `on_checked(done, total)` reports the prechecks as they finish.
    /// Every phase is journalled: a kill leaves a job that [`Engine::continue_plan`]
    /// finishes (`wxm bulk resume`, the app's "carry on").
    pub async fn plan_bulk_job(
        self,
        client: &webex::Client,
        path: &Path,
        options: &PlanOptions,
        on_created: &(dyn Fn(&str) + Sync),
        on_checked: &(dyn Fn(u32, u32) + Sync),
    ) -> Result<JobPlan, EngineError> {
        // The file is read and checked before a job is made for it: a file that cannot be
        // read (missing, not UTF-8, no header the job needs) leaves no job behind, which
        // would otherwise wait in "Checking users" for ever.
        let import = self.import_bulk_file(path, &options.import)?;
        let file = std::path::absolute(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string();
        let job = self.create_job(&file, &options.import, client.base_url())?;
        self.journal_rows(&job, &import)?;
        on_created(&job);
        let lease = crate::bulk::lease::Lease::take(self, &job)?;
        self.plan_under_lease(client, &job, options.concurrency, on_checked, &lease)
            .await
    }

    /// Journals the rows a file gave (and the rows it refused), saying so in the audit log.
    fn journal_rows(
        &self,
        job: &str,
        import: &crate::bulk::ImportResult,
    ) -> Result<(), EngineError> {
        self.save_import(job, &import.rows, &import.problems)?;
        self.audit(
            "bulk",
            "plan",
            &format!(
                "Planning job {job} from {} ({} valid rows, {} refused)",
                import.file,
                import.rows.len(),
                import.problems.len()
            ),
            None,
        )
    }

    /// Finishes the plan of a job in `planning`, from where the journal says it stopped:
    /// the file is read again if its rows were not journalled yet, and only users without
    /// a journalled precheck are checked. Holds the job's lease while it works.
    pub async fn continue_plan(
        self,
        client: &webex::Client,
        job: &str,
        concurrency: usize,
        on_checked: &(dyn Fn(u32, u32) + Sync),
    ) -> Result<JobPlan, EngineError> {
        let status = self.job_status(job)?;
        if status != JobStatus::Planning {
            return self.job_plan(job);
        }
        let lease = crate::bulk::lease::Lease::take(self, job)?;
        if self.job_imported(job)? {
            self.audit(
                "bulk",
                "plan",
                &format!("Planning job {job} again from its journal"),
                None,
            )?;
        } else {
            // Stopped before its rows were journalled: the file is read again.
            let (file, import_options) = self.job_import(job)?;
            let import = self.import_bulk_file(Path::new(&file), &import_options)?;
            self.journal_rows(job, &import)?;
        }
        self.plan_under_lease(client, job, concurrency, on_checked, &lease)
            .await
    }

    /// Prechecks the journalled users that have no finding yet, then journals the plan.
    async fn plan_under_lease(
        &self,
        client: &webex::Client,
        job: &str,
        concurrency: usize,
        on_checked: &(dyn Fn(u32, u32) + Sync),
        lease: &crate::bulk::lease::Lease<'_>,
    ) -> Result<JobPlan, EngineError> {
        let (_, import_options) = self.job_import(job)?;
        let journalled = self.items_with_prechecks(job)?;
        let who = self.bulk_actor().await;

        // One look-up per enterprise: does it have a Webex org yet?
        let mut enterprises: BTreeMap<String, EnterpriseInfo> = BTreeMap::new();
        for (item, _) in &journalled {
            let row = &item.row;
            if enterprises.contains_key(&row.sp_enterprise_id) {
                continue;
            }
            let found = match client
                .enterprises(&webex::EnterpriseFilter {
                    sp_enterprise_id: Some(row.sp_enterprise_id.clone()),
                    ..webex::EnterpriseFilter::default()
                })
                .await
            {
                Ok(found) => found,
                Err(e) => {
                    let Some(cause) = PauseCause::of(&e) else {
                        return Err(e.into());
                    };
                    self.pause_for(job, "while checking users", cause)?;
                    return Err(cause.error(job));
                }
            };
            let this = found
                .into_iter()
                .find(|e| e.sp_enterprise_id == row.sp_enterprise_id);
            enterprises.insert(
                row.sp_enterprise_id.clone(),
                EnterpriseInfo {
                    has_org: this.as_ref().is_some_and(|e| e.org_id.is_some()),
                    provisioning_id: this.and_then(|e| e.provisioning_id),
                },
            );
        }
        let mut items: Vec<(JobItem, Option<Finding>)> = journalled
            .into_iter()
            .map(|(mut item, finding)| {
                if item.row.provisioning_id.is_none() {
                    item.row.provisioning_id = enterprises
                        .get(&item.row.sp_enterprise_id)
                        .and_then(|e| e.provisioning_id.clone());
                }
                let finding = finding.and_then(|f| serde_json::from_str(&f).ok());
                (item, finding)
            })
            .collect();

        let total = items.len() as u32;
        let already = items.iter().filter(|(_, f)| f.is_some()).count() as u32;
        let checked = std::sync::atomic::AtomicU32::new(already);
        // Why checking stopped for everyone (a PauseCause), once a check said so.
        let signed_out: std::sync::Mutex<Option<PauseCause>> = std::sync::Mutex::new(None);
        on_checked(already, total);
        let to_check: Vec<(u32, BulkRow)> = items
            .iter()
            .filter(|(_, f)| f.is_none())
            .map(|(i, _)| (i.seq, i.row.clone()))
            .collect();
        // Stops checking when the job is cancelled, or when another runner took it over.
        let stop = std::sync::atomic::AtomicBool::new(false);
        let finished = std::sync::atomic::AtomicBool::new(false);
        let work = async {
            // Owned rows: a closure over `&BulkRow` makes the future not general enough
            // to be `Send` across a Tauri command.
            let results: Vec<Result<(u32, Finding), EngineError>> =
                futures_util::stream::iter(to_check)
                    .map(|(seq, row)| {
                        let (checked, signed_out, stop, who) =
                            (&checked, &signed_out, &stop, who.as_str());
                        async move {
                            let paused = signed_out.lock().map(|c| c.is_some()).unwrap_or(true);
                            if paused || stop.load(Ordering::SeqCst) {
                                return Ok(None);
                            }
                            let (recording, calls) = client.recording();
                            let f = precheck(&recording, &row).await;
                            self.audit_job_calls(
                                job,
                                who,
                                "precheck",
                                &row.user_id,
                                &calls.take(),
                            )?;
                            if let Finding::SignedOut(cause) = f {
                                if let Ok(mut first) = signed_out.lock() {
                                    first.get_or_insert(cause);
                                }
                                return Ok(None);
                            }
                            self.save_prechecks(
                                job,
                                &[(seq, serde_json::to_string(&f).unwrap_or_default())],
                            )?;
                            let n = checked.fetch_add(1, Ordering::Relaxed) + 1;
                            on_checked(n, total);
                            Ok(Some((seq, f)))
                        }
                    })
                    .buffer_unordered(concurrency.max(1))
                    .filter_map(|r| async move { r.transpose() })
                    .collect()
                    .await;
            finished.store(true, Ordering::SeqCst);
            results
        };
        let ticker = async {
            while !finished.load(Ordering::SeqCst) {
                tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                let cancelled = self.job_status(job).ok() == Some(JobStatus::Cancelled);
                if cancelled || lease.keep().is_err() {
                    stop.store(true, Ordering::SeqCst);
                }
            }
        };
        let (results, ()) = tokio::join!(work, ticker);
        if stop.load(Ordering::SeqCst) {
            if self.job_status(job)? == JobStatus::Cancelled {
                self.settle_and_cancel(Some(client), job).await?;
                return self.job_plan(job);
            }
            lease.keep()?;
        }
        let mut found: HashMap<u32, Finding> = HashMap::new();
        for r in results {
            let (seq, f) = r?;
            found.insert(seq, f);
        }
        let cause = signed_out.lock().ok().and_then(|c| *c);
        if let Some(cause) = cause {
            self.pause_for(job, "while checking users", cause)?;
            return Err(cause.error(job));
        }
        for (item, finding) in &mut items {
            if finding.is_none() {
                *finding = found.remove(&item.seq);
            }
        }
        let (seqs, rows_findings): (Vec<u32>, Vec<(BulkRow, Finding)>) = items
            .into_iter()
            .map(|(item, f)| {
                (
                    item.seq,
                    (
                        item.row,
                        f.unwrap_or(Finding::NotChecked {
                            text: "not checked".into(),
                            tracking: None,
                        }),
                    ),
                )
            })
            .unzip();
        let (rows, findings): (Vec<BulkRow>, Vec<Finding>) = rows_findings.into_iter().unzip();
        let planned =
            self.sort_into_procedures(rows, findings, &enterprises, import_options.email_trust)?;
        let planned: Vec<(u32, NewItem)> = seqs.into_iter().zip(planned).collect();
        self.save_plan_items(job, &planned)?;
        self.job_plan(job)
    }

    fn sort_into_procedures(
        &self,
        rows: Vec<BulkRow>,
        findings: Vec<Finding>,
        enterprises: &BTreeMap<String, EnterpriseInfo>,
        trust: EmailTrust,
    ) -> Result<Vec<NewItem>, EngineError> {
        let blocked_enterprises: std::collections::HashSet<&str> = rows
            .iter()
            .zip(&findings)
            .filter(|(r, f)| {
                matches!(f, Finding::CustomerOrg { .. })
                    && !enterprises
                        .get(&r.sp_enterprise_id)
                        .is_some_and(|e| e.has_org)
            })
            .map(|(r, _)| r.sp_enterprise_id.as_str())
            .collect();
        let blocked_enterprises: std::collections::HashSet<String> = blocked_enterprises
            .into_iter()
            .map(str::to_string)
            .collect();
        let move_user = self.wizard("move-user")?;
        let trust_answer = match trust {
            EmailTrust::Trusted => "trusted",
            EmailTrust::Untrusted => "untrusted",
        };
        let outcome_of = |user_org: &str, org_exists: bool| -> Result<String, EngineError> {
            let mut answers = decide::Answers::new();
            answers.insert("user_org".into(), user_org.into());
            answers.insert(
                "w4bw_org_exists".into(),
                if org_exists { "yes" } else { "no" }.into(),
            );
            answers.insert("method".into(), "admin".into());
            answers.insert("email_trust".into(), trust_answer.into());
            let decision = decide::evaluate(move_user, &answers)?;
            Ok(decision
                .outcome
                .unwrap_or_else(|| "attach-existing-org".into()))
        };

        let mut first_chosen: HashMap<String, ()> = HashMap::new();
        let mut items = Vec::with_capacity(rows.len());
        for (row, finding) in rows.into_iter().zip(findings) {
            let ent = enterprises.get(&row.sp_enterprise_id);
            let has_org = ent.is_some_and(|e| e.has_org);
            let enterprise_blocked = blocked_enterprises.contains(&row.sp_enterprise_id);
            let mut item = NewItem {
                procedure: PROVISION_NEW_USER.into(),
                blocker: None,
                first_in_enterprise: false,
                status: ItemStatus::Pending,
                error: None,
                row,
            };
            match finding {
                Finding::AlreadyProvisioned => {
                    item.procedure = ALREADY_PROVISIONED.into();
                    item.status = ItemStatus::Skipped;
                    item.blocker = Some(BLOCKER_ALREADY_PROVISIONED.into());
                }
                Finding::Refused {
                    code,
                    text,
                    tracking,
                } => {
                    item.procedure = PRECHECK_REFUSED.into();
                    item.status = ItemStatus::Failed;
                    item.error = Some((code, text, tracking));
                }
                Finding::SignedOut(_) => {
                    item.procedure = NOT_CHECKED.into();
                    item.status = ItemStatus::Skipped;
                    item.blocker = Some("precheck_failed".into());
                }
                Finding::NotChecked { text, tracking } => {
                    item.procedure = NOT_CHECKED.into();
                    item.status = ItemStatus::Skipped;
                    item.blocker = Some("precheck_failed".into());
                    item.error = Some(("precheck_unavailable".into(), text, tracking));
                }
                Finding::CustomerOrg { approval } => {
                    item.procedure = outcome_of("customer", has_org)?;
                    item.status = ItemStatus::Skipped;
                    item.blocker = Some(if approval {
                        "customer_approval".into()
                    } else {
                        "attach_org".into()
                    });
                }
                Finding::NewUser | Finding::Consumer => {
                    let first = !has_org
                        && !enterprise_blocked
                        && !first_chosen.contains_key(&item.row.sp_enterprise_id);
                    if first {
                        first_chosen.insert(item.row.sp_enterprise_id.clone(), ());
                        item.first_in_enterprise = true;
                    }
                    if matches!(finding, Finding::Consumer) {
                        item.procedure = outcome_of("consumer", has_org || !first)?;
                    }
                    if enterprise_blocked {
                        item.status = ItemStatus::Skipped;
                        item.blocker = Some("waits_for_attach".into());
                    } else if item.row.provisioning_id.is_none() {
                        item.status = ItemStatus::Skipped;
                        item.blocker = Some("no_provisioning_id".into());
                    }
                }
            }
            items.push(item);
        }
        Ok(items)
    }

    /// The plan of a journalled job, rebuilt from its items (so the app can re-attach).
    pub fn job_plan(&self, job: &str) -> Result<JobPlan, EngineError> {
        let summary = self.job_summary(job)?;
        let items = self.job_items(job)?;
        let problems = self.job_problems(job)?;
        Ok(crate::bulk::plan_view::build_plan(
            self, summary, &items, problems,
        ))
    }
}
