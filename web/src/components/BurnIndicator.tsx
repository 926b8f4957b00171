import { memo } from 'react';
import type { IndicatorLevel } from '../api/types';
import { formatBurn } from '../lib/format';
import { LEVEL_GLYPH, levelFor } from '../lib/indicator';

interface Props {
  rate: number | null | undefined;
  /** The server's level when it sent one; otherwise derived from the rate. */
  level?: IndicatorLevel | null;
  testId?: string;
}

/** A burn rate with its level as a glyph and a word (normal ✓, medium ▲, high ‼). */
function BurnIndicatorImpl({ rate, level, testId }: Props) {
  const lvl = level ?? levelFor(rate);
  const shown = lvl ?? 'none';
  return (
    <span className={`burn burn-${shown}`} data-level={shown} data-testid={testId}>
      <span aria-hidden="true">{lvl ? LEVEL_GLYPH[lvl] : '–'}</span>{' '}
      {lvl ? `${formatBurn(rate)} ${lvl}` : 'no data'}
    </span>
  );
}

export const BurnIndicator = memo(BurnIndicatorImpl);
