// Shared helpers of the benchmark scripts: timing, stats, a markdown table.
import { execFileSync, spawnSync } from 'node:child_process';

export const now = () => performance.now();

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: pick(0.5), p95: pick(0.95), min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/** Wall time (ms) of one run of a command. */
export function timeCommand(file, args, options = {}) {
  const start = now();
  const result = spawnSync(file, args, { stdio: 'ignore', ...options });
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} exited ${result.status}`);
  return now() - start;
}

export const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;

export function table(title, rows) {
  const lines = [`### ${title}`, '', '| measure | value | target |', '| --- | --- | --- |'];
  for (const [measure, value, target = ''] of rows) lines.push(`| ${measure} | ${value} | ${target} |`);
  return `${lines.join('\n')}\n`;
}

export const machine = () => {
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  return `${cpu}, ${process.versions.node}`;
};
