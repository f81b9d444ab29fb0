/** `https://host[:port]` of a URL; the text itself when it is not a URL (for messages). */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
