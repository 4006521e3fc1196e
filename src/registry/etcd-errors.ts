// etcd's errors (the light client's, and etcd3's for locks and history) as HangarErrors that say what to check: unreachable, authentication, permission.
import { HangarError, isHangarError } from '../errors.js';
import { EtcdHttpError } from './etcd-http/errors.js';

/** etcd3's error classes by name: importing etcd3 here would load gRPC into every registry user. */
const ETCD3_AUTH = new Set(['EtcdAuthenticationFailedError', 'EtcdInvalidAuthTokenError', 'GRPCUnauthenticatedError']);
const ETCD3_PERMISSION = new Set(['EtcdPermissionDeniedError']);

function failureOf(error: unknown): 'auth' | 'permission' | undefined {
  if (error instanceof EtcdHttpError) return error.failure === 'auth' || error.failure === 'permission' ? error.failure : undefined;
  const name = error instanceof Error ? error.constructor.name : '';
  if (ETCD3_AUTH.has(name)) return 'auth';
  if (ETCD3_PERMISSION.has(name)) return 'permission';
  return undefined;
}

/** Wraps anything an etcd call threw; the message names the registry, never a credential. */
export function explainEtcdError(description: string, doing: string, error: unknown): HangarError {
  if (isHangarError(error)) return error;
  const detail = error instanceof Error ? error.message.split('\n')[0]!.replace(/\s*Resolution note:.*$/, '') : String(error);
  const failure = failureOf(error);
  if (failure === 'auth') {
    return new HangarError('registry.auth', `${description} refused the credentials while ${doing}`, {
      cause: error,
      hint: 'check HANGAR_ETCD_USER (or __settings__.registry.user) and HANGAR_ETCD_PASSWORD',
    });
  }
  if (failure === 'permission') {
    return new HangarError('registry.permission', `${description} denied ${doing}: ${detail}`, {
      cause: error,
      hint: 'grant the etcd user read/write on the registry prefix (etcdctl role grant-permission --prefix)',
    });
  }
  return new HangarError('registry.unreachable', `cannot reach ${description} while ${doing}: ${detail}`, {
    cause: error,
    hint:
      (error instanceof EtcdHttpError && error.hint) ||
      'is etcd running? check HANGAR_ETCD_ENDPOINTS or __settings__.registry.endpoints (and TLS: HANGAR_ETCD_CA/_CERT/_KEY)',
  });
}
