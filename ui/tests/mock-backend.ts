// The one place the backend is mocked: UI-only tests replace `api.ts`'s backend.
import type { Backend, ConnectionStatus, StartPage } from "../src/lib/api";

export const startPage: StartPage = {
  question: "What do you want to do?",
  help: "Choose the task. We ask a few questions, then show the steps.",
  choices: [
    {
      id: "move-user",
      title: "Move a user who already has Webex",
      description: "For someone who already has a Webex account.",
      label: "Move a user who already has Webex",
      hint: "For example, someone with a free Webex account.",
    },
    {
      id: "grant-full-admin",
      title: "Give your partner Full Admin access",
      description: "For a customer administrator whose partner asked for access.",
      label: "Give my partner Full Admin access",
    },
  ],
};

export const demo: ConnectionStatus = {
  mode: "demo",
  displayName: "Alex Partner",
  email: "alex.partner@demo-telecom.example",
  orgId: "sim-org-partner",
};

export const mockBackend: Backend = {
  startPage: async () => startPage,
  connectionStatus: async () => demo,
  connectDemo: async () => demo,
};
