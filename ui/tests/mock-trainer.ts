// The trainer part of the fake backend ("End user's screen"). Rules: Sam
// (sam.free@mail.example) has a consent email; clicking it, logging in and deleting
// the old account each answer with what Sam sees; resets are counted in `resets`.
import { refusal } from "../src/lib/forms.svelte";
import type {
  Backend,
  Mailbox,
  ScenarioInfo,
  SubscriberView,
  TrainerEmail,
  TrainerOutcome,
} from "../src/lib/api";

type TrainerPart = Pick<
  Backend,
  | "followSubscriber"
  | "trainerScenarios"
  | "trainerMailbox"
  | "trainerEnterEmail"
  | "trainerClickEmail"
  | "trainerLogIn"
  | "trainerDeleteOldAccount"
  | "trainerSelfActivate"
  | "trainerApprovePartner"
  | "trainerLetTimePass"
  | "trainerReset"
>;

const scenario: ScenarioInfo = {
  name: "demo",
  description:
    "Demo Telecom, a Webex for BroadWorks partner, and its customers: one for every outcome of every wizard.",
  customerOrgs: [
    { id: "sim-org-harbor", name: "Harbor Dental" },
    { id: "sim-org-globex", name: "Globex" },
  ],
};

const missing = (what: string) =>
  refusal("trainer_field_missing", `Enter ${what}.`, "Fill it in, then try again.");

const consent = (): TrainerEmail => ({
  id: "sim-email-00001",
  kind: "consentMove",
  subject: "Your Webex account is moving to your service provider",
  button: "Activate Account",
  subscriberId: "sub-sam",
  sent: "2026-11-23T09:00:00.000Z",
  body: "Your Webex account is moving to the Webex your phone company gives you. Click Activate Account to agree, then sign in to your old account and delete it.",
});

export function createTrainerMock() {
  let emails: Record<string, TrainerEmail[]> = { "sam.free@mail.example": [consent()] };
  const state = { resets: 0, actions: [] as string[] };
  const outcome = (actor: string, sees: string, happened: string): TrainerOutcome => {
    state.actions.push(happened);
    return { actor, sees, happened, subscriber: null };
  };
  const part: TrainerPart = {
    followSubscriber: async (_ctx, spEnterpriseId, userId): Promise<SubscriberView> => {
      throw refusal(
        "subscriber_not_found",
        `Webex has no user ${userId} in ${spEnterpriseId}.`,
        "Check the enterprise and the BroadWorks user id.",
      );
    },
    trainerScenarios: async () => [scenario],
    trainerMailbox: async (to): Promise<Mailbox> => {
      if (!to.trim()) throw missing("the user's email address");
      const list = emails[to.trim().toLowerCase()] ?? [];
      return {
        to,
        emails: list,
        happened: `The user opened the mailbox of ${to}: ${list.length === 1 ? "one email" : `${list.length} emails`} from Webex.`,
      };
    },
    trainerEnterEmail: async (_ent, userId, email) => {
      if (!userId.trim()) throw missing("the user's BroadWorks user id");
      return outcome(
        "end_user",
        `The activation page says: check your inbox — Webex sent an email to ${email}.`,
        `The user entered the email ${email}; Webex now waits for them to click Join Now.`,
      );
    },
    trainerClickEmail: async () =>
      outcome(
        "end_user",
        "The Webex Consumer portal, the website for personal Webex accounts, opens and asks them to sign in to their old Webex account.",
        "Sam clicked Activate Account and agreed to the move; Webex now waits for them to sign in to the old account and delete it.",
      ),
    trainerLogIn: async (email) => {
      if (!email.trim()) throw missing("the email of the old Webex account");
      return outcome(
        "end_user",
        `They are signed in to the old Webex account ${email}.`,
        `The user signed in to the Consumer portal as ${email}; next they delete the old account.`,
      );
    },
    trainerDeleteOldAccount: async (email) =>
      outcome(
        "end_user",
        "The page says the old Webex account is deleted.",
        `The old account ${email} was deleted; Webex is now setting up Sam's new account with the same email.`,
      ),
    trainerSelfActivate: async (_ent, userId, email) => {
      if (!userId.trim()) throw missing("the user's BroadWorks user id");
      return outcome(
        "end_user",
        `The activation portal says: check your inbox — Webex sent an email to ${email}.`,
        `The user signed in to the activation portal and entered ${email}; Webex now waits for them to click Join Now.`,
      );
    },
    trainerApprovePartner: async (orgId, email) =>
      outcome(
        "customer_admin",
        `In Control Hub, under Users, ${email} now shows as an external administrator with Full Administrator rights.`,
        `${scenario.customerOrgs.find((o) => o.id === orgId)?.name ?? orgId}'s administrator added ${email} as an external Full Administrator; the partner can now act in their organization.`,
      ),
    trainerLetTimePass: async () =>
      outcome(
        "clock",
        "Nothing changes on anyone's screen: time passes for Webex.",
        "A minute passed; Webex finished the work that was due.",
      ),
    trainerReset: async (name) => {
      state.resets += 1;
      emails = { "sam.free@mail.example": [consent()] };
      return outcome(
        "trainer",
        "Everyone is back at the start: mailboxes are empty and old Webex accounts are back.",
        `The demo tenant was reset to the '${name}' scenario; users added in this demo are gone.`,
      );
    },
  };
  return { part, state };
}
