import { describe, expect, it } from 'vitest';
import type { Rollout } from '../../src/api/types';
import {
  checkReplicas,
  formatAge,
  formatAutoscaler,
  formatBackOff,
  formatDeployment,
  formatReady,
  formatRestarts,
  formatRollout,
  formatWorkers,
  kubectlStatus,
  podNow,
  scaleOwner,
  statusLevel,
} from '../../src/lib/kube';
import { healthyPods, healthyServices, T0 } from '../fixtures';

describe('formatAge (kubectl HumanDuration)', () => {
  it.each([
    [0, '0s'],
    [0.9, '0s'],
    [-0.5, '0s'],
    [-1, '0s'],
    [-2, '<invalid>'],
    [45, '45s'],
    [119, '119s'],
    [120, '2m'],
    [302, '5m2s'],
    [599, '9m59s'],
    [600, '10m'],
    [754, '12m'],
    [3 * 3600 - 1, '179m'],
    [3 * 3600, '3h'],
    [3 * 3600 + 4 * 60 + 59, '3h4m'],
    [8 * 3600, '8h'],
    [47 * 3600 + 3599, '47h'],
    [2 * 86400 + 3 * 3600, '2d3h'],
    [3 * 86400, '3d'],
    [8 * 86400, '8d'],
    [729 * 86400, '729d'],
    [730 * 86400, '2y'],
    [740 * 86400, '2y10d'],
    [8 * 365 * 86400, '8y'],
  ])('%s s is %s', (seconds, text) => {
    expect(formatAge(seconds)).toBe(text);
  });

  it('renders no number as no data', () => {
    expect(formatAge(Number.NaN)).toBe('—');
  });
});

describe('formatRestarts (kubectl RESTARTS)', () => {
  it('says how long ago the last restart was', () => {
    expect(formatRestarts(3, T0 - 17, T0)).toBe('3 (17s ago)');
    expect(formatRestarts(1, T0 - 302.4, T0)).toBe('1 (5m2s ago)');
  });
  it('is the bare count without a restart or its time', () => {
    expect(formatRestarts(0, null, T0)).toBe('0');
    expect(formatRestarts(0, T0 - 5, T0)).toBe('0');
    expect(formatRestarts(2, null, T0)).toBe('2');
  });
});

describe('formatBackOff', () => {
  it('counts whole seconds up, and is empty once the wait is over', () => {
    expect(formatBackOff(17)).toBe('back-off: restarts in 17 s');
    expect(formatBackOff(16.2)).toBe('back-off: restarts in 17 s');
    expect(formatBackOff(0.1)).toBe('back-off: restarts in 1 s');
    expect(formatBackOff(0)).toBe('');
    expect(formatBackOff(-3)).toBe('');
  });
});

describe('a pod as kubectl shows it', () => {
  const pod = healthyPods()[0]!;
  it('READY, STATUS and the snapshot time', () => {
    expect(formatReady(pod)).toBe('1/1');
    expect(formatReady({ ...pod, ready: false })).toBe('0/1');
    expect(kubectlStatus(pod)).toBe('Running');
    expect(kubectlStatus({ ...pod, terminating: true })).toBe('Terminating');
    expect(podNow({ ...pod, created_at: 1000, age_seconds: 25.5 })).toBe(1025.5);
  });
  it('reads CrashLoopBackOff and Error as bad, ContainerCreating as in between', () => {
    expect(statusLevel('Running')).toBe('ok');
    expect(statusLevel('Completed')).toBe('ok');
    expect(statusLevel('CrashLoopBackOff')).toBe('bad');
    expect(statusLevel('Error')).toBe('bad');
    expect(statusLevel('ContainerCreating')).toBe('warn');
    expect(statusLevel('Terminating')).toBe('warn');
    expect(statusLevel('Pending')).toBe('warn');
  });
  it('workers only when a limit is set', () => {
    expect(formatWorkers(null, 2, null, 0)).toBe('');
    expect(formatWorkers(0.75, 3, 4, 0)).toBe('75 % busy (3/4)');
    expect(formatWorkers(1, 4, 4, 2)).toBe('100 % busy (4/4), 2 queued');
  });
});

const ROLLOUT: Rollout = {
  revision: 2,
  status: 'complete',
  reason: 'NewReplicaSetAvailable',
  message: 'Deployment "ui-proxy" has successfully progressed.',
  version: 'v2',
  previous_version: 'v1',
  started_at: T0,
  updated_replicas: 3,
  desired_replicas: 3,
};

describe('formatRollout', () => {
  it('complete, with its revision', () => {
    expect(formatRollout(ROLLOUT)).toBe('v2 rolled out (revision 2)');
  });
  it('progressing, with updated of desired', () => {
    expect(
      formatRollout({
        ...ROLLOUT,
        status: 'progressing',
        reason: 'ReplicaSetUpdated',
        updated_replicas: 1,
      }),
    ).toBe('rolling out v2: 1/3 updated');
  });
  it('failed, with the message', () => {
    expect(
      formatRollout({
        ...ROLLOUT,
        status: 'failed',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "ui-proxy-v2" has timed out progressing.',
      }),
    ).toBe('rollout of v2 failed: ReplicaSet "ui-proxy-v2" has timed out progressing.');
    expect(formatRollout({ ...ROLLOUT, status: 'failed', message: '' })).toBe(
      'rollout of v2 failed',
    );
  });
});

describe('a Deployment and its autoscaler', () => {
  const service = healthyServices()[0]!;
  const autoscaler = {
    min_replicas: 2,
    max_replicas: 6,
    target_utilization: 0.8,
    current_replicas: 3,
    desired_replicas: 4,
    current_utilization: 0.65,
    last_scale_at: null,
  };
  it('kubectl get deployment figures', () => {
    expect(
      formatDeployment({
        ...service,
        replicas_desired: 3,
        replicas_ready: 2,
        replicas_updated: 1,
        replicas_available: 2,
      }),
    ).toBe('2/3 ready, 1 up-to-date, 2 available');
  });
  it('the autoscaler: bounds, target and current utilization', () => {
    expect(formatAutoscaler(autoscaler)).toBe('2–6 replicas, target 80 %, now 65 %');
    expect(formatAutoscaler({ ...autoscaler, current_utilization: null })).toBe(
      '2–6 replicas, target 80 %, now no data',
    );
  });
  it('the scale control is a person’s only without an autoscaler', () => {
    expect(scaleOwner(service)).toBeNull();
    expect(scaleOwner({ ...service, autoscaler })).toBe(
      `HorizontalPodAutoscaler ${service.name} owns the replica count (2–6)`,
    );
  });
});

describe('checkReplicas', () => {
  it('takes an integer from 0 to 1000', () => {
    expect(checkReplicas('0')).toEqual({ ok: true, value: 0 });
    expect(checkReplicas(' 5 ')).toEqual({ ok: true, value: 5 });
    expect(checkReplicas('1000')).toEqual({ ok: true, value: 1000 });
  });
  it.each([
    ['', 'replicas: must be an integer, got ""'],
    ['2.5', 'replicas: must be an integer, got 2.5'],
    ['1e2', 'replicas: must be an integer, got 1e2'],
    ['three', 'replicas: must be an integer, got "three"'],
    ['-1', 'replicas: must be an integer from 0 to 1000, got -1'],
    ['1001', 'replicas: must be an integer from 0 to 1000, got 1001'],
  ])("refuses %j in the server's words", (input, detail) => {
    expect(checkReplicas(input)).toEqual({ ok: false, detail });
  });
});
