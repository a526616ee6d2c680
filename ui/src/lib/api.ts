// Every call from the UI to the Rust backend goes through this module. Page tests
// replace the backend with `useBackend(mock)`; the real one calls Tauri commands.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  About,
  BoardEntry,
  BoardJobView,
  BoardReportFormat,
  BoardSummary,
  BoardView,
  ChaseKind,
  BulkPlanRequest,
  ChosenPath,
  JobPlan,
  JobProgress,
  JobReport,
  JobStatus,
  JobSummary,
  AuditFilter,
  LookupResult,
  AuditRecord,
  ActionContext,
  CheckResult,
  DetachTargets,
  EnterpriseChoice,
  FieldProblem,
  PrecheckView,
  ProvisionForm,
  RemovalKind,
  RemovalReport,
  SubscriberView,
  Mailbox,
  ScenarioInfo,
  TrainerOutcome,
  ApiError,
  ConnectionStatus,
  MessengerImport,
  NoticesWritten,
  SessionSummary,
  SessionView,
  SignInStarted,
  StartPage,
  WebexSignInSettings,
} from "./bindings";

export type {
  About,
  StepEvidence,
  ChaseKind,
  BoardView,
  BoardSummary,
  BoardReportFormat,
  BoardJobView,
  BoardEntry,
  BulkPlanRequest,
  BulkRowProblem,
  ChosenPath,
  EmailTrust,
  JobPlan,
  JobProgress,
  JobReport,
  JobStatus,
  JobSummary,
  ReportRow,
  Notice,
  SignInMethod,
  SignInStarted,
  WebexSignInSettings,
  LookupResult,
  AuditFilter,
  AuditRecord,
  ActionContext,
  CheckResult,
  DetachTargets,
  EnterpriseChoice,
  Explained,
  FieldProblem,
  PrecheckView,
  ProvisionForm,
  RemovalKind,
  RemovalReport,
  StatusExplained,
  SubscriberView,
  Mailbox,
  ScenarioInfo,
  TrainerEmail,
  TrainerOrg,
  TrainerOutcome,
  ApiError,
  ConnectionStatus,
  SessionSummary,
  SessionView,
  StartPage,
  WizardSummary,
  Input,
  Step,
  StepProgress,
  Wizard,
  Decision,
  MessengerImport,
  MessengerUser,
  NoticesWritten,
  RowProblem,
} from "./bindings";

/** What a file is chosen for: it sets the dialog's title and the files it offers. */
export type FilePurpose = "bulk_users" | "messenger_users";

