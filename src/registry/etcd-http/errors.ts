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
