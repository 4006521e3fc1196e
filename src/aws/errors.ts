// Turns AWS SDK and network errors into one-line HangarErrors that say what to do.
import { redactUrls } from '../redact.js';
import { EXIT, HangarError } from '../errors.js';

/** What was being done when the error happened; the clients' middleware fills it in (see clients.ts). */
export interface AwsCallContext {
  /** The API call, e.g. `DescribeInstances`. */
  call?: string | undefined;
  /** The URL the call went to. */
  endpoint?: string | undefined;
  region?: string | undefined;
}

/** Where clients.ts records the call on an error it saw pass by. */
export const CALL_CONTEXT = Symbol.for('hangar.awsCall');

const CREDENTIAL_NAMES = new Set(['CredentialsProviderError', 'TokenProviderError']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const AUTH_FAILURE = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId',
  'MissingAuthenticationToken',
  'OptInRequired',
]);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'Blocked']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled']);
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

interface ErrorLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  errors?: unknown[];
  cause?: unknown;
  hostname?: string;
  address?: string;
  port?: number;
  $metadata?: { httpStatusCode?: number };
}

/** The network error code (ECONNREFUSED, ENOTFOUND, ...) of an error, its cause or an AggregateError inside. */
function networkCode(error: ErrorLike, depth = 0): string | undefined {
  if (depth > 4 || !error || typeof error !== 'object') return undefined;
  if (typeof error.code === 'string' && UNREACHABLE.has(error.code)) return error.code;
  for (const inner of [...(Array.isArray(error.errors) ? error.errors : []), error.cause]) {
    const code = networkCode(inner as ErrorLike, depth + 1);
    if (code) return code;
  }
  if (error.name === 'TimeoutError' || /socket hang up|timed? ?out/i.test(error.message ?? '')) return 'ETIMEDOUT';
  return undefined;
}

/** The AWS error code of an SDK error (`name` for modeled errors, `Code` for unmodeled ones). */
export function awsErrorCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as ErrorLike;
  return e.Code ?? (typeof e.code === 'string' && !UNREACHABLE.has(e.code) ? e.code : undefined) ?? e.name;
}

function contextOf(error: unknown, given: AwsCallContext): AwsCallContext {
  const recorded = (error && typeof error === 'object' ? (error as Record<symbol, AwsCallContext>)[CALL_CONTEXT] : undefined) ?? {};
  return { ...recorded, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0]!.trim();
}

/**
 * A HangarError (exit 1, one line, a hint) for an error thrown by an AWS call.
 * A HangarError passes through unchanged.
 */