export interface Backend {
  startPage(): Promise<StartPage>;
  /**
   * Tells the backend a page is ready ("start": the start page shows its choices). Only
   * `cargo xtask bench` listens; it may answer with a wizard to walk (bench only).
   */
  uiReady(
    page: "start" | "result" | "bulk-wait" | "bulk-done" | "bulk-failed",
  ): Promise<string | null>;
  /** The About page: version and build (as `wxm --version` says them), the Webex API. */
  about(): Promise<About>;
  /** The third-party licences shipped with the installers; null in a build from source. */
  thirdPartyLicences(): Promise<string | null>;
  connectionStatus(): Promise<ConnectionStatus>;
  connectDemo(): Promise<ConnectionStatus>;
  /** At start: the live sign-in of last time if its tokens are still kept, else demo. */
  resumeSignIn(): Promise<ConnectionStatus>;
  /** The stored client id and redirect URI, and whether a client secret is kept. */
  signInSettings(): Promise<WebexSignInSettings>;
  signInWithToken(token: string): Promise<ConnectionStatus>;
  /** Opens Webex's sign-in in the system browser; then await `finishWebexSignIn`. */
  startWebexSignIn(
    clientId: string | null,
    clientSecret: string | null,
    redirectUri: string | null,
  ): Promise<SignInStarted>;
  finishWebexSignIn(): Promise<ConnectionStatus>;
  cancelSignIn(): Promise<void>;
  signOut(): Promise<ConnectionStatus>;
  recentSessions(): Promise<SessionSummary[]>;
  startSession(wizard: string): Promise<SessionView>;
  getSession(id: string): Promise<SessionView>;
  /** `source` marks an answer found in the tenant ("Found in your Webex: …"). */
  answerQuestion(id: string, input: string, value: string, source?: string): Promise<SessionView>;
  /** Looks the answer to a question up in the tenant. */
  lookupAnswer(id: string, input: string, target: string): Promise<LookupResult>;
  setStep(id: string, step: string, done: boolean, note: string): Promise<SessionView>;
  deleteSession(id: string): Promise<void>;
  /** Saves the plan as an HTML file in a chosen folder (null: Downloads); resolves to its path. */
  exportPlan(id: string, outDir: string | null): Promise<string>;
  /**
   * Opens the system's file dialog; null when the person closes it. The page gets the
   * file's id (what the commands that read it take) and name, never its path.
   */
  chooseFile(purpose: FilePurpose): Promise<ChosenPath | null>;
  /** Opens the system's folder dialog; null when the person closes it. */
  chooseFolder(): Promise<ChosenPath | null>;
  /** Reads and checks a chosen Messenger inactive-users file: valid users and refused rows. */
  messengerImport(file: string): Promise<MessengerImport>;
  /** Writes a notice per chosen user into a chosen folder (null: the Downloads folder). */
  messengerNotices(
    file: string,
    selected: string[],
    downloadUrl: string,
    sender: string,
    outDir: string | null,
    replace: boolean,
  ): Promise<NoticesWritten>;
  // The procedures' actions through the Webex API (errors come as ApiError, with details).
  tenantEnterprises(ctx: ActionContext): Promise<EnterpriseChoice[]>;
  checkProvisionForm(form: ProvisionForm): Promise<FieldProblem[]>;
  precheckUser(ctx: ActionContext, form: ProvisionForm): Promise<PrecheckView>;
  provisionSubscriber(ctx: ActionContext, form: ProvisionForm): Promise<SubscriberView>;
  subscriberStatus(ctx: ActionContext, id: string): Promise<SubscriberView>;
  resendConsentEmail(ctx: ActionContext, id: string): Promise<void>;
  detachTargets(ctx: ActionContext, enterprise: string): Promise<DetachTargets>;
  removeItems(ctx: ActionContext, kind: RemovalKind, ids: string[]): Promise<RemovalReport>;
  verifyFullAdmin(ctx: ActionContext, org: string): Promise<CheckResult>;
  verifyOrgAttached(ctx: ActionContext, enterprise: string): Promise<CheckResult>;
  sessionSubscribers(id: string): Promise<string[]>;
  /** Removes a failed subscriber and provisions it again with the same details. */
  reprovisionSubscriber(ctx: ActionContext, id: string): Promise<SubscriberView>;
  /** Finds a subscriber by enterprise and user id and follows it in the session. */
  followSubscriber(
    ctx: ActionContext,
    spEnterpriseId: string,
    userId: string,
  ): Promise<SubscriberView>;
  // The trainer's "End user's screen" (demo tenant only).
  trainerScenarios(): Promise<ScenarioInfo[]>;
  trainerMailbox(to: string): Promise<Mailbox>;
  trainerEnterEmail(spEnterpriseId: string, userId: string, email: string): Promise<TrainerOutcome>;
  /** The user clicks the button of an email (`kind`: consentMove or joinNow). */
  trainerClickEmail(subscriberId: string, kind: string): Promise<TrainerOutcome>;
  trainerLogIn(email: string): Promise<TrainerOutcome>;
  trainerDeleteOldAccount(email: string): Promise<TrainerOutcome>;
  trainerSelfActivate(
    spEnterpriseId: string,
    userId: string,
    email: string,
  ): Promise<TrainerOutcome>;
  trainerApprovePartner(orgId: string, email: string): Promise<TrainerOutcome>;
  trainerLetTimePass(seconds: number): Promise<TrainerOutcome>;
  trainerReset(scenario: string): Promise<TrainerOutcome>;
  /** The audit log of API calls, filtered: the newest `newest` lines (all when not
   * given), oldest first. */
  auditLog(filter: AuditFilter, newest?: number): Promise<AuditRecord[]>;
  // Bulk moves from a CSV file.
  /** Reads the chosen file and prechecks every user; nothing is provisioned. */
  bulkPlan(file: string, request: BulkPlanRequest): Promise<JobPlan>;
  /** Runs or resumes a job; `onProgress` is called a few times a second. */
  bulkRun(jobId: string, onProgress: (p: JobProgress) => void): Promise<JobSummary>;
  bulkProgress(jobId: string): Promise<JobProgress>;
  bulkJobPlan(jobId: string): Promise<JobPlan>;
  bulkJobs(): Promise<JobSummary[]>;
  bulkPause(jobId: string): Promise<JobStatus>;
  bulkCancel(jobId: string): Promise<JobStatus>;
  bulkRetryFailed(jobId: string): Promise<number>;
  /** Saves the HTML report in a chosen folder (null: Downloads); resolves to its path. */
  bulkReport(jobId: string, outDir: string | null): Promise<string>;
  /** The report of a job, to show who is waiting and for what. */
  bulkJobReport(jobId: string): Promise<JobReport>;
  /** Opens a file or folder this app saved, with the system's program for it. */
  openSaved(path: string): Promise<void>;
  /** Shows a file this app saved in the system's file manager. */
  showSavedInFolder(path: string): Promise<void>;

