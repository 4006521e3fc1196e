// Where AWS calls go: the endpoint, the credentials (when not the SDK's own chain) and what the target can answer.

export interface AwsTarget {
  /** --endpoint / AWS_ENDPOINT_URL / a local stand-in; undefined: AWS itself. */
  endpoint: string | undefined;
  /** Fixed credentials (a stand-in that checks no signature); undefined: the SDK's standard chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
  /** The target answers Elastic Load Balancing calls (a local stand-in may not). */
  loadBalancers: boolean;
}

/** AWS itself, or the endpoint given (--endpoint / AWS_ENDPOINT_URL). */
export function awsTargetOf(endpoint: string | undefined): AwsTarget {
  return { endpoint, loadBalancers: true };
}
