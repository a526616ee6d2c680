// Generated from the Rust types by crates/engine/src/bindings.rs. Do not edit.

export type ApiError = { code: ErrorCode, message: string, hint: string, 
/**
 * What support needs (Webex's description, error codes, tracking id), when known.
 */
details?: string, };

export type About = { 
/**
 * "0.1.0".
 */
version: string, 
/**
 * The git commit and its date ("1a2b3c4d5e6f, 2026-12-02"); empty when the program
 * was built outside a git checkout.
 */
build: string, 
/**
 * The Webex API base URL used when signed in to Webex.
 */
webexApi: string, 
/**
 * The app's own licence.
 */
licence: string, 
/**
 * Whether the third-party licences file came with this copy (installers have it;
 * a build from source does not).
 */
thirdPartyLicences: boolean, };

export type ErrorCode = "already_provisioned" | "already_sent_here" | "bad_answer" | "bad_base_url" | "bad_download_url" | "bad_redirect_uri" | "bad_sender" | "bad_sign_in_settings" | "bulk_file_invalid" | "bulk_file_unreadable" | "client_id_needed" | "client_secret_needed" | "conflict" | "corrupt_session" | "customer_approval_needed" | "data_dir_unknown" | "data_dir_unusable" | "database_too_new" | "demo_unavailable" | "export_failed" | "faults_invalid" | "field_too_long" | "file_not_chosen" | "file_not_saved" | "input_unreadable" | "invalid_form" | "ipc_failed" | "job_busy" | "job_finished" | "job_not_planned" | "job_paused" | "job_users_failed" | "keychain_unavailable" | "messenger_file_unreadable" | "missing_field" | "no_enterprise" | "no_ids" | "no_lookup" | "no_notices_to_write" | "no_sign_in_under_way" | "no_unfinished_job" | "not_allowed" | "not_confirmed" | "not_demo" | "not_found" | "not_signed_in" | "open_failed" | "provisioning_failed" | "notices_exist" | "rate_limited" | "redirect_port_busy" | "rejected" | "rows_refused" | "runtime_unavailable" | "scenario_invalid" | "scenario_unreadable" | "seeds_unreadable" | "sign_in_again" | "sign_in_cancelled" | "sign_in_declined" | "sign_in_expired" | "sign_in_refused" | "sign_in_timed_out" | "sim_unavailable" | "store_unavailable" | "subscriber_not_found" | "tables_invalid" | "tables_unreadable" | "token_empty" | "trainer_field_missing" | "trainer_no_such_user" | "trainer_refused" | "trainer_unknown_email" | "unknown_answer" | "unknown_input" | "unknown_job" | "unknown_messenger_user" | "unknown_scenario" | "unknown_session" | "unknown_step" | "unknown_wizard" | "webex_error" | "webex_unavailable" | "webex_unreachable" | "webex_unreadable";

export type ConnectionMode = "signed_out" | "demo" | "live";

export type ConnectionStatus = { mode: ConnectionMode, displayName: string | null, email: string | null, orgId: string | null, 
/**
 * The org's name, when Webex shows it to this person.
 */
orgName: string | null, 
/**
 * True for the simulated demo tenant (marked as such on every page).
 */
demo: boolean, 
/**
 * How the person signed in.
 */
method: SignInMethod | null, 
/**
 * When the sign-in ends unless renewed (RFC 3339); none for the demo tenant.
 */
expiresAt: string | null, 
/**
 * Set when no keychain is reachable and secrets stay in memory for this run.
 */
keychain: Notice | null, };

export type SignInMethod = "demo" | "webex" | "personal_token";

export type Notice = { code: string, message: string, };

export type ScopeInfo = { scope: string, why: string, };

export type WebexSignInSettings = { clientId: string | null, redirectUri: string, hasClientSecret: boolean, scopes: Array<ScopeInfo>, keychain: Notice | null, };

export type SignInStarted = { authorizeUrl: string, redirectUri: string, 
/**
 * False when no browser could be opened: the person opens `authorize_url` by hand.
 */
browserOpened: boolean, };

export type ChosenPath = { 
/**
 * What the window hands back to the command that reads or writes it.
 */
id: string, 
/**
 * The file or folder's name, to show.
 */
name: string, };

export type StartPage = { question: string, help: string, choices: Array<WizardSummary>, };

export type WizardSummary = { id: string, title: string, description: string, 
/**
 * The start page's wording of this choice.
 */
label: string, hint?: string, };

