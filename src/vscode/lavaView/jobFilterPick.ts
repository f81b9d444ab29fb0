import * as vscode from 'vscode';
import { JobFilter, MAX_FILTER_TEXT } from '../../core/lavaView/jobFilter';
import { DevicesModel } from '../../core/lavaView/devicesModel';
import { JobHealth } from '../../core/model/job';
import { JobState } from '../../core/protocols/rest/restJob';
import { LAVA_VIEW } from '../../core/text/lavaViewText';
import { plainLabel } from '../../core/untrusted/plainForSurface';

const STATES: readonly JobState[] = ['Submitted', 'Scheduling', 'Scheduled', 'Running', 'Canceling', 'Finished'];
const HEALTHS: readonly JobHealth[] = ['Unknown', 'Complete', 'Incomplete', 'Canceled'];
const ANY = '—';

type Field = 'state' | 'health' | 'deviceType' | 'submitter' | 'descriptionContains' | 'sinceHours';

/** Filter Jobs…: which filter, then its value (one at a time; the others are kept). Undefined when dismissed. */
export async function askJobFilter(current: JobFilter, _devices: DevicesModel): Promise<JobFilter | undefined> {
  const value = (v: unknown) => (v === undefined || v === '' ? ANY : plainLabel(String(v)));
  const fields: { label: string; description: string; field: Field }[] = [
    { label: LAVA_VIEW.filterState, description: value(current.state), field: 'state' },
    { label: LAVA_VIEW.filterHealth, description: value(current.health), field: 'health' },
    { label: LAVA_VIEW.filterDeviceType, description: value(current.deviceType), field: 'deviceType' },
    { label: LAVA_VIEW.filterSubmitter, description: value(current.submitter), field: 'submitter' },
    { label: LAVA_VIEW.filterDescription, description: value(current.descriptionContains), field: 'descriptionContains' },
    { label: LAVA_VIEW.filterSince, description: value(current.sinceHours), field: 'sinceHours' },
  ];
  const picked = await vscode.window.showQuickPick(fields, { title: LAVA_VIEW.filterTitle, placeHolder: LAVA_VIEW.filterPick });
  if (!picked) return undefined;
  const next: JobFilter = { ...current };
  switch (picked.field) {
    case 'state':
    case 'health': {
      const words: readonly string[] = picked.field === 'state' ? STATES : HEALTHS;
      const choice = await vscode.window.showQuickPick([ANY, ...words], { title: LAVA_VIEW.filterTitle, placeHolder: picked.label });
      if (choice === undefined) return undefined;
      if (picked.field === 'state') next.state = choice === ANY ? undefined : (choice as JobState);
      else next.health = choice === ANY ? undefined : (choice as JobHealth);
      return next;
    }
    case 'sinceHours': {
      const text = await vscode.window.showInputBox({
        title: LAVA_VIEW.filterTitle,
        prompt: LAVA_VIEW.filterSincePrompt,
        value: current.sinceHours ? String(current.sinceHours) : '',
        validateInput: (v) =>
          v.trim() === '' || (/^\d{1,4}$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 8760) ? undefined : LAVA_VIEW.filterSinceInvalid,
      });
      if (text === undefined) return undefined;
      next.sinceHours = text.trim() === '' ? undefined : Number(text.trim());
      return next;
    }
    default: {
      const field = picked.field;
      const text = await vscode.window.showInputBox({
        title: LAVA_VIEW.filterTitle,
        prompt: `${picked.label}: ${LAVA_VIEW.filterValuePrompt}`,
        value: current[field] ?? '',
      });
      if (text === undefined) return undefined;
      const trimmed = text.trim().slice(0, MAX_FILTER_TEXT);
      next[field] = trimmed === '' ? undefined : trimmed;
      return next;
    }
  }
}
