// Commands end to end over the simulator (real HTTP), as the Command Palette runs them: the
// user's answers come from the fake, what they see is read back from it.
import { fake, quickJob, World, world } from './harness';
import assert from 'node:assert/strict';
import { cancelJobCommand } from '../../../src/vscode/commands/cancelJob';
import { followJobCommand } from '../../../src/vscode/commands/followJob';
import { forgetTokenCommand } from '../../../src/vscode/commands/forgetToken';
import { setTokenCommand } from '../../../src/vscode/commands/setToken';
import { stopFollowingCommand } from '../../../src/vscode/commands/stopFollowing';
import * as vscode from 'vscode';
import { jobLogUri } from '../../../src/core/document/jobLogUri';
import { FOLLOWING_CONTEXT, trackFollowingContext } from '../../../src/vscode/follow/followingContext';

describe('vscode commands over the simulator (fake vscode)', function () {
  this.timeout(20000);
  let w: World;
  beforeEach(async () => {
    w = await world();
  });
  afterEach(() => w.stop());

  it('Follow Job: the id typed in the input box is followed into its channel, to the finish notification', async () => {
    quickJob(w.sim, '12');
    fake.answerInputs(() => '12');
    await followJobCommand(w.deps);
    assert.equal(fake.inputBoxes.length, 1);
    assert.equal(fake.inputBoxes[0].options.title, 'LAVA: Follow Job');
    const channel = fake.channel('LAVA job 12');
    assert.ok(channel, 'a channel named after the job');
    assert.ok(channel.shown > 0, 'the channel is shown');
    const done = await fake.message((m) => /LAVA job 12/.test(m.message) && /Complete/.test(m.message));
    assert.equal(done.severity, 'information');
    assert.deepEqual(done.buttons, ['Show Results', 'Open Job Log', 'More…']);
    // The log itself reached the channel (a line of the captured job), and the follow is over.
    assert.match(channel.text, /^\d\d:\d\d:\d\d start: 0 validate$/m);
    assert.equal(w.deps.follows.list().length, 0);
  });

  it('Follow Job: an invalid argument is refused with a message and nothing is followed', async () => {
    await followJobCommand(w.deps, 'not a job');
    assert.equal(fake.messages.length, 1);
    assert.equal(fake.messages[0].severity, 'error');
    assert.match(fake.messages[0].message, /^LAVA: Follow Job: /);
    assert.equal(fake.channels.length, 0);
    assert.equal(w.deps.follows.list().length, 0);
  });

  it('Follow Job twice: the second shows the same channel, one follow', async () => {
    quickJob(w.sim, '13', 'Complete', { linesPerSecond: 5 });
    await followJobCommand(w.deps, '13');
    await followJobCommand(w.deps, '13');
    assert.equal(fake.channels.length, 1);
    assert.equal(fake.channels[0].shown, 2);
    assert.equal(w.deps.follows.list().length, 1);
    stopFollowingCommand(w.deps.follows);
  });

  it('Cancel Job: a followed job is picked, confirmed in a modal, sent to LAVA, told in the status bar', async () => {
    quickJob(w.sim, '20', 'Complete', { linesPerSecond: 2 });
    await followJobCommand(w.deps, '20');
    fake.answerQuickPicks((items) => items[0]);
    fake.answerMessages((m) => (m.modal ? 'Cancel Job' : undefined));
    await cancelJobCommand(w.deps);
    const question = fake.messages.find((m) => m.modal)!;
    assert.equal(question.severity, 'warning');
    assert.match(question.message, /20/);
    assert.deepEqual(question.buttons, ['Cancel Job', 'Keep It Running']);
    assert.equal(fake.quickPicks[0].items[0].label, 'LAVA job 20');
    // A followed job: told in the status bar (its finish notification tells the end), still followed.
    assert.deepEqual(fake.statusMessages, ['LAVA job 20: Job cancel signal sent. Following it until it has ended.']);
    assert.equal(fake.messages.length, 1);
    assert.ok(w.sim.restJob('20').cancelRequested);
    assert.equal(w.deps.follows.list().length, 1);
  });

  it('Cancel Job: "Keep It Running" sends nothing', async () => {
    quickJob(w.sim, '21', 'Complete', { linesPerSecond: 2 });
    fake.answerInputs(() => '21');
    fake.answerMessages(() => 'Keep It Running');
    await cancelJobCommand(w.deps);
    assert.equal(fake.messages.length, 1);
    assert.equal(w.sim.restJob('21').state(), 'Running');
  });

  it('Cancel Job on a job not followed: offers to follow it', async () => {
    quickJob(w.sim, '22', 'Complete', { linesPerSecond: 2 });
    fake.answerMessages((m) => (m.modal ? 'Cancel Job' : undefined));
    await cancelJobCommand(w.deps, w.sim.url, '22');
    assert.equal(fake.quickPicks.length, 0, 'a button names the job: no question which');
    const told = fake.messages[fake.messages.length - 1];
    assert.equal(told.severity, 'information');
    assert.deepEqual(told.buttons, ['Follow']);
    assert.notEqual(w.sim.restJob('22').state(), 'Running');
  });

  it("Cancel Job… from a job log document's menu: that job (its URI), no question which, then the modal", async () => {
    quickJob(w.sim, '23', 'Complete', { linesPerSecond: 2 });
    quickJob(w.sim, '24', 'Complete', { linesPerSecond: 2 });
    await followJobCommand(w.deps, '24'); // another job followed: without the URI, a pick would ask which
    fake.answerQuickPicks((items) => items[0]);
    fake.answerMessages((m) => (m.modal ? 'Cancel Job' : undefined));
    const uri = vscode.Uri.from(jobLogUri({ serverUrl: w.sim.url, jobId: '23' }));
    await cancelJobCommand(w.deps, uri, { groupId: 1 }); // what the editor title menu passes
    assert.equal(fake.quickPicks.length, 0, 'no question which job');
    assert.match(fake.messages.find((m) => m.modal)!.message, /\b23\b/);
    assert.ok(w.sim.restJob('23').cancelRequested);
    assert.ok(!w.sim.restJob('24').cancelRequested);
    w.deps.follows.stopAll();
  });

  it("Cancel Job… from a job channel's context menu: the channel's job", async () => {
    quickJob(w.sim, '25', 'Complete', { linesPerSecond: 2 });
    quickJob(w.sim, '26', 'Complete', { linesPerSecond: 2 });
    await followJobCommand(w.deps, '25');
    await followJobCommand(w.deps, '26');
    fake.answerQuickPicks((items) => items[0]);
    fake.answerMessages((m) => (m.modal ? 'Cancel Job' : undefined));
    const uri = vscode.Uri.from({ scheme: 'output', path: 'extension-output-lava-follow.lava-follow-#2-LAVA job 26' });
    await cancelJobCommand(w.deps, uri);
    assert.equal(fake.quickPicks.length, 0, 'no question which job');
    assert.ok(w.sim.restJob('26').cancelRequested);
    assert.ok(!w.sim.restJob('25').cancelRequested);
    w.deps.follows.stopAll();
  });

  it('the lava.following context key (Stop Following… in the palette) is true while a job is followed', async () => {
    const key = trackFollowingContext(w.deps.follows);
    const told = () => fake.executed.filter((e) => e.command === 'setContext' && e.args[0] === FOLLOWING_CONTEXT).map((e) => e.args[1]);
    assert.deepEqual(told(), [false]);
    quickJob(w.sim, '27', 'Complete', { linesPerSecond: 2 });
    quickJob(w.sim, '28', 'Complete', { linesPerSecond: 2 });
    await followJobCommand(w.deps, '27');
    await followJobCommand(w.deps, '28');
    assert.deepEqual(told(), [false, true], 'set once per change of its value');
    w.deps.follows.stopAll();
    assert.deepEqual(told(), [false, true, false]);
    key.dispose();
  });

  it('Set Token… then Forget Token: the token goes to SecretStorage only, and goes away', async () => {
    await w.deps.tokens.forget(w.sim.url);
    fake.answerInputs(() => 'anothertoken0123456789');
    await setTokenCommand(w.deps.tokens);
    assert.equal(fake.inputBoxes[0].options.password, true);
    assert.equal(w.secrets.values.get(`lava.token:${w.sim.url}`), 'anothertoken0123456789');
    assert.match(fake.messages[0].message, /LAVA token saved for sim/);
    await forgetTokenCommand(w.deps.tokens);
    assert.equal(w.secrets.values.size, 0);
    assert.match(fake.messages[1].message, /LAVA token forgotten for sim/);
  });
});