export type SessionView = { id: string, wizard: Wizard, decision: Decision, progress: Array<StepProgress>, 
/**
 * Who does each step, worded for this wizard's reader, by actor id.
 */
actors: { [key in string]: string }, 
/**
 * Answers found in the tenant: input id → where ("Found in your Webex: …").
 */
answerSources: { [key in string]: string }, createdAt: string, updatedAt: string, };

export type SessionSummary = { id: string, wizardId: string, wizardTitle: string, outcomeTitle: string | null, stepsDone: number, stepsTotal: number, updatedAt: string, };

export type StepProgress = { stepId: string, done: boolean, note: string, 
/**
 * When it last changed (RFC 3339).
 */
updatedAt: string, 
/**
 * True when the person ticked or unticked the step by hand (this wins over
 * evidence seen before the mark).
 */
manual: boolean, 
/**
 * What shows the step done, when something does.
 */
evidence: StepEvidence | null, };

export type StepEvidence = { 
/**
 * In words: "Webex reports Ada Lovelace set up in Webex for BroadWorks".
 */
why: string, 
/**
 * When it happened (Webex's time where Webex said it), RFC 3339.
 */
at: string, 
/**
 * When this app saw it (RFC 3339).
 */
seenAt: string, };

export type Origin = { 
/**
 * `session` (a wizard's action) or `job` (a bulk job).
 */
kind: string, id: string, 
/**
 * The wizard's id or the bulk job's file name.
 */
label: string, };

export type BoardEntry = { subscriberId: string, userId: string, name: string, email: string | null, 
/**
 * The wire status, e.g. `pending_user_migration`.
 */
status: string, 
/**
 * The status in words: "waiting for the user to agree to the move".
 */
statusWords: string, 
/**
 * When Webex says the status last changed (RFC 3339).
 */
since: string | null, 
/**
 * How long in this status, in days on Webex's clock.
 */
daysInStatus: number | null, 
/**
 * Who must act next (an actor id: `partner_admin`, `end_user`, `customer_admin`,
 * `webex`); none when done.
 */
waitingOn: string | null, 
/**
 * What happens next and what to do, in words.
 */
nextStep: string, 
/**
 * The error and its next step, for users in `error`.
 */
problem: Explained | null, 
/**
 * The session or bulk job of this app that started the user, if one did.
 */
startedBy: Origin | null, 
/**
 * When the consent email was last sent again by this app (RFC 3339).
 */
lastChased: string | null, 
/**
 * Waiting for consent and not sent the email again within a day.
 */
canChase: boolean, 
/**
 * In error with an error that a new try can get past.
 */
canRetry: boolean, };

export type StateCount = { status: string, words: string, count: number, };

export type ActorCount = { actor: string, 
/**
 * Worded for the partner: "You", "The user", "The customer's administrator".
 */
label: string, count: number, };

export type RefreshView = { 
/**
 * Our clock (RFC 3339).
 */
at: string, 
/**
 * Webex's clock then (RFC 3339): the ages are counted from it.
 */
webexNow: string, 
/**
 * Requests the last refresh took.
 */
requests: number, 
/**
 * False when it asked only for what changed since the one before.
 */
full: boolean, };

export type BoardView = { spEnterpriseId: string, 
/**
 * None: never read from Webex yet.
 */
refreshed: RefreshView | null, total: number, 
/**
 * Users this app started (sessions and bulk jobs).
 */
startedHere: number, counts: Array<StateCount>, waitingOn: Array<ActorCount>, entries: Array<BoardEntry>, 
/**
 * Chase and retry jobs, newest first.
 */
jobs: Array<BoardJobView>, };

export type BoardSummary = { spEnterpriseId: string, total: number, done: number, waiting: number, failed: number, 
/**
 * Our clock (RFC 3339); none when never read from Webex.
 */
refreshedAt: string | null, };

export type BoardJobView = { id: string, kind: ChaseKind, 
/**
 * `running`, `paused`, `completed` or `completed_with_problems`.
 */
status: string, total: number, sent: number, failed: number, 
/**
 * Not sent: chased within the last day, or no longer waiting.
 */
skipped: number, 
/**
 * The app stopped while sending: it may have gone (not sent again that day).
 */
unsure: number, pending: number, 
/**
 * One line per user that did not simply go: who, and why.
 */
problems: Array<string>, };

