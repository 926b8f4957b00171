// The one place that talks HTTP to the healthboard server. Components never call fetch.
import { storedToken, tokenAfterRefusal } from './token';
import type {
  ApiResult,
  EventsPage,
  FaultPatch,
  FaultResult,
  History,
  Lab,
  PodActionResult,
  RolloutRequest,
  RolloutResult,
  ScaleResult,
} from './types';

export type Fetch = typeof fetch;

let fetchImpl: Fetch = (...args) => globalThis.fetch(...args);

/** Replace the fetch used by the API functions (tests). Returns the previous one. */
export function setFetch(f: Fetch): Fetch {
  const previous = fetchImpl;
  fetchImpl = f;
  return previous;
}

function detailFrom(body: unknown): { detail?: string; field?: string } {
  if (body && typeof body === 'object') {
    const { detail, field } = body as { detail?: unknown; field?: unknown };
    return {
      detail: typeof detail === 'string' ? detail : undefined,
      field: typeof field === 'string' ? field : undefined,
    };
  }
  return {};
}

async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  const send = (token: string | null) =>
    fetchImpl(path, {
      method,
      signal,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const change = method !== 'GET';
  let response: Response;
  try {
    response = await send(change ? storedToken() : null);
    if (change && response.status === 401) {
      // The server needs a token for changes: ask for it, and send the change once more.
      const token = tokenAfterRefusal(response.headers.get('www-authenticate'));
      if (token) response = await send(token);
    }
  } catch (error) {
    const aborted = error instanceof Error && error.name === 'AbortError';
    return {
      ok: false,
      status: 0,
      detail: aborted ? 'request aborted' : 'network error: the server could not be reached',
    };
  }
  let parsed: unknown = undefined;
  try {
    parsed = await response.json();
  } catch {
    // An answer without a JSON body: handled below.
  }
  if (response.ok) {
    if (parsed === undefined) {
      return { ok: false, status: response.status, detail: 'invalid JSON in the answer' };
    }
    return { ok: true, data: parsed as T };
  }
  const { detail, field } = detailFrom(parsed);
  const result: ApiResult<T> = {
    ok: false,
    status: response.status,
    detail:
      detail ?? `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
  };
  if (field) result.field = field;
  return result;
}

const pathPart = (id: string) => encodeURIComponent(id);

export const getLab = (signal?: AbortSignal) => request<Lab>('GET', '/lab', undefined, signal);

export const getHistory = (window = '5m', signal?: AbortSignal) =>
  request<History>('GET', `/history?window=${encodeURIComponent(window)}`, undefined, signal);

export function getEvents(
  options: { limit?: number; before?: number } = {},
  signal?: AbortSignal,
): Promise<ApiResult<EventsPage>> {
  const query = new URLSearchParams();
  if (options.limit !== undefined) query.set('limit', String(options.limit));
  if (options.before !== undefined) query.set('before', String(options.before));
  const qs = query.toString();
  return request<EventsPage>('GET', qs ? `/events?${qs}` : '/events', undefined, signal);
}

export const postFault = (podId: string, patch: FaultPatch, signal?: AbortSignal) =>
  request<FaultResult>('POST', `/fault/${pathPart(podId)}`, patch, signal);

export const restartPod = (podId: string, signal?: AbortSignal) =>
  request<PodActionResult>('POST', `/restart/${pathPart(podId)}`, undefined, signal);

export const scaleService = (service: string, replicas: number, signal?: AbortSignal) =>
  request<ScaleResult>('POST', `/scale/${pathPart(service)}`, { replicas }, signal);

export const getRollout = (service: string, signal?: AbortSignal) =>
  request<RolloutResult>('GET', `/rollout/${pathPart(service)}`, undefined, signal);

export const postRollout = (service: string, body: RolloutRequest, signal?: AbortSignal) =>
  request<RolloutResult>('POST', `/rollout/${pathPart(service)}`, body, signal);

export const undoRollout = (service: string, signal?: AbortSignal) =>
  request<RolloutResult>('POST', `/rollout/${pathPart(service)}/undo`, undefined, signal);
