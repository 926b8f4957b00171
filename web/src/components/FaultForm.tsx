import { memo, useState, type FormEvent } from 'react';
import { checkFault, type FaultField } from '../lib/faultValidation';
import type { PodActions } from './actions';

interface Props {
  podId: string;
  /** The pod's current faults: shown until the user edits a field. */
  delayMs: number;
  errorRate: number;
  killed: boolean;
  postFault: PodActions['postFault'];
}

interface Edits {
  delay?: string;
  errorRate?: string;
  kill?: boolean;
}

interface Refusal {
  field: string | undefined;
  detail: string;
}

/**
 * Delay / error rate / kill for one pod. Validates as the server does before sending; a refusal,
 * from this check or from the server, shows the server's wording next to the form.
 */
function FaultFormImpl({ podId, delayMs, errorRate, killed, postFault }: Props) {
  const [edits, setEdits] = useState<Edits>({});
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [message, setMessage] = useState('');

  const values = {
    delay: edits.delay ?? String(delayMs),
    errorRate: edits.errorRate ?? String(errorRate),
    kill: edits.kill ?? killed,
  };
  const ids = {
    delay: `fault-delay-${podId}`,
    errorRate: `fault-error-rate-${podId}`,
    kill: `fault-kill-${podId}`,
    error: `fault-error-${podId}`,
  };
  const invalid = (field: FaultField) => refusal?.field === field;
  const describedBy = (field: FaultField) => (invalid(field) ? ids.error : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage('');
    const check = checkFault(values);
    if (!check.ok) {
      setRefusal({ field: check.field, detail: check.detail });
      return;
    }
    setPending(true);
    const result = await postFault(podId, check.patch);
    setPending(false);
    if (result.ok) {
      setRefusal(null);
      setEdits({});
      setMessage(result.data.message);
    } else {
      setRefusal({ field: result.field, detail: result.detail });
    }
  }

  return (
    <form className="fault-form" data-testid={`fault-form-${podId}`} onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={ids.delay}>
          Delay (ms)<span className="sr-only"> for {podId}</span>
        </label>
        <input
          id={ids.delay}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={values.delay}
          aria-invalid={invalid('delay_ms') || undefined}
          aria-describedby={describedBy('delay_ms')}
          onChange={(e) => setEdits((s) => ({ ...s, delay: e.target.value }))}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.errorRate}>
          Error rate (0–1)<span className="sr-only"> for {podId}</span>
        </label>
        <input
          id={ids.errorRate}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={values.errorRate}
          aria-invalid={invalid('error_rate') || undefined}
          aria-describedby={describedBy('error_rate')}
          onChange={(e) => setEdits((s) => ({ ...s, errorRate: e.target.value }))}
        />
      </div>
      <div className="field field-check">
        <input
          id={ids.kill}
          type="checkbox"
          checked={values.kill}
          onChange={(e) => setEdits((s) => ({ ...s, kill: e.target.checked }))}
        />
        <label htmlFor={ids.kill}>
          Kill<span className="sr-only"> {podId}</span>
        </label>
      </div>
      <button type="submit" disabled={pending} aria-label={`Apply faults to ${podId}`}>
        {pending ? 'Applying…' : 'Apply'}
      </button>
      {refusal ? (
        <p className="inline-error" role="alert" id={ids.error} data-testid={ids.error}>
          {refusal.detail}
        </p>
      ) : null}
      {message ? (
        <p className="muted" role="status">
          {message}
        </p>
      ) : null}
    </form>
  );
}

export const FaultForm = memo(FaultFormImpl);
