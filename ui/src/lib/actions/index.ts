// The panel of each action a step can name (its `action` or its `check`, from
// tables/actions.toml), with what sets that action apart from its siblings.
import type { Component } from "svelte";
import { api } from "../api";
import type {
  ActionContext,
  CheckResult,
  DetachTargets,
  RemovalKind,
  SessionView,
} from "../bindings";
import ProvisionPanel from "./ProvisionPanel.svelte";
import WatchPanel from "./WatchPanel.svelte";
import RemovePanel from "./RemovePanel.svelte";
import VerifyPanel from "./VerifyPanel.svelte";

/** What every panel gets: the session, an id prefix unique to the step and action, and
 * the context of its calls. */
export type ActionProps = { session: SessionView; uid: string; ctx: ActionContext };

/** What a removal removes: its words, the kind of item, and where its ids come from. */
export type Removal = {
  what: string;
  one: string;
  kind: RemovalKind;
  from: "ids" | keyof Pick<DetachTargets, "subscribers" | "pending">;
};

/** What a check asks for, and the call that checks it. A customer's administrator
 * (who knows no ids, and reads no partner's check) gets `forCustomer`: how to see it. */
export type Verification = {
  label: string;
  check: (ctx: ActionContext, target: string) => Promise<CheckResult>;
  forCustomer?: string;
};

type ActionPanel = { panel: Component<ActionProps>; props: Record<string, unknown> };

/** A panel with its own props, checked here against what the panel takes. */
function panel<P extends Record<string, unknown>>(
  component: Component<ActionProps & P>,
  props: P,
): ActionPanel {
  return { panel: component as unknown as Component<ActionProps>, props };
}

export const actionPanels: Record<string, ActionPanel | undefined> = {
  "precheck-user": panel(ProvisionPanel, { provision: false }),
  "provision-subscriber": panel(ProvisionPanel, { provision: true }),
  "watch-subscriber-status": panel(WatchPanel, { resend: false }),
  "resend-consent-email": panel(WatchPanel, { resend: true }),
  "remove-workspaces": panel(RemovePanel, {
    removal: { what: "workspaces", one: "workspace", kind: "workspace", from: "ids" },
  }),
  "remove-subscribers": panel(RemovePanel, {
    removal: { what: "subscribers", one: "subscriber", kind: "subscriber", from: "subscribers" },
  }),
  "remove-pending-subscribers": panel(RemovePanel, {
    removal: { what: "pending users", one: "pending user", kind: "subscriber", from: "pending" },
  }),
  "verify-full-admin": panel(VerifyPanel, {
    verification: {
      label: "Customer's organization id",
      check: api.verifyFullAdmin,
      // Webex help, "Approve External Administrator Request" (reference/webex-api.md 4.1).
      forCustomer:
        "In Control Hub (admin.webex.com), go to Users and filter the list by All external administrators. Your partner's administrator is in the list once you clicked OK. Then tell your partner it is done: they check it from their side.",
    },
  }),
  "verify-org-attached": panel(VerifyPanel, {
    verification: { label: "Enterprise", check: api.verifyOrgAttached },
  }),
};
