/** An email as it leaves: always a plain-text part and an HTML part saying the same. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** What an email says, before it is laid out as text and HTML. */
export interface MailContent {
  readonly to: string;
  readonly subject: string;
  readonly greeting: string;
  /** Paragraphs before the button. */
  readonly paragraphs: readonly string[];
  /** The one thing to do, as a button in HTML and a bare link in text. */
  readonly action?: { readonly label: string; readonly url: string };
  /** Paragraphs after the button (e.g. "if this was not you…"). */
  readonly after?: readonly string[];
  /** Who sent it: the practice's name, or Hearth. */
  readonly signature: string;
}

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => entities[c]!);
}

const fontStack = `-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif`;

/**
 * Lays out an email. Names in it come from people (a practice's or a person's), so the HTML
 * escapes every value; the text part needs no escaping. No images, trackers or remote content:
 * mail crosses servers we do not control, and a tracking pixel would tell them who read what.
 */
export function layOut(content: MailContent): MailMessage {
  const text = [
    content.greeting,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    ...(content.after ?? []).flatMap((p) => [p, '']),
    `— ${content.signature}`,
  ].join('\n');
  const paragraph = (p: string) =>
    `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(p)}</p>`;
  const button = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" ` +
      `style="background:#2f5d50;color:#ffffff;padding:12px 20px;border-radius:6px;` +
      `text-decoration:none;display:inline-block">${escapeHtml(content.action.label)}</a></p>` +
      `<p style="margin:0 0 16px;line-height:1.5;font-size:13px;color:#555555">` +
      `If the button does not work, copy this address into your browser:<br>` +
      `<a href="${escapeHtml(content.action.url)}" style="color:#2f5d50;word-break:break-all">` +
      `${escapeHtml(content.action.url)}</a></p>`
    : '';
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>` +
    `<body style="margin:0;padding:24px;background:#f6f4ef;font-family:${fontStack};color:#1f2a27">` +
    `<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">` +
    paragraph(content.greeting) +
    content.paragraphs.map(paragraph).join('') +
    button +
    (content.after ?? []).map(paragraph).join('') +
    `<p style="margin:24px 0 0;color:#555555">— ${escapeHtml(content.signature)}</p>` +
    `</div></body></html>`;
  return { to: content.to, subject: content.subject, text, html };
}
