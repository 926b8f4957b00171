import type { ApiResult, FaultPatch, PodActionResult } from '../api/types';

/** The writes a pod row can make; injected so components never call fetch themselves. */
export interface PodActions {
  postFault: (podId: string, patch: FaultPatch) => Promise<ApiResult<PodActionResult>>;
  restartPod: (podId: string) => Promise<ApiResult<PodActionResult>>;
}
