/** Removes characters XML 1.0 forbids (control characters a pasted article may carry), so no output is ever malformed. */
export const xmlText = (text: string) =>
  text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
