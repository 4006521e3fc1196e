// Agents as child processes of the built CLI, a fake provision command and a fake status endpoint.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { join } from 'node:path';
import { hangar } from '../helpers/project.js';
import { freePort, waitUntil } from '../helpers/net.js';

export interface AgentProcess {
  pid: number;
  output: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  kill: (signal: NodeJS.Signals) => void;
  exited: Promise<{ exitCode: number | undefined; signal: string | undefined }>;
}

export function startAgent(cwd: string, args: string[], env: Record<string, string>): AgentProcess {
  const child = hangar(cwd, ['agent', ...args], env);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {
    pid: child.pid!,
    output: () => text,
    waitFor: (pattern, timeoutMs = 15_000) => waitUntil(() => pattern.test(text), timeoutMs, `agent output ${pattern}\n${text}`).then(() => undefined),
    kill: (signal) => {
      try {
        process.kill(child.pid!, signal);
      } catch {
        // already gone
      }
    },
    exited: child.then((r) => ({ exitCode: r.exitCode, signal: r.signal })),
  };
}

/**
 * A fake chef-solo: appends `<args> hosts=<n>` to runs.log, where n counts host:port entries in the
 * attributes file; with `-o` (a delete recipe) it also records how many registry keys the decommissioned
 * service still has on this instance (read with etcdctl at that moment).
 */
export function writeFakeProvision(dir: string, attributes: string): { command: string; runs: () => string[] } {
  const script = join(dir, 'fake-chef-solo.sh');
  const log = join(dir, 'runs.log');
  writeFileSync(
    script,
    `#!/bin/sh
hosts=$(grep -c '"[0-9.]*:[0-9]*"' "${attributes}" 2>/dev/null)
extra=""
case "$*" in *delete-*)
  svc=$(echo "$*" | sed 's/.*delete-\\([^]]*\\)].*/\\1/')
  extra=" still_registered=$(etcdctl get --prefix "\${FAKE_PREFIX:-/hangar}/services/$svc/" --keys-only | grep -c "$FAKE_INSTANCE")"
esac
echo "$* hosts=$hosts$extra" >> "${log}"
exit \${FAKE_EXIT:-0}
`,
  );
  chmodSync(script, 0o755);
  return {
    command: `${script} -j dna.json`,
    runs: () => {
      try {
        return readFileSync(log, 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
  };
}

/** An HTTP status endpoint on a free loopback port whose answer the test switches (code 0: never answer); counts requests. */
export async function startStatusServer(): Promise<{ port: number; setStatus: (code: number) => void; requests: () => number; close: () => Promise<void> }> {
  let code = 503;
  let requests = 0;
  const port = await freePort();
  const server: Server = createServer((_req, res) => {
    requests++;
    if (code === 0) return; // hangs until the client gives up or the server closes
    res.statusCode = code;
    res.end(String(code));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    setStatus: (next) => (code = next),
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A dna file with a hangar block, as renderDna writes it. */
export function writeDna(path: string, services: Record<string, { port: number; status?: string }>, dependsOn: string[] | null, extra: object = {}): void {
  writeFileSync(
    path,
    `${JSON.stringify(
      {
        id: 'g',
        run_list: ['role[role-g]'],
        hangar: { group: 'g', region: 'us-east-1', service_cookbook: 'seatgeek-service', services, depends_on: dependsOn, ...extra },
      },
      null,
      2,
    )}\n`,
  );
}
