// Generated from the Rust types by crates/engine/src/bindings.rs. Do not edit.

export type ApiError = { code: string, message: string, hint: string, };

export type ConnectionMode = "signed_out" | "demo" | "live";

export type ConnectionStatus = { mode: ConnectionMode, displayName: string | null, email: string | null, orgId: string | null, };

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
actors: { [key in string]: string }, createdAt: string, updatedAt: string, };

export type SessionSummary = { id: string, wizardId: string, wizardTitle: string, outcomeTitle: string | null, stepsDone: number, stepsTotal: number, updatedAt: string, };

export type StepProgress = { stepId: string, done: boolean, note: string, updatedAt: string, };

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
 * Id of a tenant look-up that can answer this question (used by later features).
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
when?: Record<string, string | string[]>, action?: string, check?: string, source: Source, notes?: Array<Note>, warnings?: Array<Warning>, };

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
