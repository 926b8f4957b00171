import { memo } from 'react';
import type { Downtime } from '../api/types';
import { formatClockDay, formatSpan, isoTime } from '../lib/format';

interface Props {
  /** The lab's downtimes, oldest first (`Lab.downtimes`). */
  downtimes: readonly Downtime[];
  /** Client clock (ms) that decides whether a time is "today"; default now. */
  now?: number;
}

/** "once earlier", "3 times earlier". */
const earlierText = (count: number) => (count === 1 ? 'once earlier' : `${count} times earlier`);

/**
 * Says that the lab was resumed after the server was down (a lab kept in a data directory):
 * the newest downtime, from when to when and how long, and how many came before. Nothing when
 * the server never was down.
 */
function ResumedNoticeImpl({ downtimes, now = Date.now() }: Props) {
  const last = downtimes.at(-1);
  if (!last) return null;
  const nowSeconds = now / 1000;
  const earlier = downtimes.length - 1;
  return (
    <p
      className="resumed-notice"
      role="status"
      data-testid="resumed-notice"
      data-count={downtimes.length}
      data-from={last.from}
      data-to={last.to}
    >
      <strong>Resumed:</strong> the server was down from{' '}
      <time dateTime={isoTime(last.from)}>{formatClockDay(last.from, nowSeconds)}</time> to{' '}
      <time dateTime={isoTime(last.to)}>{formatClockDay(last.to, nowSeconds)}</time> (
      {formatSpan(last.seconds)}){earlier > 0 ? ` and ${earlierText(earlier)}` : ''}; no traffic was
      simulated then. What is still in force is marked on the pods and listed in the{' '}
      <a href="#events-title">event log</a>.
    </p>
  );
}

export const ResumedNotice = memo(ResumedNoticeImpl);
