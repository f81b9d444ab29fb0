// The shipped snippets (snippets/lava-job.code-snippets) as the jobs a user gets: each placeholder
// at its default (the first choice), a fragment placed where it goes in a whole job.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../../simulator/fixtures';

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

export function snippets(): Record<string, Snippet> {
  // JSON with comments and trailing commas, as VS Code reads snippet files (and Prettier writes them).
  const text = fs.readFileSync(path.join(repoRoot(), 'snippets', 'lava-job.code-snippets'), 'utf8');
  return JSON.parse(text.replace(/,(\s*[\]}])/g, '$1')) as Record<string, Snippet>;
}

/** The body with `${1:x}` → x, `${1|a,b|}` → a, `$0` → nothing. */
export function expand(body: readonly string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\d+/g, '');
}

const HEAD = `job_name: snippet check
visibility: public
timeouts:
  job:
    minutes: 30
`;

const QEMU_ACTIONS = `- deploy:
    to: tmpfs
    images:
      rootfs:
        url: https://example.org/rootfs.img.gz
        image_arg: -drive format=raw,file={rootfs}
        compression: gz
- boot:
    method: qemu
    media: tmpfs
    prompts:
    - 'root@debian:~#'
`;

function indent(text: string, by: number): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? l : ' '.repeat(by) + l))
    .join('\n');
}

/** Each snippet as a whole job (name → YAML). */
export function snippetJobs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, s] of Object.entries(snippets())) {
    const text = expand(s.body);
    if (text.startsWith('job_name:')) out[name] = text;
    else if (text.startsWith('- deploy:')) out[name] = `${HEAD}device_type: beaglebone-black\nactions:\n${text}`;
    else if (text.startsWith('- repository:')) {
      out[name] =
        `${HEAD}device_type: qemu\ncontext:\n  arch: amd64\nactions:\n${QEMU_ACTIONS}- test:\n    definitions:\n${indent(text, 4)}`;
    } else if (text.startsWith('protocols:')) {
      const roles = '    role: [server, client]\n';
      const actions = QEMU_ACTIONS.replace('- deploy:\n', '- deploy:\n' + roles).replace('- boot:\n', '- boot:\n' + roles);
      out[name] = `${HEAD}${text}actions:\n${actions}`;
    } else throw new Error(`snippet ${name}: no job to place it in`);
  }
  return out;
}
