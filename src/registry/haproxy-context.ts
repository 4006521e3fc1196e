// What goes into the haproxy config: every name, address, port and path checked for haproxy's syntax; a bad one is left out and said.
import { isIP } from 'node:net';
import { usageError } from '../errors.js';
import { check, entryProblem, nameSchema, preview } from './entry-schema.js';
import type { ServiceEntry } from './types.js';

export interface ProxyOptions {
  /** Address the frontends bind (default 127.0.0.1); must be an IP address. */
  bind?: string;
  /** Each frontend listens on the service's port plus this (default 0). */
  portOffset?: number;
  /** Status endpoint per service, for the HTTP health checks (TCP checks otherwise). */
  statusPaths?: Record<string, string | undefined>;
  /** The port each service declares (nodes.json): its frontend's port, and the port of its servers. */
  knownPorts?: Record<string, number | undefined>;
  /** The port a service declares in one group, when groups differ: wins over knownPorts for that group's servers. */
  groupPorts?: Record<string, Record<string, number | undefined> | undefined>;
  /** Where the entries come from, for the header comment. */
  source?: string;
  /** Told about every entry, service or path left out or changed (the caller dedupes across renders). */
  warn?: (message: string) => void;
}

/** A status path haproxy reads as one word: `/` then URL path characters (and a query); no space, quote, `#`, `$` or `\`. */
export const STATUS_PATH = /^\/[A-Za-z0-9\-._~%!&()*+,;=:@/?]*$/;
const MAX_STATUS_PATH = 256;

/** haproxy names: letters, digits and `-_.:`; anything else becomes `_`. */
const proxyName = (name: string) => name.replace(/[^A-Za-z0-9_.:-]/g, '_');

const validPort = (port: unknown): port is number => Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65_535;

/** The address as haproxy reads it after `server NAME`: IPv6 in brackets. */
const serverAddress = (host: string, port: number) => `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;

/** The header comment's source: one line, printable. */
const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 200);

interface ProxyService {
  name: string;
  id: string;
  count: number;
  listen: number;
  status: string | undefined;
  servers: { id: string; address: string; draining: boolean }[];
}

/** The template's context: one frontend + backend per service, one server per instance (draining ones disabled). */
export function proxyContext(entries: readonly ServiceEntry[], options: ProxyOptions = {}) {
  const warn = options.warn ?? (() => undefined);
  const offset = options.portOffset ?? 0;
  const good = entries.filter((entry) => {
    const problem = entryProblem(entry);
    if (problem) warn(`haproxy: left out ${preview(`${entry.service}/${entry.instance}`, 80)}: ${problem}`);
    return !problem;
  });
  const known = Object.entries(options.knownPorts ?? {}).filter(([name, port]) => {
    if (port === undefined) return false;
    const problem = check(nameSchema, name).ok ? (validPort(port) ? undefined : `port ${preview(port)} is not 1-65535`) : 'not a plain name';
    if (problem) warn(`haproxy: left out service ${preview(name, 80)} from nodes.json: ${problem}`);
    return !problem;
  });
  const declared = new Map(known.map(([name, port]) => [name, port as number]));
  const names = [...new Set([...declared.keys(), ...good.map((e) => e.service)])].sort();
  // Services with a declared port claim their frontend port first; one derived from the entries cannot take it.
  names.sort((a, b) => Number(declared.has(b)) - Number(declared.has(a)));
  const taken = new Map<number, string>();
  const services: ProxyService[] = [];
  for (const name of names) {
    const own = good.filter((e) => e.service === name).sort((a, b) => a.instance.localeCompare(b.instance));
    const port = declared.get(name) ?? mostCommon(own.map((e) => e.port));
    if (port === undefined) continue;
    const listen = port + offset;
    if (!validPort(listen)) {
      warn(`haproxy: left out service ${name}: port ${port} + offset ${offset} is not 1-65535`);
      continue;
    }
    const holder = taken.get(listen);
    if (holder !== undefined) {
      warn(`haproxy: left out service ${name}: its port ${listen} is already ${holder}'s`);
      continue;
    }
    taken.set(listen, name);
    services.push({
      name,
      id: proxyName(name),
      count: own.length,
      listen,
      status: statusPathOf(name, options.statusPaths?.[name], warn),
      servers: own.map((entry) => {
        const expected = options.groupPorts?.[name]?.[entry.group] ?? declared.get(name);
        const serverPort = expected !== undefined && validPort(expected) ? expected : entry.port;
        if (serverPort !== entry.port) {
          warn(`haproxy: ${name}/${entry.instance} registered port ${entry.port}, but ${name} declares ${serverPort} in nodes.json: using ${serverPort}`);
        }
        return { id: proxyName(entry.instance), address: serverAddress(entry.host, serverPort), draining: entry.status === 'draining' };
      }),
    });
  }
  services.sort((a, b) => a.name.localeCompare(b.name));
  return { bind: bindAddress(options.bind ?? '127.0.0.1'), source: oneLine(options.source ?? 'registry'), services };
}

/** The frontends' address as haproxy reads it before `:port`; anything but an IP address is a usage error. */
function bindAddress(bind: string): string {
  const kind = isIP(bind);
  if (kind === 0)
    throw usageError('proxy.bind', `--bind ${preview(bind)} is not an IPv4 or IPv6 address`, { hint: 'e.g. --bind 127.0.0.1, --bind 0.0.0.0 or --bind ::' });
  return kind === 6 ? `[${bind}]` : bind;
}

/** The port most instances of a service registered (ties: the lowest). */
function mostCommon(ports: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const port of ports) counts.set(port, (counts.get(port) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
}

function statusPathOf(name: string, path: string | undefined, warn: (message: string) => void): string | undefined {
  if (path === undefined) return undefined;
  if (path.length <= MAX_STATUS_PATH && STATUS_PATH.test(path)) return path;
  warn(`haproxy: ${name}: status path ${preview(path)} is not a URL path: TCP checks instead`);
  return undefined;
}
