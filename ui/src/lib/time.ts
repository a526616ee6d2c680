// Times as people read them, in the window's own time zone: "14:02" today,
// "23 Nov at 14:02" another day, and "2 minutes ago" for the last look at Webex.

function parsed(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * "14:02" when `iso` is today, else "23 Nov at 14:02" (or "23 Nov 2025 at …");
 * `seconds`: "14:02:07", for a log where many lines share a minute; `date`: the day
 * even when it is today.
 */
export function readableTime(
  iso: string,
  now: Date = new Date(),
  { seconds = false, date = false }: { seconds?: boolean; date?: boolean } = {},
): string {
  const d = parsed(iso);
  if (!d) return iso;
  const time = d.toLocaleTimeString(undefined, {
    hour: "2-digit",
    minute: "2-digit",
    second: seconds ? "2-digit" : undefined,
  });
  if (!date && d.toDateString() === now.toDateString()) return time;
  const day = d.toLocaleDateString(undefined, {
    day: "numeric",
    month: "short",
    year: d.getFullYear() === now.getFullYear() ? undefined : "numeric",
  });
  return `${day} at ${time}`;
}

/** "just now", "2 minutes ago", "3 hours ago", else the readable time. */
export function ago(iso: string, now: Date = new Date()): string {
  const d = parsed(iso);
  if (!d) return iso;
  const minutes = Math.floor((now.getTime() - d.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} ${minutes === 1 ? "minute" : "minutes"} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} ${hours === 1 ? "hour" : "hours"} ago`;
  return readableTime(iso, now);
}

/** A number of days in words: "less than a day", "1 day", "4 days". */
export function days(n: number): string {
  if (n < 1) return "less than a day";
  const whole = Math.floor(n);
  return `${whole} ${whole === 1 ? "day" : "days"}`;
}
