// etcd3's errors as HangarErrors that say what to check: unreachable, authentication, permission.
import { EtcdAuthenticationFailedError, EtcdInvalidAuthTokenError, EtcdPermissionDeniedError, GRPCUnauthenticatedError } from 'etcd3';
import { HangarError, isHangarError } from '../errors.js';

/** Wraps anything an etcd call threw; the message names the registry, never a credential. */
export function explainEtcdError(description: string, doing: string, error: unknown): HangarError {
  if (isHangarError(error)) return error;
  const detail = error instanceof Error ? error.message.split('\n')[0]!.replace(/\s*Resolution note:.*$/, '') : String(error);
  if (error instanceof EtcdAuthenticationFailedError || error instanceof EtcdInvalidAuthTokenError || error instanceof GRPCUnauthenticatedError) {
    return new HangarError('registry.auth', `${description} refused the credentials while ${doing}`, {
      cause: error,
      hint: 'check HANGAR_ETCD_USER (or __settings__.registry.user) and HANGAR_ETCD_PASSWORD',
    });
  }
  if (error instanceof EtcdPermissionDeniedError) {
    return new HangarError('registry.permission', `${description} denied ${doing}: ${detail}`, {
      cause: error,
      hint: 'grant the etcd user read/write on the registry prefix (etcdctl role grant-permission --prefix)',
    });
  }
  return new HangarError('registry.unreachable', `cannot reach ${description} while ${doing}: ${detail}`, {
    cause: error,
    hint: 'is etcd running? check HANGAR_ETCD_ENDPOINTS or __settings__.registry.endpoints (and TLS: HANGAR_ETCD_CA/_CERT/_KEY)',
  });
}