export type ChaseKind = "chase-consent" | "retry-failed";

export type BoardReportFormat = "html" | "csv";

export type ActionContext = { sessionId?: string, };

export type EnterpriseChoice = { spEnterpriseId: string, orgId: string | null, provisioningId: string | null, };

export type ProvisionForm = { provisioningId: string, spEnterpriseId: string, userId: string, firstName: string, lastName: string, email: string, package: string, primaryPhoneNumber: string, extension: string, language: string, timezone: string, 
/**
 * With untrusted emails the user enters their own, so email may be empty.
 */
untrustedEmail: boolean, 
/**
 * The person chose "Provision again" for a user this session already sent.
 */
again: boolean, };

export type FieldProblem = { field: string, message: string, };

export type SubscriberView = { id: string, userId: string, spEnterpriseId: string, name: string, email: string | null, state: StatusExplained, };

export type PrecheckView = { ok: boolean, findings: Array<string>, problem: Explained | null, };

export type DetachTargets = { spEnterpriseId: string, 
/**
 * Subscribers that are set up (or failed): removed in the second step.
 */
subscribers: Array<SubscriberView>, 
/**
 * Subscribers still pending (`pending_*`): removed in the third step.
 */
pending: Array<SubscriberView>, };

export type RemovalKind = "workspace" | "subscriber";

export type RemovalReport = { removed: Array<string>, failed: Array<RemovalFailure>, };

export type RemovalFailure = { id: string, problem: Explained, };

export type CheckResult = { ok: boolean, text: string, };

export type ScenarioInfo = { name: string, description: string, 
/**
 * The customer organizations whose administrator the trainer can play.
 */
customerOrgs: Array<TrainerOrg>, };

export type TrainerOrg = { id: string, name: string, };

export type TrainerEmail = { id: string, 
/**
 * `consentMove` (button Activate Account) or `joinNow` (button Join Now).
 */
kind: string, subject: string, 
/**
 * The button in the email: "Activate Account" or "Join Now".
 */
button: string, subscriberId: string, sent: string, 
/**
 * What the email says, in plain words.
 */
body: string, };

export type Mailbox = { to: string, emails: Array<TrainerEmail>, 
/**
 * One sentence for the "what just happened" line.
 */
happened: string, };

export type TrainerOutcome = { 
/**
 * Who acted: `end_user`, `customer_admin`, `clock` or `trainer`.
 */
actor: string, 
/**
 * What that person now sees on their screen, in plain words.
 */
sees: string, 
/**
 * One sentence for the "what just happened" line.
 */
happened: string, 
/**
 * The user the action concerned, as the partner sees them now.
 */
subscriber: SubscriberView | null, };

export type Explained = { code: ErrorCode, message: string, hint: string, 
/**
 * Webex's own description, error codes and tracking id.
 */
details: string, };

export type AuditRecord = { id: number, at: string, 
/**
 * The signed-in identity that acted.
 */
who: string, sessionId: string | null, wizard: string | null, rule: string | null, 
/**
 * The session's answers, as JSON.
 */
answers: string | null, action: string, target: string | null, method: string | null, path: string | null, httpStatus: number | null, trackingId: string | null, result: string, detail: string, 
/**
 * The bulk job the call served, if any.
 */
jobId: string | null, };

export type AuditFilter = { 
/**
 * Words found anywhere in the line (action, target, wizard, result, tracking id…).
 */
text: string, 
/**
 * Only lines whose result starts with "failed".
 */
failuresOnly: boolean, 
/**
 * Only requests that changed something or checked a user (not reads, not
 * sign-ins or job lines).
 */
changesOnly: boolean, };

export type LookupResult = { 
/**
 * The answer value it suggests, when it could tell.
 */
value: string | null, 
/**
 * "Found in your Webex: …", or why it could not tell.
 */
source: string, 
/**
 * When Webex has nothing by that id: what the person can see, to choose from
 * (those that look like what was typed first). Empty when it was found.
 */
choices: Array<LookupChoice>, };

export type LookupChoice = { 
/**
 * What to look up: the enterprise's or organization's id.
 */
id: string, 
/**
 * The organization's name, when Webex gives one.
 */
name: string | null, };

export type StatusExplained = { 
/**
 * The wire status, e.g. `pending_email_input`.
 */
status: string, text: string, 
/**
 * Who must act next (an actor id of the tables), when someone must.
 */
waitingOn: string | null, 
/**
 * `provisioned`: nothing more to do.
 */
finished: boolean, 
/**
 * `error`: what went wrong and what to do.
 */
problem: Explained | null, };

