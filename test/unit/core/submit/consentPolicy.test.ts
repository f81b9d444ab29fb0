// Submit consent: which server a document goes to, when the user is asked, what Restricted Mode
// holds back, and the remembered choices (bounded, across reloads, untitled ones in memory only).
import assert from 'node:assert/strict';
import { ServerConfig } from '../../../../src/core/config/servers';
import {
  ChoiceStore,
  MAX_CHOICES,
  remembersChoice,
  resubmitNeedsConfirmation,
  saveValidation,
  SUBMIT_CHOICES_KEY,
  SubmitChoices,
  SubmitRequest,
  submitStep,
} from '../../../../src/core/submit/consentPolicy';

const server = (name: string): ServerConfig => ({ name, url: `https://${name}.example.org` });
const [A, B, C, D, E] = ['a', 'b', 'c', 'd', 'e'].map(server);
const GONE = 'https://gone.example.org';

/** A step written short: `send a`, `confirm a untrusted`, `pick b,a,c (current b)`, `no-server`. */
function short(req: SubmitRequest): string {
  const step = submitStep(req);
  switch (step.kind) {
    case 'no-server':
      return 'no-server';
    case 'send':
      return `send ${step.server.name}`;
    case 'confirm':
      return `confirm ${step.server.name} ${step.why}`;
    case 'pick':
      return `pick ${step.servers.map((s) => s.name).join(',')}${step.current ? ` (current ${step.current.name})` : ''}`;
  }
}

describe('consentPolicy: the step before a Submit', () => {
  const rows: [string, SubmitRequest, string][] = [
    ['no server configured', { trusted: true, servers: [] }, 'no-server'],
    ['no server configured, untrusted, a server requested', { trusted: false, servers: [], requested: A.url }, 'no-server'],
    ['one server, nothing chosen: asked (modal), trusted too', { trusted: true, servers: [A] }, 'confirm a first'],
    ['one server, nothing chosen, untrusted', { trusted: false, servers: [A] }, 'confirm a first'],
    ['several servers, nothing chosen: a pick of all', { trusted: true, servers: [A, B] }, 'pick a,b'],
    ['five servers: every one can be picked (the lens used to reach four)', { trusted: true, servers: [A, B, C, D, E] }, 'pick a,b,c,d,e'],
    ['chosen, trusted: sent without a question', { trusted: true, servers: [A, B], chosen: B.url }, 'send b'],
    ['chosen, untrusted: confirmed every time', { trusted: false, servers: [A, B], chosen: B.url }, 'confirm b untrusted'],
    ['chosen, one server, untrusted', { trusted: false, servers: [A], chosen: A.url }, 'confirm a untrusted'],
    ['chosen server no longer configured: asked again', { trusted: true, servers: [A, B], chosen: GONE }, 'pick a,b'],
    ['chosen server no longer configured, one left', { trusted: true, servers: [A], chosen: GONE }, 'confirm a first'],
    [
      'another server requested (an argument): confirmed, not sent',
      { trusted: true, servers: [A, B], chosen: A.url, requested: B.url },
      'confirm b requested',
    ],
    ['a server requested, nothing chosen: confirmed', { trusted: true, servers: [A, B], requested: B.url }, 'confirm b requested'],
    ['the chosen server requested, trusted: sent', { trusted: true, servers: [A, B], chosen: A.url, requested: A.url }, 'send a'],
    [
      'the chosen server requested, untrusted: confirmed',
      { trusted: false, servers: [A, B], chosen: A.url, requested: A.url },
      'confirm a untrusted',
    ],
    [
      'an unconfigured server requested: ignored (its URL gets no token, no job)',
      { trusted: true, servers: [A, B], chosen: A.url, requested: GONE },
      'send a',
    ],
    ['an unconfigured server requested, nothing chosen: asked', { trusted: true, servers: [A, B], requested: GONE }, 'pick a,b'],
    [
      '"Other server…": a pick of all, the chosen one first',
      { trusted: true, servers: [A, B, C], chosen: C.url, chooseAgain: true },
      'pick c,a,b (current c)',
    ],
    ['"Other server…", untrusted', { trusted: false, servers: [A, B, C], chosen: B.url, chooseAgain: true }, 'pick b,a,c (current b)'],
    [
      '"Other server…" with one server: a pick (it offers Add Server…)',
      { trusted: true, servers: [A], chosen: A.url, chooseAgain: true },
      'pick a (current a)',
    ],
    ['opened from a server: offered first, not chosen', { trusted: true, servers: [A, B, C], origin: B.url }, 'pick b,a,c'],
    [
      'opened from a server, chosen another: the chosen one is sent',
      { trusted: true, servers: [A, B, C], origin: B.url, chosen: C.url },
      'send c',
    ],
    ['opened from a server no longer configured', { trusted: true, servers: [A, B], origin: GONE }, 'pick a,b'],
  ];
  for (const [name, req, want] of rows) {
    it(`${name} → ${want}`, () => assert.equal(short(req), want));
  }

  it('an answer to a pick or a first/requested confirmation becomes the choice; a Restricted Mode confirmation does not change it', () => {
    assert.equal(remembersChoice(submitStep({ trusted: true, servers: [A, B] })), true);
    assert.equal(remembersChoice(submitStep({ trusted: false, servers: [A] })), true);
    assert.equal(remembersChoice(submitStep({ trusted: true, servers: [A, B], requested: B.url })), true);
    assert.equal(remembersChoice(submitStep({ trusted: false, servers: [A, B], chosen: A.url })), false);
    assert.equal(remembersChoice(submitStep({ trusted: true, servers: [A, B], chosen: A.url })), false);
    assert.equal(remembersChoice(submitStep({ trusted: true, servers: [] })), false);
  });
});

