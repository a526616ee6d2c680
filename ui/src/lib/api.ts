// Every call from the UI to the Rust backend goes through this module. Page tests
// replace the backend with `useBackend(mock)`; the real one calls Tauri commands.
import { invoke } from "@tauri-apps/api/core";
import type {
  ApiError,
  ConnectionStatus,
  SessionSummary,
  SessionView,
  StartPage,
} from "./bindings";

export type {
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
} from "./bindings";

export interface Backend {
  startPage(): Promise<StartPage>;
  connectionStatus(): Promise<ConnectionStatus>;
  connectDemo(): Promise<ConnectionStatus>;
  recentSessions(): Promise<SessionSummary[]>;
  startSession(wizard: string): Promise<SessionView>;
  getSession(id: string): Promise<SessionView>;
  answerQuestion(id: string, input: string, value: string): Promise<SessionView>;
  setStep(id: string, step: string, done: boolean, note: string): Promise<SessionView>;
  deleteSession(id: string): Promise<void>;
  /** Saves the plan as an HTML file; resolves to its path. */
  exportPlan(id: string): Promise<string>;
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
  connectionStatus: () => call("connection_status"),
  connectDemo: () => call("connect_demo"),
  recentSessions: () => call("recent_sessions"),
  startSession: (wizard) => call("start_session", { wizard }),
  getSession: (id) => call("get_session", { id }),
  answerQuestion: (id, input, value) => call("answer_question", { id, input, value }),
  setStep: (id, step, done, note) => call("set_step", { id, step, done, note }),
  deleteSession: (id) => call("delete_session", { id }),
  exportPlan: (id) => call("export_plan", { id }),
};

let backend: Backend = tauriBackend;

/** Replaces the backend (tests only). */
export function useBackend(replacement: Backend): void {
  backend = replacement;
}

export const api: Backend = {
  startPage: () => backend.startPage(),
  connectionStatus: () => backend.connectionStatus(),
  connectDemo: () => backend.connectDemo(),
  recentSessions: () => backend.recentSessions(),
  startSession: (wizard) => backend.startSession(wizard),
  getSession: (id) => backend.getSession(id),
  answerQuestion: (id, input, value) => backend.answerQuestion(id, input, value),
  setStep: (id, step, done, note) => backend.setStep(id, step, done, note),
  deleteSession: (id) => backend.deleteSession(id),
  exportPlan: (id) => backend.exportPlan(id),
};
