/** PowerShell `-EncodedCommand` payloads: base64 of the UTF-16LE script, as Windows expects. */
export function encodePs(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}
