// How the LAVA view's nodes look: label, description, tooltip, icon (a codicon id, ours), colour and context
// value. Server text goes through plainTreeText (one line, bounded, no codicon); our words keep theirs.
import { JobSummary } from '../protocols/rest/jobList';
import {
  durationText,
  jobTooltipLines,
  LAVA_VIEW,
  loadMoreText,
  SECTION_LABELS,
  sectionDescription,
  waitingText,
  couldNotReadText,
} from '../text/lavaViewText';
import { plainTreeText } from '../untrusted/plainForSurface';
import { JobNode, JobsModel } from './jobsModel';

export interface Presentation {
  /** Stable across refreshes (VS Code keeps expansion and selection by it). */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  /** A theme colour id for the icon. */
  color?: string;
  contextValue?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
}

/** The longest tooltip line of server text. */
const TOOLTIP_LINE_MAX = 300;
const DESCRIPTION_MAX = 80;

/** A job's icon and colour for its state and health. */
export function jobIcon(job: Pick<JobSummary, 'state' | 'health'>): { icon: string; color?: string } {
  switch (job.state) {
    case 'Submitted':
      return { icon: 'clock' };
    case 'Scheduling':
    case 'Scheduled':
      return { icon: 'watch' };
    case 'Running':
      return { icon: 'sync~spin', color: 'charts.blue' };
    case 'Canceling':
      return { icon: 'circle-slash', color: 'charts.orange' };
    case 'Finished':
      if (job.health === 'Complete') return { icon: 'pass', color: 'testing.iconPassed' };
      if (job.health === 'Incomplete') return { icon: 'error', color: 'testing.iconFailed' };
      if (job.health === 'Canceled') return { icon: 'circle-slash' };
      return { icon: 'question' };
  }
}

function iso(ms: number | null): string | undefined {
  return ms === null
    ? undefined
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
}

/** What a job's description says: where it runs (device, or device type while queued) and for how long. */
export function jobDescription(job: JobSummary, now: number): string {
  const type = plainTreeText(job.requestedDeviceType ?? '?', DESCRIPTION_MAX);
  if (job.state === 'Submitted') return job.submitTime === null ? type : waitingText(now - job.submitTime, type);
  const where = job.actualDevice ? plainTreeText(job.actualDevice, DESCRIPTION_MAX) : type;
  if (job.startTime === null) return where;
  const end = job.endTime ?? now;
  return `${where} · ${durationText(end - job.startTime)}`;
}

export function jobTooltip(job: JobSummary): string {
  const p = (text: string) => plainTreeText(text, TOOLTIP_LINE_MAX);
  return jobTooltipLines({
    id: job.id,
    description: p(job.description),
    state: job.state,
    health: job.health,
    submitter: p(job.submitter),
    where: p(job.actualDevice ?? job.requestedDeviceType ?? '?'),
    submitted: iso(job.submitTime),
    started: iso(job.startTime),
    ended: iso(job.endTime),
  }).join('\n');
}

/** `lavaJob` plus what may be done: `.active` (cancel), `.finished` (results). The menus' `when` clauses match on these. */
export function jobContextValue(job: JobSummary | undefined): string {
  if (!job) return 'lavaJob';
  return job.state === 'Finished' ? 'lavaJob.finished' : 'lavaJob.active';
}

export function nodeId(node: JobNode): string {
  switch (node.kind) {
    case 'server':
      return `s|${node.serverUrl}`;
    case 'section':
      return `s|${node.serverUrl}|${node.section}`;
    case 'job':
      return `j|${node.serverUrl}|${node.section}|${node.jobId}`;
    case 'more':
      return `m|${node.serverUrl}|${node.section}`;
    case 'error':
      return `e|${node.serverUrl}|${node.section}`;
  }
}

export function presentJobNode(model: JobsModel, node: JobNode, now: number, quiet = false): Presentation {
  const p = presentNode(model, node, now);
  if (!quiet || node.kind !== 'job') return p;
  // A Running job silent for lava.quietMinutes (core/events/quietJobs.ts): marked, the rest as it is.
  return {
    ...p,
    description: p.description ? `${LAVA_VIEW.quiet} · ${p.description}` : LAVA_VIEW.quiet,
    tooltip: p.tooltip ? `${p.tooltip}\n${LAVA_VIEW.quietTooltip}` : LAVA_VIEW.quietTooltip,
    icon: 'warning',
    color: 'list.warningForeground',
  };
}

function presentNode(model: JobsModel, node: JobNode, now: number): Presentation {
  const id = nodeId(node);
  const server = model.server(node.serverUrl);
  switch (node.kind) {
    case 'server':
      return {
        id,
        label: plainTreeText(server?.server.name ?? node.serverUrl),
        description: plainTreeText(node.serverUrl),
        icon: 'server',
        contextValue: 'lavaServer',
        collapsible: 'expanded',
      };
    case 'section': {
      const label = SECTION_LABELS[node.section];
      if (node.section === 'following') {
        return { id, label, description: String(model.followingCount(node.serverUrl)), icon: 'eye', collapsible: 'expanded' };
      }
      const state = server?.sections.get(node.section);
      const description = state?.loaded ? sectionDescription(state.jobs.length, state.count) : undefined;
      const expanded = node.section === 'running' || node.section === 'queued' || node.section === 'mine';
      return { id, label, description, collapsible: expanded ? 'expanded' : 'collapsed', contextValue: `lavaSection.${node.section}` };
    }
    case 'job': {
      const job = model.job(node.serverUrl, node.jobId);
      if (!job) {
        return {
          id,
          label: `#${node.jobId}`,
          tooltip: LAVA_VIEW.followHint,
          icon: 'eye',
          contextValue: jobContextValue(undefined),
          collapsible: 'none',
        };
      }
      const { icon, color } = jobIcon(job);
      return {
        id,
        label: `#${job.id} ${plainTreeText(job.description)}`,
        description: jobDescription(job, now),
        tooltip: jobTooltip(job),
        icon,
        color,
        contextValue: jobContextValue(job),
        collapsible: 'none',
      };
    }
    case 'more': {
      const state = server?.sections.get(node.section);
      return {
        id,
        label: LAVA_VIEW.loadMore,
        description: state ? loadMoreText(state.jobs.length, state.count) : undefined,
        icon: 'ellipsis',
        contextValue: 'lavaLoadMore',
        collapsible: 'none',
      };
    }
    case 'error':
      return { id, label: plainTreeText(couldNotReadText(node.message)), icon: 'warning', collapsible: 'none' };
  }
}
