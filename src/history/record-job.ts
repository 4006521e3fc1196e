// Records a finished job: one line in the project's .hangar/history.jsonl, and the same under etcd when a registry is configured.
import { messageOf } from '../errors.js';
import { type RegistrySettings, resolveEtcdConnection } from '../registry/settings.js';
import { appendRecord } from './store.js';
import type { HistoryRecord } from './record.js';
import { secretValues } from './redact.js';
import { type FinishedJob, summarizeJob } from './summarize.js';

export interface RecordOptions {
  dir: string;
  registry: RegistrySettings | undefined;
  env: NodeJS.ProcessEnv;
  /** Nothing goes to a real etcd (a stand-in world: the runtime decides). */
  localOnly: boolean;
  warn: (message: string) => void;
}

/** Writes the record; a failure is a warning (the action's own outcome stands). */
export async function recordJob(job: FinishedJob, options: RecordOptions): Promise<HistoryRecord> {
  const record = summarizeJob(job);
  const secrets = secretValues(options.env);
  try {
    appendRecord(options.dir, record, secrets);
  } catch (error) {
    options.warn(`could not append to the history (.hangar/history.jsonl): ${messageOf(error)}`);
  }
  if (options.localOnly) return record;
  try {
    const connection = resolveEtcdConnection(options.registry, options.env);
    if (connection) {
      const { putRemoteRecord } = await import('./remote.js');
      await putRemoteRecord(connection, record, secrets);
    }
  } catch (error) {
    const { explainEtcdError } = await import('../registry/etcd-errors.js');
    options.warn(`the history record is kept in .hangar/history.jsonl only: ${explainEtcdError('etcd', 'putting the history record', error).message}`);
  }
  return record;
}
