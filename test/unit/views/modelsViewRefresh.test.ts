import assert from 'node:assert/strict';
import type { ModelStatusInput } from '../../../src/core/views/modelStatus';
import { ModelsViewRefresh } from '../../../src/core/views/modelsViewRefresh';
import { ManualTimers } from '../../support/manualTimers';

/** 10:00 local time: the next local midnight is 14 h away. */
const NOW = new Date(2026, 10, 24, 10, 0, 0).getTime();


function status(health: ModelStatusInput['health'] = []): ModelStatusInput {
  const none = { knownUsd: 0, unknownCount: 0, count: 0 };
  return { now: NOW, health, byModel: { today: [], week: [], month: [] }, decisions: {}, budget: { today: none, month: none }, experiments: [], byVariant: [] };
}

function setup(health: ModelStatusInput['health'] = []) {
  const timers = new ManualTimers();
  const gathered: ModelStatusInput[] = [];
  const shown: ModelStatusInput[] = [];
  const refresher = new ModelsViewRefresh({
    gather: () => {
      const s = status(health);
      gathered.push(s);
      return s;
    },
    show: (s) => shown.push(s),
    now: () => NOW,
    schedule: timers.schedule,
  });
  return { refresher, timers, gathered, shown };
}

describe('Models view refresh', () => {
  it('gathers the status once per refresh, and the tree and the status bar show that one status', () => {
    const { refresher, gathered, shown } = setup();
    refresher.refreshNow();
    assert.equal(gathered.length, 1, 'one gather for the tree and the status bar together');
    assert.equal(shown.length, 1);
    assert.equal(shown[0], gathered[0], 'what is shown is what was gathered, not a second reading');
  });

  it('after dispose, neither reads nor shows the status again, and leaves no timer set', () => {
    const { refresher, timers, gathered, shown } = setup();
    refresher.refreshNow();
    refresher.request();
    refresher.dispose();
    assert.equal(timers.count, 0, 'the pending refresh and the wake-up are cancelled');
    // An event that fires while the extension shuts down.
    refresher.request();
    refresher.refreshNow();
    timers.fireAll();
    assert.equal(timers.count, 0, 'nothing scheduled after dispose');
    assert.equal(gathered.length, 1);
    assert.equal(shown.length, 1);
  });

  it('serves a burst of requests with one refresh, and so one gather', () => {
    const { refresher, timers, gathered, shown } = setup();
    for (let i = 0; i < 5; i++) refresher.request();
    assert.deepEqual(timers.delays, [250], 'one refresh pending for the whole burst');
    assert.equal(gathered.length, 0, 'nothing is read before the delay');
    timers.fire(250);
    assert.equal(gathered.length, 1);
    assert.deepEqual(shown, gathered);
    refresher.request();
    assert.deepEqual(timers.delays.filter((ms) => ms === 250), [250], 'a request after the refresh schedules the next one');
  });

  it('wakes up by itself when a circuit may probe again, else shortly after local midnight', () => {
    const probing = setup([{ modelId: 'm', state: 'open', probeDue: false, probeAt: NOW + 5_000 }]);
    probing.refresher.refreshNow();
    assert.deepEqual(probing.timers.delays, [1_000], 'the last seconds of a cool-down count down second by second');
    probing.timers.fire(1_000);
    assert.equal(probing.gathered.length, 2, 'the wake-up is one more refresh, with one gather');

    const idle = setup();
    idle.refresher.refreshNow();
    assert.deepEqual(idle.timers.delays, [14 * 3_600_000 + 5_000]);
  });

  it('counts an open circuit\'s "probe in" down while the view shows it, instead of leaving it frozen', () => {
    const open = setup([{ modelId: 'm', state: 'open', probeDue: false, probeAt: NOW + 30_000 }]);
    open.refresher.refreshNow();
    assert.deepEqual(open.timers.delays, [5_000], 'the next figure (25 s) is shown 5 s later');
    const longer = setup([{ modelId: 'm', state: 'open', probeDue: false, probeAt: NOW + 12_000 }]);
    longer.refresher.refreshNow();
    assert.deepEqual(longer.timers.delays, [2_000], 'then the countdown reaches the last ten seconds');
  });

  it('cancels its timers when disposed', () => {
    const { refresher, timers } = setup();
    refresher.refreshNow();
    refresher.request();
    assert.equal(timers.delays.length, 2);
    refresher.dispose();
    assert.deepEqual(timers.delays, []);
  });
});
