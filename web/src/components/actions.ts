import type {
  ApiResult,
  FaultPatch,
  FaultResult,
  PodActionResult,
  RolloutResult,
  ScaleResult,
} from '../api/types';

/** The writes a pod row can make; injected so components never call fetch themselves. */
export interface PodActions {
  postFault: (podId: string, patch: FaultPatch) => Promise<ApiResult<FaultResult>>;
  restartPod: (podId: string) => Promise<ApiResult<PodActionResult>>;
}

/** The writes a service card can make to its Deployment. */
export interface ServiceActions {
  scaleService: (service: string, replicas: number) => Promise<ApiResult<ScaleResult>>;
  undoRollout: (service: string) => Promise<ApiResult<RolloutResult>>;
}

export type LabActions = PodActions & ServiceActions;