describe('consentPolicy: Restricted Mode sends nothing on its own', () => {
  const rows: [boolean, boolean, number, string][] = [
    [true, true, 1, 'validate'],
    [false, true, 1, 'untrusted'],
    [false, true, 3, 'untrusted'],
    [true, false, 1, 'off'],
    [false, false, 1, 'off'],
    [true, true, 0, 'no-server'],
    [false, true, 0, 'no-server'],
  ];
  for (const [trusted, enabled, servers, want] of rows) {
    it(`validation on save, trusted ${trusted}, setting ${enabled}, ${servers} server(s) → ${want}`, () =>
      assert.equal(saveValidation(trusted, enabled, servers), want));
  }

  it('a Resubmit asks first in Restricted Mode only', () => {
    assert.equal(resubmitNeedsConfirmation(false), true);
    assert.equal(resubmitNeedsConfirmation(true), false);
  });
});

class FakeState implements ChoiceStore {
  readonly values = new Map<string, unknown>();
  updates = 0;
  get(key: string): unknown {
    return this.values.get(key);
  }
  update(key: string, value: unknown): PromiseLike<void> {
    this.updates++;
    // As VS Code's Memento: stored as JSON.
    this.values.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

describe('consentPolicy: the choices remembered per document', () => {
  const FILE = 'file:///work/job.yaml';
  const OTHER = 'file:///work/other.yaml';
  const UNTITLED = 'untitled:Untitled-1';

  it('keeps a file’s choice in the workspace state: a new instance (a reload) reads it back', () => {
    const state = new FakeState();
    const before = new SubmitChoices(state);
    void before.set(FILE, A.url);
    void before.set(OTHER, B.url);
    const after = new SubmitChoices(state);
    assert.equal(after.get(FILE), A.url);
    assert.equal(after.get(OTHER), B.url);
    assert.equal(after.get('file:///work/never.yaml'), undefined);
  });

  it('keeps a file’s choice when the file closes', () => {
    const choices = new SubmitChoices(new FakeState());
    void choices.set(FILE, A.url);
    choices.closed(FILE);
    assert.equal(choices.get(FILE), A.url);
  });

  it('keeps an untitled document’s choice in memory only, and drops it when the document closes (its URI names the next new one)', () => {
    const state = new FakeState();
    const choices = new SubmitChoices(state);
    void choices.set(UNTITLED, A.url);
    assert.equal(choices.get(UNTITLED), A.url);
    assert.equal(state.updates, 0);
    assert.equal(new SubmitChoices(state).get(UNTITLED), undefined);
    choices.closed(UNTITLED);
    assert.equal(choices.get(UNTITLED), undefined);
  });

  it('writes the state only when a choice changes', () => {
    const state = new FakeState();
    const choices = new SubmitChoices(state);
    void choices.set(FILE, A.url);
    void choices.set(FILE, A.url);
    assert.equal(state.updates, 1);
    void choices.set(FILE, B.url);
    assert.equal(state.updates, 2);
    assert.equal(new SubmitChoices(state).get(FILE), B.url);
  });

  it(`remembers at most ${MAX_CHOICES} files, the least recently chosen forgotten first`, () => {
    const state = new FakeState();
    const choices = new SubmitChoices(state);
    for (let i = 0; i < MAX_CHOICES + 10; i++) {
      void choices.set(`file:///w/${i}.yaml`, A.url);
      if (i === 5) void choices.set('file:///w/0.yaml', B.url); // chosen again: newest
    }
    const stored = state.get(SUBMIT_CHOICES_KEY) as unknown[];
    assert.equal(stored.length, MAX_CHOICES);
    const reloaded = new SubmitChoices(state);
    // Oldest first: 1…5, 0 (re-chosen after 5), 6, 7…: the ten oldest are 1…5, 0, 6…9.
    assert.equal(reloaded.get('file:///w/0.yaml'), undefined);
    assert.equal(reloaded.get('file:///w/9.yaml'), undefined);
    assert.equal(reloaded.get('file:///w/10.yaml'), A.url);
    assert.equal(reloaded.get(`file:///w/${MAX_CHOICES + 9}.yaml`), A.url);
  });

  it('re-choosing moves a file to the newest end', () => {
    const state = new FakeState();
    const choices = new SubmitChoices(state);
    for (let i = 0; i < MAX_CHOICES; i++) void choices.set(`file:///w/${i}.yaml`, A.url);
    void choices.set('file:///w/0.yaml', B.url);
    void choices.set('file:///w/new.yaml', A.url);
    const reloaded = new SubmitChoices(state);
    assert.equal(reloaded.get('file:///w/0.yaml'), B.url);
    assert.equal(reloaded.get('file:///w/1.yaml'), undefined);
  });

  it('ignores a malformed or oversized stored value, keeping the well-formed entries', () => {
    const rows: unknown[] = [
      undefined,
      null,
      'file:///a',
      { [FILE]: A.url },
      [[FILE]],
      [[FILE, 42]],
      [[42, A.url]],
      [[FILE, A.url, 'extra']],
      [['x'.repeat(5000), A.url]],
      [[FILE, 'y'.repeat(5000)]],
    ];
    for (const value of rows) {
      const state = new FakeState();
      state.values.set(SUBMIT_CHOICES_KEY, value);
      assert.equal(new SubmitChoices(state).get(FILE), undefined, JSON.stringify(value)?.slice(0, 60));
    }
    const state = new FakeState();
    state.values.set(SUBMIT_CHOICES_KEY, [[FILE, 1], 'junk', [OTHER, B.url]]);
    const choices = new SubmitChoices(state);
    assert.equal(choices.get(FILE), undefined);
    assert.equal(choices.get(OTHER), B.url);
  });

  it('does not remember an oversized URI (asked again next time) and works without a store', () => {
    const choices = new SubmitChoices();
    void choices.set(`file:///${'a'.repeat(5000)}.yaml`, A.url);
    assert.equal(choices.get(`file:///${'a'.repeat(5000)}.yaml`), undefined);
    void choices.set(FILE, A.url);
    assert.equal(choices.get(FILE), A.url);
  });
});