export type MessengerImport = { 
/**
 * The file as given.
 */
path: string, 
/**
 * Whether its first row was a header row.
 */
hadHeader: boolean, 
/**
 * Rows with data read (not counting a header or blank lines).
 */
rowsRead: number, users: Array<MessengerUser>, problems: Array<RowProblem>, };

export type MessengerUser = { 
/**
 * The line of the file the user is on, counted from 1.
 */
row: number, 
/**
 * How to pick this user: the userSSOId, or the email when the row has none.
 */
id: string, userSsoId: string, displayName: string, firstName: string, lastName: string, email: string, };

export type RowProblem = { 
/**
 * The file's name.
 */
file: string, 
/**
 * The line of the file, counted from 1 as a person counts.
 */
row: number, 
/**
 * The column's name (from the Administration Tool's file layout).
 */
column: string, 
/**
 * The value found there (may be empty).
 */
value: string, 
/**
 * A stable code: `missing_value`, `bad_email`, `duplicate_user`,
 * `too_many_columns`, `not_utf8`, `unreadable_row`.
 */
code: string, 
/**
 * What is wrong, in plain words.
 */
problem: string, 
/**
 * What to do about it.
 */
hint: string, 
/**
 * All of it in one sentence: file, row, column, value, problem and what to do.
 */
message: string, };

export type NoticesWritten = { folder: string, notices: Array<WrittenNotice>, 
/**
 * The mail-merge CSV: one row per notice.
 */
mailMerge: string, };

export type WrittenNotice = { id: string, email: string, 
/**
 * The .eml file.
 */
path: string, };

export type BulkPlanRequest = { emailTrust: EmailTrust, 
/**
 * For rows without an enterprise; empty means none.
 */
enterprise: string, 
/**
 * For rows without a provisioning id; empty means none.
 */
provisioningId: string, };

export type BulkRow = { 
/**
 * The row as a spreadsheet counts it (the header is row 1).
 */
row: number, userId: string, spEnterpriseId: string, provisioningId: string | null, firstName: string, lastName: string, email: string | null, package: string, primaryPhoneNumber: string | null, extension: string | null, language: string | null, timezone: string | null, };

export type BulkRowProblem = { row: number, 
/**
 * The column as the file names it.
 */
column: string | null, value: string | null, problem: string, };

export type EmailTrust = "trusted" | "untrusted";

export type JobPlan = { jobId: string, file: string, status: JobStatus, emailTrust: EmailTrust, 
/**
 * Valid rows plus refused rows.
 */
rowsRead: number, 
/**
 * Rows refused by the import, each naming its row and column.
 */
problems: Array<BulkRowProblem>, groups: Array<PlanGroup>, blockers: Array<PlanBlocker>, firstUsers: Array<FirstUser>, 
/**
 * Users the run will provision (the number on the confirmation page).
 */
toProvision: number, blocked: number, };

export type PlanGroup = { 
/**
 * The procedure id, or a blocker id for blocked groups.
 */
id: string, title: string, count: number, 
/**
 * True when these users are provisioned by the run.
 */
willRun: boolean, 
/**
 * What the users will receive, in plain words.
 */
receives: string | null, 
/**
 * Who or what the users wait for once provisioned.
 */
waitsFor: string | null, 
/**
 * The wizard that explains what to do for a blocked group.
 */
wizard: string | null, 
/**
 * Up to five user ids, as examples.
 */
examples: Array<string>, };

export type PlanBlocker = { id: string, 
/**
 * E.g. "needs the customer's approval first: 3 enterprises".
 */
message: string, users: number, wizard: string | null, };

export type FirstUser = { spEnterpriseId: string, userId: string, email: string | null, };

export type JobStatus = "planning" | "planned" | "running" | "watching" | "paused" | "cancelled" | "completed" | "completed_with_problems";

export type JobSummary = { id: string, file: string, status: JobStatus, statusLabel: string, emailTrust: EmailTrust, total: number, counts: ItemCounts, createdAt: string, updatedAt: string, 
/**
 * Why the job is paused, when it says (`sign_in_expired`: sign in again, then resume;
 * `not_allowed`: Webex refused the account, sign in with one allowed, then resume).
 */
pauseReason: string | null, 
/**
 * Who runs the job right now (a live runner's lease), if anyone.
 */
runningIn: string | null, };

