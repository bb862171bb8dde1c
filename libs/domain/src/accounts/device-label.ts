/**
 * A person's own name for a signed-in device, from its browser's User-Agent: "Firefox on
 * Windows", "Safari on iPhone". Only the browser and the system — never versions or anything
 * else that would make the stored label a fingerprint.
 */
export function deviceLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = browserOf(ua);
  const system = systemOf(ua);
  if (!browser && !system) return 'Unknown device';
  if (!system) return browser!;
  return `${browser ?? 'Browser'} on ${system}`;
}

function browserOf(ua: string): string | undefined {
  // Order matters: Edge and Opera say "Chrome", Chrome says "Safari".
  if (/\bEdg(e|A|iOS)?\//.test(ua)) return 'Edge';
  if (/\b(OPR|Opera)\//.test(ua)) return 'Opera';
  if (/\bSamsungBrowser\//.test(ua)) return 'Samsung Internet';
  if (/\b(Firefox|FxiOS)\//.test(ua)) return 'Firefox';
  if (/\b(Chrome|Chromium|CriOS|HeadlessChrome)\//.test(ua)) return 'Chrome';
  if (/\bVersion\/[\d.]+.*\bSafari\//.test(ua)) return 'Safari';
  return undefined;
}

function systemOf(ua: string): string | undefined {
  if (/\biPhone\b/.test(ua)) return 'iPhone';
  if (/\biPad\b/.test(ua)) return 'iPad';
  if (/\bAndroid\b/.test(ua)) return 'Android';
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  if (/\bWindows\b/.test(ua)) return 'Windows';
  if (/\bMac OS X\b|\bMacintosh\b/.test(ua)) return 'Mac';
  if (/\bLinux\b/.test(ua)) return 'Linux';
  return undefined;
}
