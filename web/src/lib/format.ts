// Pure display formatting. Every formatter renders null (no data) as an em dash, never as 0.

export const NO_DATA = '—';

/** A number to show: not null, undefined, NaN or infinite. */
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Fixed decimals with trailing zeros removed: 99.50 -> "99.5", 100.00 -> "100". */
export function trimFixed(value: number, digits: number): string {
  const s = value.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Milliseconds: "4.2 ms", "121 ms", "1.25 s". */
export function formatMs(ms: number | null | undefined): string {
  if (!isNum(ms)) return NO_DATA;
  if (Math.abs(ms) >= 1000) return `${trimFixed(ms / 1000, 2)} s`;
  if (Math.abs(ms) >= 100) return `${Math.round(ms)} ms`;
  return `${trimFixed(ms, 1)} ms`;
}

/** A ratio 0..1 as a percentage: 0.995 -> "99.5 %", 0.0123 -> "1.23 %", 0 -> "0 %". */
export function formatPercent(ratio: number | null | undefined, digits = 2): string {
  if (!isNum(ratio)) return NO_DATA;
  return `${trimFixed(ratio * 100, digits)} %`;
}

/** Requests per second: "170.1 req/s". */
export function formatRate(rate: number | null | undefined): string {
  if (!isNum(rate)) return NO_DATA;
  return `${trimFixed(rate, 1)} req/s`;
}

/** A burn rate as a multiple of the budget rate: "0.42×", "14.4×". */
export function formatBurn(rate: number | null | undefined): string {
  if (!isNum(rate)) return NO_DATA;
  return `${trimFixed(rate, Math.abs(rate) >= 10 ? 1 : 2)}×`;
}

/** A duration in seconds, two units at most: "45 s", "12 min", "3 h 20 min", "2 d 4 h",
 * "over a year". */
export function formatDuration(seconds: number | null | undefined): string {
  if (!isNum(seconds)) return NO_DATA;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  if (days >= 365) return 'over a year';
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** A span in seconds, to the second under an hour: "40 s", "2 min 38 s", "5 min"; an hour or
 * more as formatDuration ("3 h 20 min"). */
export function formatSpan(seconds: number | null | undefined): string {
  if (!isNum(seconds)) return NO_DATA;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60 || s >= 3600) return formatDuration(s);
  const rest = s % 60;
  return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A unix timestamp (seconds) as a `<time dateTime>` wants it: "2026-12-05T04:31:02.000Z". */
export const isoTime = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();

/** Local wall-clock time of a unix timestamp (seconds): "14:05:09". */
export function formatClock(unixSeconds: number | null | undefined): string {
  if (!isNum(unixSeconds)) return NO_DATA;
  const d = new Date(unixSeconds * 1000);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local time of a unix timestamp, with the local date before it when it is not on the day of
 * `nowSeconds`: "14:05:09", "2026-12-04 23:59:10". */
export function formatClockDay(
  unixSeconds: number | null | undefined,
  nowSeconds: number = Date.now() / 1000,
): string {
  if (!isNum(unixSeconds)) return NO_DATA;
  const d = new Date(unixSeconds * 1000);
  const now = new Date(nowSeconds * 1000);
  const sameDay =
    d.getFullYear() === now.getFullYear() &&
    d.getMonth() === now.getMonth() &&
    d.getDate() === now.getDate();
  const clock = formatClock(unixSeconds);
  return sameDay
    ? clock
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock}`;
}

/** "5 s ago", "3 min ago" (negative differences from clock skew read as "just now"). */
export function formatAgo(
  unixSeconds: number | null | undefined,
  nowSeconds: number = Date.now() / 1000,
): string {
  if (!isNum(unixSeconds)) return NO_DATA;
  const diff = nowSeconds - unixSeconds;
  return diff < 1 ? 'just now' : `${formatDuration(diff)} ago`;
}

/** Error budget remaining (fraction, may be negative when overspent). */
export function formatBudget(remaining: number | null | undefined): string {
  if (!isNum(remaining)) return 'no data';
  if (remaining <= 0) return `exhausted (${formatPercent(remaining, 1)})`;
  return `${formatPercent(remaining, 1)} left`;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** How much of a window ("30d") has data while it is not full: "11 s of data"; '' once full or
 * without the figure. */
export function formatDataLength(window: string, seconds: number | null | undefined): string {
  const length = parseInt(window, 10) * (UNIT_SECONDS[window.slice(-1)] ?? NaN);
  return isNum(seconds) && seconds < length ? `${formatDuration(seconds)} of data` : '';
}

/** "exhausted in 3 h 20 min" or '' when the budget is not being spent (null). */
export function formatExhaustedIn(seconds: number | null | undefined): string {
  return isNum(seconds) ? `exhausted in ${formatDuration(seconds)}` : '';
}
