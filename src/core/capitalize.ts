// A phrase made to start a sentence: its first letter in upper case, the rest as written.

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