  // The customers' migration boards (one a BroadWorks enterprise).
  /** The boards there are: enterprises read before and those a bulk job sent users to. */
  boardList(): Promise<BoardSummary[]>;
  /** A board as last read; nothing is asked of Webex. */
  boardView(enterprise: string): Promise<BoardView>;
  /** Reads what changed in Webex since the last look (`full`: every user again). */
  boardRefresh(enterprise: string, full: boolean): Promise<BoardView>;
  /** The users waiting for consent at least `days` days and not chased within a day. */
  boardChaseCandidates(enterprise: string, days: number): Promise<BoardEntry[]>;
  /** The users in error whose error a new try can get past. */
  boardRetryCandidates(enterprise: string): Promise<BoardEntry[]>;
  /** Chases or retries the users the person confirmed (those that still qualify). */
  boardStartJob(
    enterprise: string,
    kind: ChaseKind,
    subscriberIds: string[],
  ): Promise<BoardJobView>;
  /** Carries on with a chase or retry job left unfinished. */
  boardResumeJob(job: string): Promise<BoardJobView>;
  /** Saves the customer's report in the chosen folder (`null`: Downloads); its path. */
  boardExportReport(
    enterprise: string,
    format: BoardReportFormat,
    outDir: string | null,
  ): Promise<string>;
}

/** True when a value has the `{code, message, hint}` shape the backend sends. */
export function isApiError(value: unknown): value is ApiError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ApiError).code === "string" &&
    typeof (value as ApiError).message === "string"
  );
}

/** Any failure as an ApiError, so pages can always show message and hint. */
export function asApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  return {
    code: "ipc_failed",
    message: String(e),
    hint: "Restart the app. If it keeps happening, report it with the log file.",
  };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw asApiError(e);
  }
}

