// Forms and failures, as the GOV.UK pattern has them: on Continue, a summary at the top
// ("There is a problem", focused, a link to each field) and the same words by the field;
// a failure of an action in words. Pages, action panels and the trainer share these.
import { tick } from "svelte";
import { asApiError } from "./api";
import type { ApiError, ErrorCode } from "./bindings";

/** A problem with one field: the summary links to `field`, the id of its control. */
export type FieldError = { field: string; text: string; hint?: string };

/** The id of a page's error summary (a panel gives its own). */
const ERROR_SUMMARY = "error-summary";

/**
 * A failure from the backend, put at the field it concerns: `field`, or the field that
 * `byCode` names for its error code.
 */
export function fieldError(
  e: unknown,
  field: string,
  byCode: Partial<Record<ErrorCode, string>> = {},
): FieldError {
  const a = asApiError(e);
  return { field: byCode[a.code] ?? field, text: a.message, hint: a.hint };
}

/**
 * True when the backend refused a file the app does not know (`file_not_chosen`, say
 * after a restart); the page then asks for it again with `chooseAgain`.
 */
export function notChosen(e: unknown): boolean {
  return asApiError(e).code === "file_not_chosen";
}

/** The error at a file's field when it must be chosen again, with the backend's reason. */
export function chooseAgain(e: unknown, field: string): FieldError {
  return { field, text: "Choose the file again", hint: asApiError(e).message };
}

/** Any failure of an action in the one error shape: what happened, what to do, details. */
export function explain(e: unknown): ApiError {
  const x = (typeof e === "object" && e !== null ? e : {}) as Partial<ApiError>;
  return {
    code: x.code ?? "ipc_failed",
    message: x.message ?? String(e),
    hint: x.hint ?? "Try again.",
    details: x.details ?? "",
  };
}

/** A refusal the UI makes itself, worded as the backend words its own. */
export function refusal(code: ErrorCode, message: string, hint: string): ApiError {
  return { code, message, hint, details: "" };
}

/** True when `value` (a code the backend sent as plain text) is the error code `code`. */
export function isCode(value: string | null | undefined, code: ErrorCode): boolean {
  return value === code;
}

/** A form's state on Continue: whether it is busy, and the errors of its fields. */
export class Form {
  errors = $state<FieldError[]>([]);
  busy = $state(false);
  #summary: () => string;
  #onshow: () => void;

  /**
   * `onshow`: called when errors are shown (a page prefixes its title with "Error: ");
   * `summary`: the id of the error summary that then takes focus.
   */
  constructor(onshow: () => void = () => {}, summary: () => string = () => ERROR_SUMMARY) {
    this.#onshow = onshow;
    this.#summary = summary;
  }

  /** The id of the error summary that shows these errors. */
  get summaryId(): string {
    return this.#summary();
  }

  /** The error of one field, if it has one. */
  error(field: string): FieldError | undefined {
    return this.errors.find((e) => e.field === field);
  }

  clear(): void {
    this.errors = [];
  }

  /** Shows these errors and moves focus to the summary. */
  async show(found: FieldError[]): Promise<void> {
    this.errors = found;
    this.#onshow();
    await tick();
    document.getElementById(this.summaryId)?.focus();
  }

  /** True, with `text` shown at `field`, when a field that must be filled in is empty. */
  missing(value: string, field: string, text: string): boolean {
    if (value.trim()) return false;
    void this.show([{ field, text }]);
    return true;
  }

  /** Shows a backend failure at its field (see `fieldError`). */
  failed(e: unknown, field: string, byCode?: Partial<Record<ErrorCode, string>>): Promise<void> {
    return this.show([fieldError(e, field, byCode)]);
  }

  /** Does what Continue does, busy meanwhile; a failure is shown at its field. */
  async attempt(
    field: string,
    work: () => Promise<void>,
    byCode?: Partial<Record<ErrorCode, string>>,
  ): Promise<void> {
    this.busy = true;
    try {
      await work();
    } catch (e) {
      await this.failed(e, field, byCode);
    } finally {
      this.busy = false;
    }
  }
}

/**
 * Fills a form's fields from what the app already knows, never over what the person
 * typed: a field is filled while it is empty or still holds what was filled in before
 * (or its `initial` value, for a list with a default).
 */
export class Prefill<K extends string> {
  #filled: Partial<Record<K, string>>;
  /** The fields filled in so far (what they hold was not typed by the person). */
  filled = $state<K[]>([]);

  constructor(initial: Partial<Record<K, string>> = {}) {
    this.#filled = { ...initial };
  }

  /** Puts each non-empty value of `values` into `form` where the person left it alone. */
  apply(form: Record<K, string>, values: Partial<Record<K, string>>): void {
    for (const key of Object.keys(values) as K[]) {
      const value = values[key];
      if (!value) continue;
      const now = form[key];
      if (now === value) continue;
      if (now !== "" && now !== this.#filled[key]) continue;
      form[key] = value;
      this.#filled[key] = value;
      if (!this.filled.includes(key)) this.filled.push(key);
    }
  }
}