export function explainAwsError(error: unknown, given: AwsCallContext = {}): HangarError {
  if (error instanceof HangarError) return error;
  const e = (error && typeof error === 'object' ? error : { message: String(error) }) as ErrorLike;
  const context = contextOf(error, given);
  const call = context.call ? ` (${context.call})` : '';
  // An endpoint given with userinfo (http://user:secret@host) is named without the secret.
  const where =
    context.endpoint !== undefined ? redactUrls(context.endpoint) : context.region ? `the AWS endpoint of region ${context.region}` : 'the AWS endpoint';
  const code = awsErrorCode(error) ?? '';
  const make = (errorCode: string, message: string, hint: string) => new HangarError(errorCode, message, { cause: error, exitCode: EXIT.failed, hint });

  if (CREDENTIAL_NAMES.has(e.name ?? '') || /could not load credentials/i.test(e.message ?? '')) {
    return make(
      'aws.credentials',
      'no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --sandbox',
      'see the AWS credential chain: environment, ~/.aws/credentials, SSO, instance role',
    );
  }
  if (EXPIRED.has(code) || /token.*expired|expired.*token/i.test(e.message ?? '')) {
    return make(
      'aws.expired',
      `the AWS session token has expired${call}: refresh your credentials (e.g. aws sso login, or a new AWS_SESSION_TOKEN) and run again`,
      'the credentials come from the standard chain: AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN',
    );
  }
  if (AUTH_FAILURE.has(code)) {
    return make(
      'aws.auth',
      `AWS rejected the credentials${call}: ${firstLine(e.message) || code}; check AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`,
      'aws sts get-caller-identity shows which identity the chain finds',
    );
  }
  if (DENIED.has(code)) {
    const what = context.call ?? 'this call';
    return make(
      'aws.denied',
      `access denied for ${what}: the AWS identity in use is not allowed to call it`,
      `grant ec2/autoscaling:${context.call ?? '<call>'} to the identity, or use a profile that has it (AWS_PROFILE)`,
    );
  }
  if (THROTTLED.has(code)) {
    return make('aws.throttled', `AWS kept throttling the calls${call} after every retry: try again in a minute`, 'run fewer hangar commands at once');
  }
  const net = networkCode(e);
  if (net) {
    const why =
      net === 'ENOTFOUND' || net === 'EAI_AGAIN'
        ? 'its host name does not resolve'
        : net === 'ECONNREFUSED'
          ? 'the connection was refused'
          : `network error ${net}`;
    const hint =
      context.endpoint && !/amazonaws\.com/.test(context.endpoint)
        ? 'check --endpoint / AWS_ENDPOINT_URL (is the sandbox or endpoint running?)'
        : 'check the group\'s "region" in nodes.json (an unknown region has no endpoint) and your network';
    return make('aws.unreachable', `cannot reach ${where}${call}: ${why}`, hint);
  }
  if (/region/i.test(e.message ?? '') && /invalid|not accepted|unknown|missing/i.test(e.message ?? '')) {
    return make(
      'aws.region',
      `invalid AWS region${context.region ? ` "${context.region}"` : ''}: ${firstLine(e.message)}`,
      'set a valid "region" for the group in nodes.json (e.g. us-east-1)',
    );
  }
  if (/Invalid URL/i.test(e.message ?? '') || e.code === 'ERR_INVALID_URL') {
    return make('aws.endpoint', `invalid endpoint URL${context.endpoint ? ` ${redactUrls(context.endpoint)}` : ''}`, 'pass --endpoint http://host:port');
  }
  if (code === 'AbortError' || e.name === 'AbortError') {
    return make('job.cancelled', `cancelled${call}`, 'nothing more was sent to AWS after the cancel');
  }
  if (code === 'SandboxStateInvalid') {
    // The local sandbox's state file is broken: its message names the file, the bad path and (after "; fix: ") the fix.
    const [message, fix] = firstLine(e.message).split('; fix: ');
    return new HangarError('sandbox.state', message!, { cause: error, exitCode: EXIT.usage, hint: fix ?? 'hangar sandbox:reset' });
  }
  const status = e.$metadata?.httpStatusCode;
  const label = code && code !== 'Error' ? `${code}: ` : '';
  return make(
    `aws.${code && /^[A-Za-z.]+$/.test(code) ? code : 'error'}`,
    `AWS call failed${call}: ${label}${firstLine(e.message) || 'unknown error'}${status ? ` (HTTP ${status})` : ''}`,
    'run again with --debug for the full error',
  );
}

/** True for what an AWS SDK call throws: a service error, a credentials error, a network error on its way. */
export function isAwsError(error: unknown): boolean {
  if (!error || typeof error !== 'object' || error instanceof HangarError) return false;
  const e = error as ErrorLike;
  return CALL_CONTEXT in error || e.$metadata !== undefined || CREDENTIAL_NAMES.has(e.name ?? '');
}

/** The explained HangarError for an AWS error; anything else unchanged (the job's safety net). */
export function explainIfAwsError(error: unknown): unknown {
  return isAwsError(error) ? explainAwsError(error) : error;
}

/** Runs `work`, turning any error it throws into an explained HangarError. */
export async function withAwsErrors<T>(work: () => Promise<T>, context: AwsCallContext = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw explainAwsError(error, context);
  }
}
