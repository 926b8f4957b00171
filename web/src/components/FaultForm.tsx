import { memo, useState, type FormEvent } from 'react';
import {
  CRASH_PATCH,
  faultPatch,
  isEmptyPatch,
  type FaultEdits,
  type FaultField,
} from '../lib/faultValidation';
import type { FaultPatch } from '../api/types';
import type { PodActions } from './actions';
import { useExpiring } from './useExpiring';

interface Props {
  podId: string;
  /** The pod's current faults: shown until the user edits a field. */
  delayMs: number;
  jitterMs: number;
  errorRate: number;
  killed: boolean;
  /** Every start of its container dies (until cleared). */
  crashLoop: boolean;
  postFault: PodActions['postFault'];
}

interface Refusal {
  field: string | undefined;
  detail: string;
}

export const NOTHING_CHANGED = 'Nothing changed: nothing was sent.';

/**
 * Delay / jitter / error rate / kill for one pod, and an optional duration. Only the fields whose
 * value differs from the pod's are sent, so a timed fault of an untouched field keeps its end.
 * Validates as the server does before sending; a refusal, from this check or from the server,
 * shows the server's wording next to the form until the user edits it. Messages about what
 * happened (applied, nothing sent, network error) expire.
 */
function FaultFormImpl({
  podId,
  delayMs,
  jitterMs,
  errorRate,
  killed,
  crashLoop,
  postFault,
}: Props) {
  const [edits, setEdits] = useState<FaultEdits>({});
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useExpiring<Refusal>();
  const [message, setMessage] = useExpiring<string>();

  const values = {
    delay: edits.delay ?? String(delayMs),
    jitter: edits.jitter ?? String(jitterMs),
    errorRate: edits.errorRate ?? String(errorRate),
    kill: edits.kill ?? killed,
    crashLoop: edits.crashLoop ?? crashLoop,
    duration: edits.duration ?? '',
  };
  const ids = {
    delay: `fault-delay-${podId}`,
    jitter: `fault-jitter-${podId}`,
    errorRate: `fault-error-rate-${podId}`,
    kill: `fault-kill-${podId}`,
    crashLoop: `fault-crash-loop-${podId}`,
    duration: `fault-duration-${podId}`,
    error: `fault-error-${podId}`,
  };
  const invalid = (field: FaultField) => refusal?.field === field;
  const describedBy = (field: FaultField) => (invalid(field) ? ids.error : undefined);
  const edit = (change: FaultEdits) => {
    setEdits((s) => ({ ...s, ...change }));
    setRefusal(null);
    setMessage(null);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setMessage(null);
    const check = faultPatch(edits, { delayMs, jitterMs, errorRate, killed, crashLoop });
    if (!check.ok) {
      setRefusal({ field: check.field, detail: check.detail }, false);
      return;
    }
    setRefusal(null);
    if (isEmptyPatch(check.patch)) {
      setEdits({});
      setMessage(NOTHING_CHANGED);
      return;
    }
    await send(check.patch, true);
  }

  /** Sends a patch; `clear` drops the edits once it is applied (Apply, not Crash). */
  async function send(patch: FaultPatch, clear: boolean) {
    setPending(true);
    const result = await postFault(podId, patch);
    setPending(false);
    if (result.ok) {
      if (clear) setEdits({});
      setMessage(result.data.message);
    } else {
      // A network error stops being true when the server is back; a refusal stays true.
      setRefusal({ field: result.field, detail: result.detail }, result.status === 0);
    }
  }

  const numberField = (
    key: 'delay' | 'jitter' | 'errorRate' | 'duration',
    field: FaultField,
    label: string,
    inputMode: 'numeric' | 'decimal',
    placeholder?: string,
  ) => (
    <div className="field">
      <label htmlFor={ids[key]}>
        {label}
        <span className="sr-only"> for {podId}</span>
      </label>
      <input
        id={ids[key]}
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        placeholder={placeholder}
        value={values[key]}
        aria-invalid={invalid(field) || undefined}
        aria-describedby={describedBy(field)}
        onChange={(e) => edit({ [key]: e.target.value })}
      />
    </div>
  );

  const check = (key: 'kill' | 'crashLoop', label: string) => (
    <div className="field field-check">
      <input
        id={ids[key]}
        type="checkbox"
        checked={values[key]}
        onChange={(e) => edit({ [key]: e.target.checked })}
      />
      <label htmlFor={ids[key]}>
        {label}
        <span className="sr-only"> {podId}</span>
      </label>
    </div>
  );

  return (
    <form className="fault-form" data-testid={`fault-form-${podId}`} onSubmit={submit} noValidate>
      {numberField('delay', 'delay_ms', 'Delay (ms)', 'numeric')}
      {numberField('jitter', 'jitter_ms', 'Jitter (ms)', 'numeric')}
      {numberField('errorRate', 'error_rate', 'Error rate (0–1)', 'decimal')}
      {check('kill', 'Kill')}
      {check('crashLoop', 'Crash loop')}
      {numberField('duration', 'duration_s', 'Duration (s)', 'decimal', 'permanent')}
      <button type="submit" disabled={pending} aria-label={`Apply faults to ${podId}`}>
        {pending ? 'Applying…' : 'Apply'}
      </button>
      <button
        type="button"
        disabled={pending}
        aria-label={`Crash the container of ${podId}`}
        onClick={() => {
          setMessage(null);
          setRefusal(null);
          void send(CRASH_PATCH, false);
        }}
      >
        Crash container
      </button>
      <p className="muted form-note">
        Sends only the fields you changed; a duration ends those changes by itself.
      </p>
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
