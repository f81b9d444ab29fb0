// A small JobSchemaQuery for completion and hover tests (the real one reads schemas/lava-job.schema.json).
import { JobSchemaQuery, SchemaAt, SchemaType, ServerValueKind, YamlPath } from '../../../../src/core/model/jobSchema';

interface Rule {
  type: SchemaType;
  description?: string;
  docUrl?: string;
  keys?: Record<string, Rule>;
  required?: string[];
  /** Keys added by a sibling's value (a deploy's `to:`). */
  variant?: { by: string; keys: Record<string, Record<string, Rule>> };
  values?: (string | number | boolean)[];
  valueDescriptions?: Record<string, string>;
  items?: Rule;
  server?: ServerValueKind;
  open?: boolean;
}

const timeout: Rule = {
  type: 'object',
  description: 'A timeout: one unit.',
  keys: { days: { type: 'integer' }, hours: { type: 'integer' }, minutes: { type: 'integer' }, seconds: { type: 'integer' } },
};

const actionItem: Rule = {
  type: 'object',
  keys: {
    deploy: {
      type: 'object',
      description: 'Deploys the software.',
      required: ['to'],
      keys: {
        to: {
          type: 'string',
          description: 'Where the files go.',
          values: ['tmpfs', 'tftp', 'fastboot', 'flasher'],
          valueDescriptions: { tmpfs: 'A temporary directory on the worker.' },
        },
        timeout,
      },
      variant: {
        by: 'to',
        keys: {
          tmpfs: { images: { type: 'object' } },
          tftp: { kernel: { type: 'object' }, ramdisk: { type: 'object' }, dtb: { type: 'object' } },
        },
      },
    },
    boot: {
      type: 'object',
      required: ['method'],
      keys: {
        method: { type: 'string', values: ['qemu', 'u-boot', 'minimal'] },
        timeout,
        prompts: { type: 'array', items: { type: 'string' } },
      },
      variant: { by: 'method', keys: { 'u-boot': { commands: { type: 'string', values: ['nfs', 'ramdisk'] } } } },
    },
    test: {
      type: 'object',
      keys: {
        timeout,
        definitions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['from', 'name', 'path'],
            keys: {
              from: { type: 'string', values: ['git', 'inline'] },
              repository: { type: 'string' },
              path: { type: 'string' },
              name: { type: 'string' },
            },
          },
        },
      },
    },
    command: { type: 'object', keys: { name: { type: 'string' } } },
  },
};

export const ROOT: Rule = {
  type: 'object',
  required: ['job_name', 'device_type', 'timeouts', 'actions'],
  keys: {
    job_name: { type: 'string', description: 'The name of the job.', docUrl: 'https://docs.lavasoftware.org/lava/job_definition.html' },
    device_type: { type: 'string', server: 'device-type', description: 'The device type.' },
    timeouts: {
      type: 'object',
      description: 'Timeouts of the job and its actions.',
      docUrl: 'https://docs.lavasoftware.org/lava/timeouts.html',
      required: ['job'],
      keys: { job: timeout, action: timeout },
    },
    priority: { type: 'string', values: ['high', 'medium', 'low'] },
    visibility: { type: 'string', values: ['public', 'personal'] },
    tags: { type: 'array', items: { type: 'string', server: 'device-tag' } },
    context: { type: 'object', open: true },
    actions: { type: 'array', items: actionItem },
  },
};

function keysOf(rule: Rule, data: unknown): Record<string, Rule> {
  const keys = { ...(rule.keys ?? {}) };
  if (rule.variant && typeof data === 'object' && data !== null) {
    const chosen = (data as Record<string, unknown>)[rule.variant.by];
    if (typeof chosen === 'string') Object.assign(keys, rule.variant.keys[chosen] ?? {});
  }
  return keys;
}

function toAt(rule: Rule, data: unknown): SchemaAt {
  const keys = keysOf(rule, data);
  return {
    description: rule.description,
    docUrl: rule.docUrl,
    types: [rule.type],
    keys: Object.entries(keys).map(([name, r]) => ({
      name,
      required: (rule.required ?? []).includes(name),
      description: r.description,
      docUrl: r.docUrl,
      types: [r.type],
    })),
    openKeys: !!rule.open,
    values: (rule.values ?? []).map((value) => ({ value, description: rule.valueDescriptions?.[String(value)] })),
    serverValues: rule.server,
  };
}

export class FakeSchema implements JobSchemaQuery {
  readonly lavaVersion = '2023.01';
  calls = 0;
  at(data: unknown, path: YamlPath): SchemaAt | undefined {
    this.calls++;
    let rule: Rule | undefined = ROOT;
    let here: unknown = data;
    for (const p of path) {
      if (!rule) return undefined;
      if (typeof p === 'number') rule = rule.items;
      else rule = keysOf(rule, here)[p];
      here = typeof here === 'object' && here !== null ? (here as Record<string | number, unknown>)[p] : undefined;
    }
    return rule ? toAt(rule, here) : undefined;
  }
}
