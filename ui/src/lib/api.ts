// Every call from the UI to the Rust backend goes through this module. Page tests
// replace the backend with `useBackend(mock)`; the real one calls Tauri commands.
import { invoke } from "@tauri-apps/api/core";
import type { ApiError, ConnectionStatus, StartPage } from "./bindings";

export type { ApiError, ConnectionStatus, StartPage, WizardSummary } from "./bindings";

export interface Backend {
  startPage(): Promise<StartPage>;
  connectionStatus(): Promise<ConnectionStatus>;
  connectDemo(): Promise<ConnectionStatus>;
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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isApiError(e)) throw e;
    const error: ApiError = {
      code: "ipc_failed",
      message: String(e),
      hint: "Restart the app. If it keeps happening, report it with the log file.",
    };
    throw error;
  }
}

const tauriBackend: Backend = {
  startPage: () => call("start_page"),
  connectionStatus: () => call("connection_status"),
  connectDemo: () => call("connect_demo"),
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
};