const tauriBackend: Backend = {
  startPage: () => call("start_page"),
  uiReady: (page) => call("ui_ready", { page }),
  about: () => call("about"),
  thirdPartyLicences: () => call("third_party_licences"),
  connectionStatus: () => call("connection_status"),
  connectDemo: () => call("connect_demo"),
  resumeSignIn: () => call("resume_sign_in"),
  signInSettings: () => call("sign_in_settings"),
  signInWithToken: (token) => call("sign_in_with_token", { token }),
  startWebexSignIn: (clientId, clientSecret, redirectUri) =>
    call("start_webex_sign_in", { clientId, clientSecret, redirectUri }),
  finishWebexSignIn: () => call("finish_webex_sign_in"),
  cancelSignIn: () => call("cancel_sign_in"),
  signOut: () => call("sign_out"),
  recentSessions: () => call("recent_sessions"),
  startSession: (wizard) => call("start_session", { wizard }),
  getSession: (id) => call("get_session", { id }),
  answerQuestion: (id, input, value, source) =>
    call("answer_question", { id, input, value, source: source ?? null }),
  lookupAnswer: (id, input, target) => call("lookup_answer", { id, input, target }),
  setStep: (id, step, done, note) => call("set_step", { id, step, done, note }),
  deleteSession: (id) => call("delete_session", { id }),
  exportPlan: (id, outDir) => call("export_plan", { id, outDir }),
  chooseFile: (purpose) => call("choose_file", { purpose }),
  chooseFolder: () => call("choose_folder"),
  messengerImport: (file) => call("messenger_import", { file }),
  messengerNotices: (file, selected, downloadUrl, sender, outDir, replace) =>
    call("messenger_notices", { file, selected, downloadUrl, sender, outDir, replace }),
  tenantEnterprises: (ctx) => call("tenant_enterprises", { ctx }),
  checkProvisionForm: (form) => call("check_provision_form", { form }),
  precheckUser: (ctx, form) => call("precheck_user", { ctx, form }),
  provisionSubscriber: (ctx, form) => call("provision_subscriber", { ctx, form }),
  subscriberStatus: (ctx, id) => call("subscriber_status", { ctx, id }),
  resendConsentEmail: (ctx, id) => call("resend_consent_email", { ctx, id }),
  detachTargets: (ctx, enterprise) => call("detach_targets", { ctx, enterprise }),
  removeItems: (ctx, kind, ids) => call("remove_items", { ctx, kind, ids }),
  verifyFullAdmin: (ctx, org) => call("verify_full_admin", { ctx, org }),
  verifyOrgAttached: (ctx, enterprise) => call("verify_org_attached", { ctx, enterprise }),
  sessionSubscribers: (id) => call("session_subscribers", { id }),
  reprovisionSubscriber: (ctx, id) => call("reprovision_subscriber", { ctx, id }),
  followSubscriber: (ctx, spEnterpriseId, userId) =>
    call("follow_subscriber", { ctx, spEnterpriseId, userId }),
  trainerScenarios: () => call("trainer_scenarios"),
  trainerMailbox: (to) => call("trainer_mailbox", { to }),
  trainerEnterEmail: (spEnterpriseId, userId, email) =>
    call("trainer_enter_email", { spEnterpriseId, userId, email }),
  trainerClickEmail: (subscriberId, kind) => call("trainer_click_email", { subscriberId, kind }),
  trainerLogIn: (email) => call("trainer_log_in", { email }),
  trainerDeleteOldAccount: (email) => call("trainer_delete_old_account", { email }),
  trainerSelfActivate: (spEnterpriseId, userId, email) =>
    call("trainer_self_activate", { spEnterpriseId, userId, email }),
  trainerApprovePartner: (orgId, email) => call("trainer_approve_partner", { orgId, email }),
  trainerLetTimePass: (seconds) => call("trainer_let_time_pass", { seconds }),
  trainerReset: (scenario) => call("trainer_reset", { scenario }),
  auditLog: (filter, newest) => call("audit_log", { filter, newest: newest ?? null }),
  bulkPlan: (file, request) => call("bulk_plan", { file, request }),
  bulkRun: (jobId, onProgress) => {
    const channel = new Channel<JobProgress>();
    channel.onmessage = onProgress;
    return call("bulk_run", { jobId, onProgress: channel });
  },
  bulkProgress: (jobId) => call("bulk_progress", { jobId }),
  bulkJobPlan: (jobId) => call("bulk_job_plan", { jobId }),
  bulkJobs: () => call("bulk_jobs"),
  bulkPause: (jobId) => call("bulk_pause", { jobId }),
  bulkCancel: (jobId) => call("bulk_cancel", { jobId }),
  bulkRetryFailed: (jobId) => call("bulk_retry_failed", { jobId }),
  bulkReport: (jobId, outDir) => call("bulk_report", { jobId, outDir }),
  bulkJobReport: (jobId) => call("bulk_job_report", { jobId }),
  openSaved: (path) => call("open_saved", { path }),
  showSavedInFolder: (path) => call("show_saved_in_folder", { path }),
  boardList: () => call("board_list"),
  boardView: (enterprise) => call("board_view", { enterprise }),
  boardRefresh: (enterprise, full) => call("board_refresh", { enterprise, full }),
  boardChaseCandidates: (enterprise, days) => call("board_chase_candidates", { enterprise, days }),
  boardRetryCandidates: (enterprise) => call("board_retry_candidates", { enterprise }),
  boardStartJob: (enterprise, kind, subscriberIds) =>
    call("board_start_job", { enterprise, kind, subscriberIds }),
  boardResumeJob: (job) => call("board_resume_job", { job }),
  boardExportReport: (enterprise, format, outDir) =>
    call("board_export_report", { enterprise, format, outDir }),
};

let backend: Backend = tauriBackend;

/** Replaces the backend (tests only). */
export function useBackend(replacement: Backend): void {
  backend = replacement;
}

