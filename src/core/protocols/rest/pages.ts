import { RequestOptions, httpGet } from '../../net/http';

/** One page of a DRF list: its items and its `next` link (null on the last page). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export interface PagesResult<T> {
  items: T[];
  /** False when reading stopped before the last page (the item or page limit, or a `next` off the server). */
  complete: boolean;
}

/**
 * DRF's `next` link moved onto the configured server: the query it names, on the
 * list's own URL (LAVA behind a TLS proxy often names itself `http://`, or by an
 * inner host name). A relative link is read against the page it came from.
 * Undefined when the link names another endpoint: the token is never taken elsewhere.
 */
export function nextPageUrl(pageUrl: string, next: string): string | undefined {
  let target: URL;
  try {
    target = new URL(next, pageUrl);
  } catch {
    return undefined;
  }
  const page = new URL(pageUrl);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return undefined;
  if (target.pathname !== page.pathname) return undefined;
  return page.origin + page.pathname + target.search;
}

/** Reads a paginated list page after page, at most `maxItems` items and `maxPages` pages. */
export async function readPages<T>(
  firstUrl: string,
  http: RequestOptions,
  parsePage: (body: string) => Page<T>,
  limits: { maxItems?: number; maxPages: number },
): Promise<PagesResult<T>> {
  const items: T[] = [];
  const maxItems = limits.maxItems ?? Infinity;
  let url: string | undefined = firstUrl;
  for (let page = 0; page < limits.maxPages; page++) {
    const res = await httpGet(url, http);
    const { items: pageItems, next } = parsePage(res.body);
    items.push(...pageItems.slice(0, maxItems - items.length));
    if (next === null) return { items, complete: true };
    if (items.length >= maxItems) return { items, complete: false };
    url = nextPageUrl(url, next);
    if (!url) return { items, complete: false };
  }
  return { items, complete: false };
}
