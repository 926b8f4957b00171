import { memo } from 'react';
import { formatBudget } from '../lib/format';

interface Props {
  remaining: number | null;
  /** When the budget runs out at the current burn, as shown ("exhausted in 3 h"; '' for none). */
  exhaustedIn: string;
}

const tone = (remaining: number) => (remaining > 0.5 ? 'ok' : remaining > 0.2 ? 'warn' : 'bad');

/** Error budget remaining: a bar plus the value in words; null reads "no data". */
function BudgetBarImpl({ remaining, exhaustedIn }: Props) {
  if (remaining === null) {
    return <span className="budget">no data</span>;
  }
  const width = Math.min(100, Math.max(0, remaining * 100));
  return (
    <span className="budget">
      <span className={`budget-bar budget-${tone(remaining)}`} aria-hidden="true">
        <span style={{ width: `${width}%` }} />
      </span>
      <span className="budget-text">
        {formatBudget(remaining)}
        {remaining > 0 && exhaustedIn && ` · ${exhaustedIn}`}
      </span>
    </span>
  );
}

export const BudgetBar = memo(BudgetBarImpl);
