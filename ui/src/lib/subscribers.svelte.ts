// Tells every panel that shows a session's subscribers that they changed: the provision
// and follow panels and the trainer's actions announce it, and the watching panels read
// the subscribers again. One typed, shared value instead of a `window` event.

class SubscriberChanges {
  /** Goes up by one with each change: read it in an effect to follow the changes. */
  count = $state(0);

  announce(): void {
    this.count += 1;
  }
}

export const subscriberChanges = new SubscriberChanges();
