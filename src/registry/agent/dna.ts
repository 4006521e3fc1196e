// What a node knows about itself: the `hangar` block of its dna file (group, services, depends_on, settings).
import { readFileSync } from 'node:fs';
import { HangarError, usageError } from '../../errors.js';
import type { RegistrySettings } from '../settings.js';

export interface AgentService {
  name: string;
  port: number;
  /** Path of the status endpoint (`/status`); the service registers only once it answers 2xx. */
  status?: string | undefined;
}

export interface NodeDna {
  group: string;
  region: string | undefined;
  cookbook: string;
  services: AgentService[];
  /** Services whose changes re-provision the node; undefined means every service. */
  dependsOn: string[] | undefined;
  registry: RegistrySettings | undefined;
  provisionCommand: string | undefined;
  /** The node's chef repo copy (__settings__.chef.repo_path; the dna carries it only when not /var/chef). */
  repoPath: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses a dna file's `hangar` block; a service without a valid port is an error. */
export function parseDna(path: string, text: string): NodeDna {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw usageError('agent.dna', `${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const block = isObject(root) ? root.hangar : undefined;
  if (!isObject(block) || typeof block.group !== 'string') {
    throw usageError('agent.dna', `${path} has no "hangar" block with a group`, {
      hint: 'generate the dna with hangar autoscale:create G (or instance:create), which writes the block',
    });
  }
  const services: AgentService[] = [];
  for (const [name, spec] of Object.entries(isObject(block.services) ? block.services : {})) {
    const port = isObject(spec) ? spec.port : undefined;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw usageError('agent.dna', `${path}: service "${name}" has no valid port`, { hint: 'set services.<name>.port in nodes.json' });
    }
    const status = isObject(spec) && typeof spec.status === 'string' ? spec.status : undefined;
    services.push({ name, port, status });
  }
  const dependsOn = Array.isArray(block.depends_on) ? block.depends_on.filter((s): s is string => typeof s === 'string') : undefined;
  return {
    group: block.group,
    region: typeof block.region === 'string' ? block.region : undefined,
    cookbook: typeof block.service_cookbook === 'string' ? block.service_cookbook : 'seatgeek-service',
    services,
    dependsOn,
    registry: isObject(block.registry) ? (block.registry as RegistrySettings) : undefined,
    provisionCommand: typeof block.provision_command === 'string' ? block.provision_command : undefined,
    repoPath: isObject(block.chef) && typeof block.chef.repo_path === 'string' && block.chef.repo_path.startsWith('/') ? block.chef.repo_path : '/var/chef',
  };
}

export function readDna(path: string): NodeDna {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new HangarError('agent.dna', `cannot read the dna file ${path}: ${(error as Error).message}`, {
      cause: error,
      exitCode: 2,
      hint: "pass the node's dna with --dna PATH (e.g. /etc/chef/dna.json)",
    });
  }
  return parseDna(path, text);
}
