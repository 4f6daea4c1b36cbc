// Cursor pagination: a page is `{"items": [...], "next_<param>": cursor | null}`; pass `<param>=cursor` for the
// next one (`next_before` → `?before=`, `next_after` → `?after=`).

export interface Page<T = unknown> {
  items: T[];
  [key: string]: unknown;
}

/** The query parameter and value that fetch the page after `page`; null on the last page. */
export function nextCursor(page: Page): [string, string | number] | null {
  for (const [key, value] of Object.entries(page)) {
    if (key.startsWith("next_") && value !== null && value !== undefined) {
      return [key.slice("next_".length), value as string | number];
    }
  }
  return null;
}

/** Every item of a listing, page after page: `fetch(query)` answers one page for the given query. */
export async function* pages<T>(
  fetch: (query: Record<string, string | number>) => Promise<Page<T>>,
  query: Record<string, string | number> = {},
): AsyncGenerator<T> {
  const next = { ...query };
  for (;;) {
    const page = await fetch(next);
    yield* page.items;
    const cursor = nextCursor(page);
    if (cursor === null) return;
    next[cursor[0]] = cursor[1];
  }
}
