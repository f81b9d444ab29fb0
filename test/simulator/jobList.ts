// GET /api/v0.2/jobs/ : django-filter filters, DRF OrderingFilter and
// LimitOffsetPagination (PAGE_SIZE 50), with next/previous links built like DRF.
import { RestJob } from './restJob';

/** A query string as Python's parse_qs(keep_blank_values=True) sees it (key order kept). */
export function parseQuery(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of raw.split(/[&;]/)) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const dec = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    const k = dec(eq < 0 ? part : part.slice(0, eq));
    const v = eq < 0 ? '' : dec(part.slice(eq + 1));
    out.set(k, [...(out.get(k) ?? []), v]);
  }
  return out;
}

/** Python's urllib.parse.quote_plus. */
function quotePlus(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/** DRF's replace_query_param / remove_query_param (val undefined): keys sorted, urlencoded. */
export function withQueryParam(base: string, rawQuery: string, key: string, val?: string): string {
  const q = parseQuery(rawQuery);
  if (val === undefined) q.delete(key);
  else q.set(key, [val]);
  const keys = [...q.keys()].sort();
  const enc = keys.flatMap((k) => (q.get(k) ?? []).map((v) => `${quotePlus(k)}=${quotePlus(v)}`)).join('&');
  return enc ? `${base}?${enc}` : base;
}

/** The last value of a parameter, like Django's QueryDict.get(). */
function param(q: Map<string, string[]>, key: string): string | undefined {
  const v = q.get(key);
  return v && v.length ? v[v.length - 1] : undefined;
}

/** DRF's _positive_int: a valid int >= 0 (> 0 when strict) or the fallback. */
function positiveInt(s: string | undefined, fallback: number, strict: boolean): number {
  if (s === undefined || !/^\s*[-+]?\d+\s*$/.test(s)) return fallback;
  const n = parseInt(s, 10);
  if (n < 0 || (strict && n === 0)) return fallback;
  return n;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export const PAGE_SIZE = 50;

/** LimitOffsetPagination over items; `base` is the absolute URL without query. */
export function limitOffsetPage<T>(items: T[], base: string, rawQuery: string): Page<T> {
  const q = parseQuery(rawQuery);
  const limit = positiveInt(param(q, 'limit'), PAGE_SIZE, true);
  const offset = positiveInt(param(q, 'offset'), 0, false);
  const count = items.length;
  let next: string | null = null;
  if (offset + limit < count) {
    const withLimit = withQueryParam(base, rawQuery, 'limit', String(limit));
    const [b, qs] = splitUrl(withLimit);
    next = withQueryParam(b, qs, 'offset', String(offset + limit));
  }
  let previous: string | null = null;
  if (offset > 0) {
    const [b, qs] = splitUrl(withQueryParam(base, rawQuery, 'limit', String(limit)));
    previous = offset - limit <= 0 ? withQueryParam(b, qs, 'offset') : withQueryParam(b, qs, 'offset', String(offset - limit));
  }
  return { count, next, previous, results: items.slice(offset, offset + limit) };
}

function splitUrl(url: string): [string, string] {
  const i = url.indexOf('?');
  return i < 0 ? [url, ''] : [url.slice(0, i), url.slice(i + 1)];
}

const ORDER_FIELDS = ['id', 'start_time', 'end_time', 'submit_time'] as const;
type OrderField = (typeof ORDER_FIELDS)[number];

function orderValue(job: RestJob, field: OrderField, now: number): number | null {
  if (field === 'id') return Number.isFinite(Number(job.id)) ? Number(job.id) : Number.MAX_SAFE_INTEGER;
  return job.timeField(field, now);
}

/** Applies the filters and `ordering` of the job list (the jobs given are the visible ones). */
export function filterJobs(jobs: RestJob[], rawQuery: string, now: number = Date.now()): RestJob[] {
  const q = parseQuery(rawQuery);
  const exact: [string, (j: RestJob) => string][] = [
    ['state', (j) => j.state(now)],
    ['health', (j) => (j.state(now) === 'Finished' ? j.finalHealth : 'Unknown')],
    ['submitter__username', (j) => j.submitter],
    ['requested_device_type', (j) => j.deviceType],
    ['requested_device_type__name', (j) => j.deviceType],
    ['actual_device', (j) => String(j.toJson(false).actual_device ?? '')],
    ['id', (j) => j.id],
    // MultiNode: target_group is not in the job JSON, but each sub-job's `definition` has it
    // (protocols.lava-multinode.target_group); multinode_definition is the whole submitted text
    ['target_group', (j) => j.targetGroup ?? ''],
    ['multinode_definition', (j) => j.multinodeDefinition],
    // TestJobFilter's `description` exact lookup (case-sensitive on PostgreSQL): "Compare with Previous Run"
    ['description', (j) => j.description],
  ];
  let out = jobs;
  for (const [key, get] of exact) {
    const v = param(q, key);
    if (v !== undefined && v !== '') out = out.filter((j) => get(j) === v);
    const list = param(q, `${key}__in`);
    if (list !== undefined && list !== '') {
      const set = new Set(list.split(','));
      out = out.filter((j) => set.has(get(j)));
    }
  }
  const contains = param(q, 'description__icontains');
  if (contains)
    out = out.filter((j) =>
      String(j.toJson(false).description ?? '')
        .toLowerCase()
        .includes(contains.toLowerCase()),
    );
  for (const [key, keep] of [
    ['id__gt', (a: number, b: number) => a > b],
    ['id__lt', (a: number, b: number) => a < b],
  ] as const) {
    const v = param(q, key);
    if (v !== undefined && /^\s*-?\d+\s*$/.test(v)) out = out.filter((j) => keep(Number(j.id), Number(v)));
  }
  // OrderingFilter: unknown fields are ignored; PostgreSQL puts NULLs last ascending, first descending.
  const terms = (param(q, 'ordering') ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => (ORDER_FIELDS as readonly string[]).includes(t.replace(/^-/, '')));
  const sorted = [...out].sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
  if (!terms.length) return sorted;
  return sorted.sort((a, b) => {
    for (const t of terms) {
      const desc = t.startsWith('-');
      const f = t.replace(/^-/, '') as OrderField;
      const x = orderValue(a, f, now);
      const y = orderValue(b, f, now);
      if (x === y) continue;
      if (x === null) return desc ? -1 : 1;
      if (y === null) return desc ? 1 : -1;
      return desc ? y - x : x - y;
    }
    return 0;
  });
}
