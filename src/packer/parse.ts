// Parse `packer build -machine-readable` lines (timestamp,target,type,data...) into typed build events.

/** One machine-readable line, its data fields unescaped. */
export interface MachineLine {
  timestamp: number;
  /** The build (builder name) the line is about; '' for packer itself. */
  target: string;
  type: string;
  data: string[];
}

/** What a line means for a job: a log line, a build step, an artifact, an error. */
export type PackerEvent =
  | { kind: 'log'; level: 'info' | 'error'; text: string; target: string }
  | { kind: 'step'; text: string; target: string }
  | { kind: 'artifact'; target: string; index: number; key: string; value: string }
  | { kind: 'error'; target: string; text: string }
  | { kind: 'other'; line: MachineLine };

/** One image an artifact id names: `us-east-1:ami-0123` (several are comma-separated). */
export interface ImageArtifact {
  region: string;
  imageId: string;
}

/** Undoes packer's escaping: `%!(PACKER_COMMA)` is a comma, a literal `\n` / `\r` a newline. */
export function unescapeField(field: string): string {
  return field.replaceAll('%!(PACKER_COMMA)', ',').replaceAll('\\n', '\n').replaceAll('\\r', '');
}

/** Splits one line; undefined when it is not machine-readable (plugins and panics may print plain text). */
export function parseMachineLine(line: string): MachineLine | undefined {
  const fields = line.replace(/\r$/, '').split(',');
  if (fields.length < 3 || !/^\d+$/.test(fields[0]!)) return undefined;
  const [timestamp, target, type, ...data] = fields as [string, string, string, ...string[]];
  if (!type) return undefined;
  return { timestamp: Number(timestamp), target, type, data: data.map(unescapeField) };
}

/** The lines of a (possibly multi-line) text, without the blank ones at both ends. */
function linesOf(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length && !lines[0]) lines.shift();
  while (lines.length && !lines[lines.length - 1]) lines.pop();
  return lines;
}

/** The events of one line of packer's output (several when a ui line holds several lines). */
export function eventsOfLine(raw: string): PackerEvent[] {
  const line = parseMachineLine(raw);
  if (!line) return raw.trim() ? [{ kind: 'log', level: 'info', text: raw.replace(/\s+$/, ''), target: '' }] : [];
  const { target, type, data } = line;
  if (type === 'ui') {
    const [level, ...rest] = data;
    const text = rest.join(',');
    return linesOf(text).map((textLine): PackerEvent => {
      // `==> amazon-ebs: Creating temporary keypair...` starts a build step.
      if (level === 'say' && /^==> \S+: /.test(textLine)) return { kind: 'step', text: textLine.slice(4), target };
      return { kind: 'log', level: level === 'error' ? 'error' : 'info', text: textLine, target };
    });
  }
  if (type === 'artifact' && data.length >= 2) {
    const [index, key, ...value] = data as [string, string, ...string[]];
    return [{ kind: 'artifact', target, index: Number(index), key, value: value.join(',') }];
  }
  if (type === 'error') return [{ kind: 'error', target, text: data.join(',') }];
  return [{ kind: 'other', line }];
}

/** The images an artifact id names (`us-east-1:ami-1,us-west-2:ami-2`); none for a non-AMI artifact. */
export function imagesOfArtifactId(id: string): ImageArtifact[] {
  return id
    .split(',')
    .map((part) => /^\s*([a-z0-9-]+):(ami-[0-9a-f]+)\s*$/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ region: m[1]!, imageId: m[2]! }));
}

/** What a whole build said: artifacts by build and index, and the errors. */
export class BuildSummary {
  readonly artifacts: { target: string; index: number; fields: Record<string, string> }[] = [];
  readonly errors: string[] = [];
  steps = 0;

  /** Records an event; returns it for chaining. */
  add(event: PackerEvent): PackerEvent {
    if (event.kind === 'step') this.steps++;
    if (event.kind === 'error') this.errors.push(event.target ? `${event.target}: ${event.text}` : event.text);
    if (event.kind === 'artifact' && event.key !== 'end') {
      let artifact = this.artifacts.find((a) => a.target === event.target && a.index === event.index);
      if (!artifact) {
        artifact = { target: event.target, index: event.index, fields: {} };
        this.artifacts.push(artifact);
      }
      artifact.fields[event.key] = event.value;
    }
    return event;
  }

  /** Every AMI the build produced. */
  get images(): ImageArtifact[] {
    return this.artifacts.flatMap((a) => (a.fields.id ? imagesOfArtifactId(a.fields.id) : []));
  }

  /** The artifact ids as packer printed them (`us-east-1:ami-...`, `Null`). */
  get artifactIds(): string[] {
    return this.artifacts.map((a) => a.fields.id).filter((id): id is string => Boolean(id));
  }
}
