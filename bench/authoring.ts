// Offline checks of a job definition as you type (issue 23): `checkDefinition` (one bounded parse + the
// schema walk) of a 2 000-line definition, and `JobSchemaQuery.at` for a completion deep in it.
// Synchronous extension-host time, performance.now over repeated runs: median and worst.
import { Bench, goalRow, measure, Row } from './common';
import { checkDefinition } from '../src/core/jobSchema/checkDefinition';
import { jobSchemaQuery } from '../src/core/jobSchema/schemaQuery';
import { parseTree } from '../src/core/jobSchema/yamlTree';

/** A definition of about `lines` lines: the usual header, then deploy/boot/test triples (a typo in every tenth boot). */
export function longDefinition(lines: number): string {
  const head = `device_type: qemu
job_name: a long job
visibility: public
priority: medium
timeouts:
  job:
    hours: 4
  action:
    minutes: 10
context:
  arch: amd64
actions:
`;
  const triple = (i: number) => `- deploy:
    timeout:
      minutes: 5
    to: tmpfs
    images:
      rootfs:
        url: https://example.invalid/rootfs-${i}.img.gz
        image_arg: -drive format=raw,file={rootfs}
        compression: gz
- boot:
    timeout:
      minutes: 5
    method: ${i % 10 === 0 ? 'qemux' : 'qemu'}
    media: tmpfs
    prompts:
    - 'root@debian:~#'
- test:
    timeout:
      minutes: 5
    definitions:
    - repository: https://example.invalid/tests.git
      from: git
      path: smoke-${i}.yaml
      name: smoke-${i}
`;
  let text = head;
  for (let i = 0; text.split('\n').length < lines; i++) text += triple(i);
  return text;
}

export const authoringBench: Bench = async (opts) => {
  const runs = opts.smoke ? 5 : 50;
  const text = longDefinition(2000);
  const lines = text.split('\n').length;
  checkDefinition(text); // the yaml library loaded, the code compiled
  let problems = 0;
  const check = measure(runs, () => {
    problems = checkDefinition(text).length;
  });
  const tree = parseTree(text);
  const query = jobSchemaQuery();
  const actions = (tree.data as { actions: unknown[] }).actions.length;
  const at = measure(runs, () => {
    query.at(tree.data, ['actions', actions - 2, 'boot', 'method']);
  });
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const rows: Row[] = [
    goalRow(
      {
        bench: 'authoring',
        variant: `checkDefinition, ${lines} lines, ${problems} problems`,
        metric: `time, worst of ${runs} (median)`,
        value: check.max,
        shown: `${ms(check.max)} (${ms(check.median)})`,
        max: 100,
        goalText: '≤ 100 ms',
      },
      'the yaml library parse of the whole text (per node)',
    ),
    goalRow(
      {
        bench: 'authoring',
        variant: `JobSchemaQuery.at, the last boot's method (${actions} actions)`,
        metric: `time, worst of ${runs} (median)`,
        value: at.max,
        shown: `${ms(at.max)} (${ms(at.median)})`,
        max: 50,
        goalText: '≤ 50 ms',
      },
      'the schema variants matched against the actions list (job-level if/then rules)',
    ),
  ];
  return {
    name: 'authoring',
    title: 'Job definitions: offline check and schema query (issue 23)',
    rows,
    notes: ['Synchronous time on the extension host thread (performance.now); the parse is included in checkDefinition.'],
    details: { lines, problems, check, at },
  };
};
