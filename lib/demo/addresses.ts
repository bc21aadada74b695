/** Deterministic address pools for Sysmon network events (no randomness: formulas over an index). */

function pool(n: number, f: (i: number) => string): string[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

/** Web / CDN destinations browsed by users (also used as fronting by some campaigns). */
export const WEB_IPS = [
  ...pool(24, (i) => `142.250.${180 + (i % 12)}.${(i * 37) % 250 + 3}`),
  ...pool(16, (i) => `104.16.${(i * 11) % 200 + 10}.${(i * 53) % 250 + 2}`),
  ...pool(16, (i) => `151.101.${(i * 7) % 190 + 1}.${(i * 29) % 250 + 4}`),
  ...pool(12, (i) => `185.199.${108 + (i % 4)}.${(i * 19) % 250 + 3}`),
];
/** Microsoft 365 (Outlook, Teams, OneDrive, updates). */
export const MS_IPS = pool(20, (i) => `${i % 2 ? '13.107' : '52.96'}.${(i * 13) % 200 + 4}.${(i * 41) % 250 + 2}`);
/** Cloud storage / API endpoints used by developers and admin scripts. */
export const CLOUD_IPS = pool(16, (i) => `${['20.42', '35.186', '54.231', '3.120'][i % 4]}.${(i * 23) % 240 + 6}.${(i * 61) % 250 + 2}`);
