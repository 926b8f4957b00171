// A service's Deployment, as `kubectl get deployment` and `kubectl rollout status` show it: its
// replicas and version, a scale control, the rollout with Undo, and the autoscaler if one owns it.
import { memo, useState, type FormEvent } from 'react';
import type { Service } from '../api/types';
import {
  checkReplicas,
  formatAutoscaler,
  formatDeployment,
  formatRollout,
  scaleOwner,
} from '../lib/kube';
import { sameDeployment } from '../lib/labIndex';
import type { ServiceActions } from './actions';
import { useExpiring } from './useExpiring';

interface Props {
  service: Service;
  actions: ServiceActions;
}

/** A short message about the last write: `error` styles it as a refusal. */
type Note = { text: string; error: boolean };

function NoteLine({ note, id }: { note: Note | null; id: string }) {
  return note ? (
    <span
      className={note.error ? 'inline-error' : 'muted'}
      role={note.error ? 'alert' : 'status'}
      data-testid={id}
    >
      {note.text}
    </span>
  ) : null;
}

/** A number input and Scale: validated as the server does, off while an autoscaler owns the
 * count; a refusal stays until the input is edited, other messages expire. */
export function ScaleControl({ service, actions }: Props) {
  const { name } = service;
  const [input, setInput] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [note, setNote] = useExpiring<Note>();
  const owner = scaleOwner(service);
  const id = `scale-${name}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending || owner) return;
    const check = checkReplicas(input ?? String(service.replicas_desired));
    if (!check.ok) return setNote({ text: check.detail, error: true }, false);
    setPending(true);
    setNote(null);
    const result = await actions.scaleService(name, check.value);
    setPending(false);
    if (result.ok) {
      const { replicas, previous, changed } = result.data;
      setInput(null);
      setNote({
        text: changed ? `scaled from ${previous} to ${replicas}` : `already at ${replicas}`,
        error: false,
      });
    } else {
      setNote({ text: result.detail, error: true }, result.status === 0);
    }
  }

  return (
    <form className="scale" onSubmit={submit} noValidate data-testid={id}>
      <label htmlFor={`${id}-input`}>
        Replicas<span className="sr-only"> for {name}</span>
      </label>
      <input
        id={`${id}-input`}
        type="number"
        min={0}
        inputMode="numeric"
        value={input ?? service.replicas_desired}
        disabled={owner !== null}
        aria-invalid={note?.error || undefined}
        onChange={(e) => {
          setInput(e.target.value);
          setNote(null);
        }}
      />
      <button type="submit" disabled={pending || owner !== null} aria-label={`Scale ${name}`}>
        {pending ? 'Scaling…' : 'Scale'}
      </button>
      {owner ? <span className="muted">{owner}</span> : null}
      <NoteLine note={note} id={`${id}-note`} />
    </form>
  );
}

/** The rollout's status, and Undo back to the previous version when there is one. */
export function RolloutLine({ service, actions }: Props) {
  const { name, rollout } = service;
  const [pending, setPending] = useState(false);
  const [note, setNote] = useExpiring<Note>();
  const previous = rollout.previous_version;

  async function undo() {
    setPending(true);
    setNote(null);
    const result = await actions.undoRollout(name);
    setPending(false);
    setNote(
      result.ok
        ? { text: `rolling back to ${result.data.rollout.version}`, error: false }
        : { text: result.detail, error: true },
    );
  }

  return (
    <p>
      Rollout:{' '}
      <span
        className={`rollout-${rollout.status}`}
        data-testid={`rollout-${name}`}
        data-status={rollout.status}
      >
        {formatRollout(rollout)}
      </span>
      {previous !== null ? (
        <button
          type="button"
          onClick={undo}
          disabled={pending}
          aria-label={`Undo the rollout of ${name}`}
        >
          Undo to {previous}
        </button>
      ) : null}
      <NoteLine note={note} id={`rollout-note-${name}`} />
    </p>
  );
}

/** Re-rendered only when what it shows changed (sameDeployment), not with its card's figures. */
export const Deployment = memo(
  DeploymentImpl,
  (a, b) => a.actions === b.actions && sameDeployment(a.service, b.service),
);

function DeploymentImpl({ service, actions }: Props) {
  const { name, autoscaler, listen } = service;
  // A real service (docs/proxy.md) has no Deployment of healthboard's: its replicas and releases
  // are its own, and scaling or rolling it out is refused.
  if (listen) {
    return (
      <p className="deployment" data-testid={`deployment-${name}`}>
        Proxied on {listen}
      </p>
    );
  }
  return (
    <div className="deployment" data-testid={`deployment-${name}`}>
      <p>
        Deployment{' '}
        <span data-testid={`deployment-replicas-${name}`}>{formatDeployment(service)}</span>,
        version <span data-testid={`deployment-version-${name}`}>{service.version}</span>
      </p>
      <RolloutLine service={service} actions={actions} />
      {autoscaler ? (
        <p data-testid={`autoscaler-${name}`}>Autoscaler: {formatAutoscaler(autoscaler)}</p>
      ) : null}
      <ScaleControl service={service} actions={actions} />
    </div>
  );
}
