// A service's status endpoint: healthy when http://host:port<path> answers 2xx in time.
const TIMEOUT_MS = 2_000;

export async function checkStatus(host: string, port: number, path: string, timeoutMs = TIMEOUT_MS): Promise<boolean> {
  try {
    const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await response.body?.cancel();
    return response.status >= 200 && response.status < 300;
  } catch {
    return false;
  }
}
