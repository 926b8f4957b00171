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
  if (lvl === null) {
    return (
      <span className="burn burn-none" data-level="none" data-testid={testId}>
        <span aria-hidden="true">–</span> no data
      </span>
    );
  }
  return (
    <span className={`burn burn-${lvl}`} data-level={lvl} data-testid={testId}>
      <span aria-hidden="true">{LEVEL_GLYPH[lvl]}</span> {formatBurn(rate)} {lvl}
    </span>
  );
}

export const BurnIndicator = memo(BurnIndicatorImpl);
