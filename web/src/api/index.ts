export * from './types';
export { getLab, getHistory, getEvents, postFault, restartPod, setFetch } from './client';
export type { Fetch } from './client';
