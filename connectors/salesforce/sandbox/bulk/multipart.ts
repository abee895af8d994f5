/**
 * The multipart/form-data body of a one-request ingest job: a `job` part (JSON) and a `content`
 * part (CSV). Salesforce's own example separates parts with bare LF, so both LF and CRLF are read.
 */

export interface Part {
  readonly name: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The boundary of a `multipart/form-data; boundary=…` content type (quoted or not). */
export function boundaryOf(contentType: string): string | undefined {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

/** The parts of a multipart body, by their Content-Disposition name. */
export function parseMultipart(body: string, boundary: string): Map<string, Part> {
  const parts = new Map<string, Part>();
  const sections = body.split(`--${boundary}`);
  // the first section is the preamble, the last one starts with the closing `--`
  for (const section of sections.slice(1)) {
    if (section.startsWith('--')) break;
    const text = section.replace(/^\r?\n/, '');
    const split = /\r?\n\r?\n/.exec(text);
    const headerText = split ? text.slice(0, split.index) : text;
    const content = split ? text.slice(split.index + split[0].length) : '';
    const headers: Record<string, string> = {};
    for (const line of headerText.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const name = /\bname="([^"]*)"/i.exec(headers['content-disposition'] ?? '')?.[1];
    if (name !== undefined) parts.set(name, { name, headers, body: content.replace(/\r?\n$/, '') });
  }
  return parts;
}
