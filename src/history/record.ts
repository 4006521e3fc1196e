// One line of .hangar/history.jsonl: who ran what on which groups, when, and how it ended; zod-checked when read.
import { z } from 'zod';

export const HISTORY_STATES = ['succeeded', 'failed', 'cancelled', 'interrupted'] as const;

export const historyRecordSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  /** ISO times. */
  start: z.string(),
  end: z.string(),
  /** user@host */
  by: z.string(),
  pid: z.number().int(),
  /** Where it was started from. */
  from: z.enum(['cli', 'workbench']),
  action: z.string(),
  groups: z.array(z.string()),
  /** The flags given, secrets left out. */
  flags: z.record(z.string(), z.unknown()),
  /** `interrupted`: cancelled between two AWS changes, leaving work half-done (`finish` says how to end it). */
  state: z.enum(HISTORY_STATES),
  exit: z.number().int(),
  /** The result lines, shortened. */
  summary: z.string().optional(),
  error: z.string().optional(),
  /** What the run created and deleted in AWS, as it reported it (`ASG web-2026...`, `AMI ami-...`). */
  created: z.array(z.string()).optional(),
  deleted: z.array(z.string()).optional(),
  /** The command that finishes an interrupted run. */
  finish: z.string().optional(),
});

export type HistoryRecord = z.infer<typeof historyRecordSchema>;

/** A record read back, with the line it came from. */
export interface HistoryEntry {
  line: number;
  record: HistoryRecord;
}
