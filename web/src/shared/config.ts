/** What the server injects into the page (`<meta name="tidal-config">`, see src/web/web-files.ts). */
export interface PageConfig {
  mapTileUrl: string | null;
}

export function pageConfig(): PageConfig {
  const content = document.querySelector('meta[name="tidal-config"]')?.getAttribute('content');
  try {
    const parsed = content ? (JSON.parse(content) as Partial<PageConfig>) : {};
    return { mapTileUrl: typeof parsed.mapTileUrl === 'string' ? parsed.mapTileUrl : null };
  } catch {
    return { mapTileUrl: null };
  }
}