export const api: Backend = {
  startPage: () => backend.startPage(),
  uiReady: (page) => backend.uiReady(page),
  about: () => backend.about(),
  thirdPartyLicences: () => backend.thirdPartyLicences(),
  connectionStatus: () => backend.connectionStatus(),
  connectDemo: () => backend.connectDemo(),
  resumeSignIn: () => backend.resumeSignIn(),
  signInSettings: () => backend.signInSettings(),
  signInWithToken: (token) => backend.signInWithToken(token),
  startWebexSignIn: (clientId, clientSecret, redirectUri) =>
    backend.startWebexSignIn(clientId, clientSecret, redirectUri),
  finishWebexSignIn: () => backend.finishWebexSignIn(),
  cancelSignIn: () => backend.cancelSignIn(),
  signOut: () => backend.signOut(),
  recentSessions: () => backend.recentSessions(),
  startSession: (wizard) => backend.startSession(wizard),
  getSession: (id) => backend.getSession(id),
  answerQuestion: (id, input, value, source) => backend.answerQuestion(id, input, value, source),
  lookupAnswer: (id, input, target) => backend.lookupAnswer(id, input, target),
  setStep: (id, step, done, note) => backend.setStep(id, step, done, note),
  deleteSession: (id) => backend.deleteSession(id),
  exportPlan: (id, outDir) => backend.exportPlan(id, outDir),
  chooseFile: (purpose) => backend.chooseFile(purpose),
  chooseFolder: () => backend.chooseFolder(),
  messengerImport: (file) => backend.messengerImport(file),
  messengerNotices: (file, selected, downloadUrl, sender, outDir, replace) =>
    backend.messengerNotices(file, selected, downloadUrl, sender, outDir, replace),
  tenantEnterprises: (ctx) => backend.tenantEnterprises(ctx),
  checkProvisionForm: (form) => backend.checkProvisionForm(form),
  precheckUser: (ctx, form) => backend.precheckUser(ctx, form),
  provisionSubscriber: (ctx, form) => backend.provisionSubscriber(ctx, form),
  subscriberStatus: (ctx, id) => backend.subscriberStatus(ctx, id),
  resendConsentEmail: (ctx, id) => backend.resendConsentEmail(ctx, id),
  detachTargets: (ctx, enterprise) => backend.detachTargets(ctx, enterprise),
  removeItems: (ctx, kind, ids) => backend.removeItems(ctx, kind, ids),
  verifyFullAdmin: (ctx, org) => backend.verifyFullAdmin(ctx, org),
  verifyOrgAttached: (ctx, enterprise) => backend.verifyOrgAttached(ctx, enterprise),
  sessionSubscribers: (id) => backend.sessionSubscribers(id),
  reprovisionSubscriber: (ctx, id) => backend.reprovisionSubscriber(ctx, id),
  followSubscriber: (ctx, spEnterpriseId, userId) =>
    backend.followSubscriber(ctx, spEnterpriseId, userId),
  trainerScenarios: () => backend.trainerScenarios(),
  trainerMailbox: (to) => backend.trainerMailbox(to),
  trainerEnterEmail: (spEnterpriseId, userId, email) =>
    backend.trainerEnterEmail(spEnterpriseId, userId, email),
  trainerClickEmail: (subscriberId, kind) => backend.trainerClickEmail(subscriberId, kind),
  trainerLogIn: (email) => backend.trainerLogIn(email),
  trainerDeleteOldAccount: (email) => backend.trainerDeleteOldAccount(email),
  trainerSelfActivate: (spEnterpriseId, userId, email) =>
    backend.trainerSelfActivate(spEnterpriseId, userId, email),
  trainerApprovePartner: (orgId, email) => backend.trainerApprovePartner(orgId, email),
  trainerLetTimePass: (seconds) => backend.trainerLetTimePass(seconds),
  trainerReset: (scenario) => backend.trainerReset(scenario),
  auditLog: (filter, newest) => backend.auditLog(filter, newest),
  bulkPlan: (file, request) => backend.bulkPlan(file, request),
  bulkRun: (jobId, onProgress) => backend.bulkRun(jobId, onProgress),
  bulkProgress: (jobId) => backend.bulkProgress(jobId),
  bulkJobPlan: (jobId) => backend.bulkJobPlan(jobId),
  bulkJobs: () => backend.bulkJobs(),
  bulkPause: (jobId) => backend.bulkPause(jobId),
  bulkCancel: (jobId) => backend.bulkCancel(jobId),
  bulkRetryFailed: (jobId) => backend.bulkRetryFailed(jobId),
  bulkReport: (jobId, outDir) => backend.bulkReport(jobId, outDir),
  bulkJobReport: (jobId) => backend.bulkJobReport(jobId),
  openSaved: (path) => backend.openSaved(path),
  showSavedInFolder: (path) => backend.showSavedInFolder(path),
  boardList: () => backend.boardList(),
  boardView: (enterprise) => backend.boardView(enterprise),
  boardRefresh: (enterprise, full) => backend.boardRefresh(enterprise, full),
  boardChaseCandidates: (enterprise, days) => backend.boardChaseCandidates(enterprise, days),
  boardRetryCandidates: (enterprise) => backend.boardRetryCandidates(enterprise),
  boardStartJob: (enterprise, kind, ids) => backend.boardStartJob(enterprise, kind, ids),
  boardResumeJob: (job) => backend.boardResumeJob(job),
  boardExportReport: (enterprise, format, outDir) =>
    backend.boardExportReport(enterprise, format, outDir),
};
