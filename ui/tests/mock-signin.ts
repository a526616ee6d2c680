// The sign-in part of the fake backend. `?keychain=none` in the harness URL plays a
// machine without a keychain; `?connect=hold` keeps the window "Connecting…" until the
// test calls `window.connectNow()`. Rules: the token "good-token" signs in; any other is
// refused; a Webex sign-in finishes when the test calls `window.completeWebexSignIn()`
// (the browser coming back), and with client id "declines" it is declined.
import { refusal } from "../src/lib/forms.svelte";
import type { Backend, ConnectionStatus, WebexSignInSettings } from "../src/lib/api";

const noKeychain =
  typeof location !== "undefined" && new URLSearchParams(location.search).get("keychain") === "none"
    ? {
        code: "keychain_unavailable",
        message:
          "No keychain is available on this computer, so your sign-in is kept only until this program closes and you will need to sign in again next time.",
      }
    : null;

const holdConnection =
  typeof location !== "undefined" && new URLSearchParams(location.search).get("connect") === "hold";

export const demo: ConnectionStatus = {
  mode: "demo",
  displayName: "Alex Partner",
  email: "alex.partner@demo-telecom.example",
  orgId: "sim-org-partner",
  orgName: "Demo Telecom (partner)",
  demo: true,
  method: "demo",
  expiresAt: null,
  keychain: noKeychain,
};

const live = (method: "webex" | "personal_token"): ConnectionStatus => ({
  mode: "live",
  displayName: "Pat Partner",
  email: "pat@partner.example",
  orgId: "org-live-1",
  orgName: "Partner Telecom",
  demo: false,
  method,
  expiresAt: "2026-11-23T21:00:00Z",
  keychain: noKeychain,
});

type SignInPart = Pick<
  Backend,
  | "connectionStatus"
  | "connectDemo"
  | "resumeSignIn"
  | "signInSettings"
  | "signInWithToken"
  | "startWebexSignIn"
  | "finishWebexSignIn"
  | "cancelSignIn"
  | "signOut"
>;

/** A fresh sign-in fake; `opened` records the addresses sent to the system browser. */
export function createSignInMock() {
  let connection: ConnectionStatus = demo;
  let clientId: string | null = null;
  let hasSecret = false;
  let pending: { clientId: string } | null = null;
  let cancel: (() => void) | null = null;
  const opened: string[] = [];
  const settings = (): WebexSignInSettings => ({
    clientId,
    redirectUri: "http://127.0.0.1:6001/callback",
    hasClientSecret: hasSecret,
    scopes: [
      { scope: "spark:people_read", why: "who is signed in" },
      {
        scope: "spark-admin:broadworks_subscribers_write",
        why: "precheck, provision, update and remove subscribers",
      },
    ],
    keychain: noKeychain,
  });
  const part: SignInPart = {
    connectionStatus: async () => connection,
    connectDemo: async () => (connection = demo),
    resumeSignIn: () =>
      holdConnection
        ? new Promise<ConnectionStatus>((resolve) => {
            (globalThis as { connectNow?: () => void }).connectNow = () => resolve(connection);
          })
        : Promise.resolve(connection),
    signInSettings: async () => settings(),
    signInWithToken: async (token) => {
      if (token.trim() === "") {
        throw refusal(
          "token_empty",
          "the personal access token is empty",
          "Paste your personal access token from developer.webex.com. It works for 12 hours.",
        );
      }
      if (token.trim() !== "good-token") {
        throw refusal(
          "sign_in_again",
          "Webex answered 401: The request requires a valid access token.",
          "Sign in again.",
        );
      }
      return (connection = live("personal_token"));
    },
    startWebexSignIn: async (id, secret) => {
      const useId = id?.trim() || clientId;
      if (!useId) {
        throw refusal(
          "client_id_needed",
          "the client id of your Webex integration is needed to sign in",
          "Give the client id of the Webex integration you registered on developer.webex.com.",
        );
      }
      if (!secret?.trim() && !hasSecret) {
        throw refusal(
          "client_secret_needed",
          "the client secret of your Webex integration is needed to sign in",
          "Give the client secret of your Webex integration. It is asked for once and kept in the keychain.",
        );
      }
      clientId = useId;
      hasSecret = true;
      pending = { clientId: useId };
      const url = `https://webexapis.com/v1/authorize?client_id=${useId}&response_type=code&code_challenge_method=S256`;
      opened.push(url);
      return { authorizeUrl: url, redirectUri: settings().redirectUri, browserOpened: true };
    },
    // Waits until the test plays the browser: `window.completeWebexSignIn()`.
    finishWebexSignIn: () =>
      new Promise<ConnectionStatus>((resolve, reject) => {
        const p = pending;
        pending = null;
        if (!p) {
          reject(refusal("no_sign_in_under_way", "no Webex sign-in is under way", ""));
          return;
        }
        const finish = () => {
          cancel = null;
          (globalThis as { completeWebexSignIn?: () => void }).completeWebexSignIn = undefined;
        };
        cancel = () => {
          finish();
          reject(
            refusal(
              "sign_in_cancelled",
              "the sign-in was cancelled",
              "Sign in again when you are ready.",
            ),
          );
        };
        (globalThis as { completeWebexSignIn?: () => void }).completeWebexSignIn = () => {
          finish();
          if (p.clientId === "declines") {
            reject(
              refusal(
                "sign_in_declined",
                "Webex did not sign you in: access_denied",
                "Sign in again and accept the access the app asks for, or ask your Webex administrator.",
              ),
            );
          } else {
            resolve((connection = live("webex")));
          }
        };
      }),
    cancelSignIn: async () => {
      cancel?.();
      cancel = null;
    },
    signOut: async () =>
      (connection = {
        mode: "signed_out",
        displayName: null,
        email: null,
        orgId: null,
        orgName: null,
        demo: false,
        method: null,
        expiresAt: null,
        keychain: noKeychain,
      }),
  };
  return { part, opened };
}
