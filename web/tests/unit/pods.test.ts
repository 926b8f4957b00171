import { describe, expect, it } from 'vitest';
import { podsByService, samePodRow } from '../../src/lib/pods';
import { faultyPods, healthyPods } from '../fixtures';

describe('podsByService', () => {
  it('groups pods by service in their order', () => {
    const groups = podsByService(healthyPods());
    expect([...groups.keys()]).toEqual(['sensor-sim', 'planner-sim', 'ui-proxy']);
    expect(groups.get('planner-sim')?.map((p) => p.id)).toEqual([
      'planner-sim-pod-1',
      'planner-sim-pod-2',
      'planner-sim-pod-3',
    ]);
  });
});

describe('samePodRow', () => {
  const pod = () => healthyPods()[0]!;

  it('ignores what the row does not show (heartbeat, percentiles, request rate), and what its own boxes show (latency, AGE)', () => {
    const next = {
      ...pod(),
      latency_ms: (pod().latency_ms ?? 0) + 1,
      age_seconds: pod().age_seconds + 1,
      last_heartbeat: pod().last_heartbeat + 1,
      latency_p95_ms: 999,
      request_rate: 1,
      reason: 'other',
    };
    expect(samePodRow(pod(), next)).toBe(true);
  });

  it('sees a change of jitter or of when a timed fault ends', () => {
    expect(samePodRow(pod(), { ...pod(), jitter_ms: 50 })).toBe(false);
    expect(samePodRow(pod(), { ...pod(), fault_ends_at: 1795750000 })).toBe(false);
  });

  it('compares the error ratio as shown, and everything else shown exactly', () => {
    expect(samePodRow({ ...pod(), error_ratio: 0.01231 }, { ...pod(), error_ratio: 0.01229 })).toBe(
      true,
    );
    expect(samePodRow({ ...pod(), error_ratio: 0.0123 }, { ...pod(), error_ratio: 0.0124 })).toBe(
      false,
    );
    expect(samePodRow({ ...pod(), error_ratio: 0 }, { ...pod(), error_ratio: null })).toBe(false);
    expect(samePodRow(pod(), { ...pod(), status: 'Down' })).toBe(false);
    expect(samePodRow(pod(), { ...pod(), restarts: 1 })).toBe(false);
    expect(samePodRow(pod(), { ...pod(), killed: true })).toBe(false);
    expect(samePodRow(pod(), { ...pod(), delay_ms: 5 })).toBe(false);
    expect(samePodRow(pod(), { ...pod(), error_rate: 0.1 })).toBe(false);
    expect(samePodRow(pod(), { ...pod(), phase: 'Starting' })).toBe(false);
    expect(samePodRow(healthyPods()[0]!, faultyPods()[0]!)).toBe(false);
  });
});
