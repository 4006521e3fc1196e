// The light etcd client's one error: what etcd (or the connection to it) said, with the gRPC code when etcd gave one.
const UNAUTHENTICATED = 16;
const PERMISSION_DENIED = 7;
const UNAVAILABLE = 14;

export type EtcdFailure = 'auth' | 'permission' | 'unreachable' | 'refused';

export class EtcdHttpError extends Error {
  constructor(
    message: string,
    readonly failure: EtcdFailure,
    readonly grpcCode?: number,
    /** What to check, when the failure points at something more precise than "is etcd running?". */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'EtcdHttpError';
  }
}

/** An error body of etcd's gateway as an EtcdHttpError; `authenticating`: a refusal is about the credentials. */
export function etcdAnswered(message: string, code: number | undefined, authenticating = false): EtcdHttpError {
  if (authenticating || code === UNAUTHENTICATED || /invalid auth token|user name is empty|authentication failed/i.test(message)) {
    return new EtcdHttpError(message, 'auth', code);
  }
  if (code === PERMISSION_DENIED || /permission denied/i.test(message)) return new EtcdHttpError(message, 'permission', code);
  // No leader, a timed-out proposal, a member stopping: another member (or a later try) may answer.
  if (code === UNAVAILABLE || /no leader|timed out|stopped|leader changed/i.test(message)) return new EtcdHttpError(message, 'unreachable', code);
  return new EtcdHttpError(message, 'refused', code);
}

/** Whether trying another endpoint (or again later) may help. */
export const isRetryable = (error: unknown) => error instanceof EtcdHttpError && error.failure === 'unreachable';

/**
 * The gateway answered that it could not reach etcd's own gRPC server: over TLS with --client-cert-auth this is what
 * a server certificate without the clientAuth usage gives (the gateway presents it as its client certificate).
 */
export function withGatewayTlsHint(error: EtcdHttpError): EtcdHttpError {
  if (error.grpcCode !== UNAVAILABLE) return error;
  return new EtcdHttpError(
    error.message,
    error.failure,
    error.grpcCode,
    "etcd's JSON gateway could not reach etcd's gRPC server: with --client-cert-auth, etcd's server certificate (--cert-file) must allow clientAuth as well as serverAuth",
  );
}
