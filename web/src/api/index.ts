export * from './types';
export { getLab, getHistory, getEvents, postFault, restartPod, setFetch } from './client';
export { setTokenPrompt } from './token';
export type { Fetch } from './client';
