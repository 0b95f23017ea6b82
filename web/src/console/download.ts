import { acceptLanguage } from '../shared/i18n';
import { authHeader } from './session';

/**
 * Fetches a file the API makes (a CSV report, the stall signs' PDF) with the staff token and
 * hands it to the browser as a download. Resolves once saved; rejects with the server's
 * message when it refused.
 */
export async function download(path: string, filename: string): Promise<void> {
  const response = await fetch(path, { headers: { ...authHeader(), 'Accept-Language': acceptLanguage() } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new Error(body?.message ?? `${response.status} ${response.statusText}`);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  // The browser starts the download after this task: removed at once, the link can lose its
  // `download` name on a busy machine (the file then saves as "download"). So it stays a while.
  setTimeout(() => {
    link.remove();
    URL.revokeObjectURL(url);
  }, 10_000);
}
