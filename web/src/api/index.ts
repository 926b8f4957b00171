export * from './types';
export {
  getLab,
  getHistory,
  getEvents,
  postFault,
  restartPod,
  scaleService,
  getRollout,
  postRollout,
  undoRollout,
  setFetch,
} from './client';
export { setTokenPrompt } from './token';
export type { Fetch } from './client';
