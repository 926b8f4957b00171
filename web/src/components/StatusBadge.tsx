import { memo } from 'react';
import { statusGlyph } from '../lib/indicator';

interface Props {
  status: string;
  testId?: string;
  /** Extra text after the status, e.g. the pod phase. */
  note?: string;
}

/** A status shown with a glyph and its word, never colour alone. */
function StatusBadgeImpl({ status, testId, note }: Props) {
  return (
    <span
      className={`status status-${status.toLowerCase()}`}
      data-status={status}
      data-testid={testId}
    >
      <span aria-hidden="true">{statusGlyph(status)}</span> {status}
      {note ? <span className="status-note"> ({note})</span> : null}
    </span>
  );
}

export const StatusBadge = memo(StatusBadgeImpl);