export type ItemCounts = { pending: number, inFlight: number, done: number, failedRetryable: number, failed: number, skipped: number, };

export type JobProgress = { jobId: string, status: JobStatus, statusLabel: string, total: number, counts: ItemCounts, webex: WebexCounts, 
/**
 * Users finished a second, over the last ten seconds.
 */
ratePerSec: number, 
/**
 * Seconds until every user is sent, at that rate.
 */
secondsLeft: number | null, 
/**
 * One sentence for a screen reader's polite live region.
 */
message: string, };

export type WebexCounts = { provisioned: number, stillProvisioning: number, 
/**
 * Waiting on the user: email to enter or to confirm, consent to give.
 */
waitingForUser: number, error: number, };

export type JobReport = { job: JobSummary, rows: Array<ReportRow>, totals: ReportTotals, problems: Array<BulkRowProblem>, };

export type ReportRow = { row: number, userId: string, spEnterpriseId: string, email: string, 
/**
 * The procedure, in words.
 */
outcome: string, 
/**
 * Where the user ended, in words.
 */
finalStatus: string, 
/**
 * What the user (or someone) still has to do; empty when nothing.
 */
stillToDo: string, 
/**
 * True when Webex waits for the user (an email to enter or confirm, a move to
 * agree to): `still_to_do` says what they must do.
 */
waitingForUser: boolean, errorCode: string, error: string, trackingId: string, };

export type ReportTotals = { users: number, provisioned: number, waitingForUser: number, stillProvisioning: number, alreadyThere: number, blocked: number, failed: number, notSent: number, rowsRefused: number, };

export type Wizard = { id: string, title: string, description: string, 
/**
 * Who reads this wizard; the UI words each step's actor from their side
 * ("You", "Your partner", …). Default: the partner's administrator.
 */
reader: Actor, inputs: Array<Input>, rules: Array<Rule>, outcomes: Array<Outcome>, };

export type Input = { id: string, role: InputRole, question: string, help: string, 
/**
 * How to find out, for people who are not sure. Never a guessed answer.
 */
unsure?: string, 
/**
 * Id of a tenant look-up that can answer this question (an id of `actions.toml`).
 */
lookup?: string, answers: Array<Answer>, };

export type InputRole = "decides" | "steps";

export type Answer = { value: string, label: string, hint?: string, 
/**
 * Words used in reasons: "Because {phrase}, …".
 */
phrase: string, };

export type Values = string | Array<string>;

export type Rule = { id: string, when: Record<string, string | string[]>, outcome: string, 
/**
 * Overrides the outcome's reason for this rule.
 */
reason?: string, };

export type Outcome = { id: string, title: string, 
/**
 * Template; `{input_id}` is replaced by the chosen answer's phrase.
 */
reason: string, steps: Array<Step>, };

export type Step = { id: string, actor: Actor, kind: StepKind, text: string, 
/**
 * Shown only when these ("steps") inputs match.
 */
when?: Record<string, string | string[]>, action?: string, check?: string, 
/**
 * Webex subscriber statuses that show this step is done (for example
 * `provisioned` for the user's own moving steps). This app's reading of the
 * procedure, used to tick steps from what Webex reports; not Cisco's rule.
 */
evidence?: Array<string>, source: Source, notes?: Array<Note>, warnings?: Array<Warning>, };

export type StepKind = "task" | "precondition" | "automatic";

export type Actor = "partner_admin" | "customer_admin" | "end_user" | "app" | "webex";

export type Note = { text: string, source?: Source, };

export type Warning = { text: string, source: Source, };

export type Source = { seed: string, section: string, quote: string, } | { reference: string, section: string, quote?: string, };

export type Decision = { wizard: string, 
/**
 * The outcome id, once every possible remaining answer leads to the same one.
 */
outcome: string | null, 
/**
 * The matched rule, once it is certain.
 */
rule: string | null, 
/**
 * Why this procedure, in plain words, naming the deciding answers.
 */
reason: string | null, 
/**
 * Inputs that still matter, in the order they should be asked.
 */
pending: Array<string>, 
/**
 * The procedure to follow, once decided: only the steps shown for these answers.
 */
procedure: Procedure | null, 
/**
 * The answers used, restricted to inputs that matter for the result.
 */
answers: { [key in string]: string }, };

export type Procedure = { title: string, steps: Array<Step>, };
