// A service's status endpoint: healthy when http://host:port<path> answers 2xx in time.
const TIMEOUT_MS = 2_000;

/** `signal` cuts a check short (the agent stopping): it then counts as failed. */
export async function checkStatus(host: string, port: number, path: string, timeoutMs = TIMEOUT_MS, signal?: AbortSignal): Promise<boolean> {
  try {
    const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`, {
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])]),
      redirect: 'manual',
    });
    await response.body?.cancel();
    return response.status >= 200 && response.status < 300;
  } catch {
    return false;
  }
}
