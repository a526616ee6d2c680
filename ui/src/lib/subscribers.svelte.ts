// Tells every panel that shows a session's subscribers that they changed: the provision
// and follow panels and the trainer's actions announce it, and the watching panels read
// the subscribers again. One typed, shared value instead of a `window` event.
import type { SubscriberView } from "./bindings";

class SubscriberChanges {
  /** Goes up by one with each change: read it in an effect to follow the changes. */
  count = $state(0);

  announce(): void {
    this.count += 1;
  }
}

export const subscriberChanges = new SubscriberChanges();

/** The names of the subscribers this window has shown, by Webex id: the activity log
 * names "Tara Ng" where its line only has the id Webex gave her. */
const names = new Map<string, string>();

export function rememberSubscribers(views: SubscriberView[]): void {
  for (const s of views) names.set(s.id, s.name || s.userId);
}

export function subscriberName(id: string): string | undefined {
  return names.get(id);
}
