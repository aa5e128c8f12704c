/** Prometheus durations (`5m`, `1h30m`, `30d`) to and from seconds. */

const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** Seconds in a Prometheus duration, or null when the text is not one (empty, `0`, units out of order). */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === '') {
    return null;
  }
  let seconds = 0;
  ORDER.forEach((unit, i) => {
    const count = match[i + 1];
    if (count !== undefined) {
      seconds += Number(count) * UNIT_SECONDS[unit];
    }
  });
  return seconds > 0 ? seconds : null;
}

/** Shortest Prometheus duration for whole seconds, largest units first (`90` → `1m30s`, `2592000` → `30d`). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`duration must be a positive number of seconds, got ${seconds}`);
  }
  let rest = Math.round(seconds * 1000);
  let out = '';
  // Weeks and years are left out on purpose: `30d` reads better than `4w2d`.
  for (const unit of ['d', 'h', 'm', 's', 'ms']) {
    const size = UNIT_SECONDS[unit] * 1000;
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}

/** Human wording for a span of seconds: `2d 3h`, `43m`, `12s`. */
export function humanizeSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) {
    return '∞';
  }
  const s = Math.max(0, Math.round(seconds));
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) {
    return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  }
  if (hours > 0) {
    return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  }
  if (minutes > 0) {
    return `${minutes}m`;
  }
  return `${s}s`;
}
