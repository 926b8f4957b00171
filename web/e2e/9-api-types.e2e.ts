// src/api/types.ts is written by hand. This holds it to the real server: every field of the
// answers the page reads (GET /lab, the /stream payload; GET /history; GET /events) is declared
// there, and every field declared without `?` is in the answer. Nested objects are checked
// against their own interfaces.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { REPO_DIR, startLab, WEB_DIR, type LabServer } from './harness';

interface Declared {
  required: Set<string>;
  optional: Set<string>;
}

/** The properties of each interface in types.ts, those of the interfaces it extends included. */
function declaredInterfaces(): Map<string, Declared> {
  const path = join(WEB_DIR, 'src/api/types.ts');
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022);
  const own = new Map<string, { declared: Declared; bases: string[] }>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const declared: Declared = { required: new Set(), optional: new Set() };
    for (const member of node.members) {
      if (!ts.isPropertySignature(member)) continue;
      const name = member.name.getText(source);
      (member.questionToken ? declared.optional : declared.required).add(name);
    }
    const bases = (node.heritageClauses ?? []).flatMap((clause) =>
      clause.types.map((t) => t.expression.getText(source)),
    );
    own.set(node.name.text, { declared, bases });
  });
  const resolve = (name: string): Declared => {
    const entry = own.get(name);
    if (!entry) throw new Error(`types.ts declares no interface ${name}`);
    const all: Declared = {
      required: new Set(entry.declared.required),
      optional: new Set(entry.declared.optional),
    };
    for (const base of entry.bases) {
      const inherited = resolve(base);
      inherited.required.forEach((key) => all.required.add(key));
      inherited.optional.forEach((key) => all.optional.add(key));
    }
    return all;
  };
  return new Map([...own.keys()].map((name) => [name, resolve(name)]));
}

const declared = declaredInterfaces();
type Json = Record<string, unknown>;

/** What differs between an answer's object and its interface, as sentences; empty when none. */
function differences(name: string, object: Json, where: string): string[] {
  const d = declared.get(name);
  if (!d) return [`${where}: types.ts declares no interface ${name}`];
  const problems: string[] = [];
  for (const key of Object.keys(object)) {
    if (!d.required.has(key) && !d.optional.has(key)) {
      problems.push(`${where}.${key}: sent by the server, not declared in ${name}`);
    }
  }
  for (const key of d.required) {
    if (!(key in object)) problems.push(`${where}.${key}: declared in ${name}, not sent`);
  }
  return problems;
}

// Every item of a list against `name`, and what `nested` finds inside it; "[]" stands for any index,
// so a field missing from every pod is said once.
function each(
  items: unknown,
  name: string,
  where: string,
  nested = (_: Json, __: string) => [] as string[],
) {
  expect(Array.isArray(items), `${where} is a list`).toBe(true);
  return (items as Json[]).flatMap((item) => [
    ...differences(name, item, `${where}[]`),
    ...nested(item, `${where}[]`),
  ]);
}

async function get(server: LabServer, path: string): Promise<Json> {
  const response = await fetch(server.url + path);
  expect(response.status, `GET ${path}`).toBe(200);
  return (await response.json()) as Json;
}

describe('src/api/types.ts against the server', () => {
  let server: LabServer;
  beforeAll(async () => {
    // A lab with an autoscaler, so that every optional object of a service is there to check.
    server = await startLab({ args: ['--config', join(REPO_DIR, 'examples/autoscale.yaml')] });
  });
  afterAll(async () => server?.stop());

  test('GET /lab, the payload of every /stream snapshot', async () => {
    // A fault, so that there is an event to check, and a lab old enough to have a history sample.
    const first = ((await get(server, '/lab')).pods as Json[])[0] as Json;
    const fault = await fetch(`${server.url}/fault/${String(first.id)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ delay_ms: 10 }),
    });
    expect(fault.status, 'POST /fault').toBe(200);
    let lab: Json = {};
    for (let tries = 0; tries < 300; ++tries) {
      lab = await get(server, '/lab');
      if (lab.sample !== null && (lab.events as unknown[]).length > 0) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(lab.sample, 'a history sample').not.toBeNull();
    expect((lab.events as Json[]).length, 'events').toBeGreaterThan(0);
    const slo = lab.slo as Json;
    const problems = [
      ...differences('Lab', lab, 'lab'),
      ...each(lab.services, 'Service', 'lab.services', (service, where) => [
        ...differences('Rollout', service.rollout as Json, `${where}.rollout`),
        ...(service.autoscaler === null
          ? []
          : differences('Autoscaler', service.autoscaler as Json, `${where}.autoscaler`)),
      ]),
      ...each(lab.pods, 'Pod', 'lab.pods'),
      ...differences('Slo', slo, 'lab.slo'),
      ...each(slo.slos, 'SloEntry', 'lab.slo.slos', (entry, where) => [
        ...differences('Sli', entry.availability as Json, `${where}.availability`),
        ...differences('LatencySli', entry.latency as Json, `${where}.latency`),
        ...each(entry.alerts, 'Alert', `${where}.alerts`),
      ]),
      ...each(slo.alerts_firing, 'Alert', 'lab.slo.alerts_firing'),
      ...each(lab.events, 'LabEvent', 'lab.events'),
      ...differences('Sample', lab.sample as Json, 'lab.sample'),
      ...each((lab.sample as Json).services, 'SampleService', 'lab.sample.services'),
    ];
    expect([...new Set(problems)]).toEqual([]);
    expect((lab.services as Json[]).some((s) => s.autoscaler !== null)).toBe(true);
  });

  test('GET /history and GET /events', async () => {
    const history = await get(server, '/history?window=5m');
    const events = await get(server, '/events?limit=5');
    expect(
      [
        ...differences('History', history, 'history'),
        ...each(history.services, 'HistoryService', 'history.services'),
        ...each(history.events, 'LabEvent', 'history.events'),
        ...differences('EventsPage', events, 'events'),
        ...each(events.events, 'LabEvent', 'events.events'),
      ].filter((p, i, all) => all.indexOf(p) === i),
    ).toEqual([]);
  });
});
