/** Line, column and the surrounding text of an offset, for messages a person can act on. */
export interface SourceLocation {
  readonly line: number;
  readonly column: number;
  readonly near: string;
}

export function locate(source: string, offset: number): SourceLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = source.indexOf('\n', lineStart);
  if (lineEnd === -1) lineEnd = source.length;
  const from = Math.max(lineStart, offset - 20);
  const to = Math.min(lineEnd, offset + 20);
  return { line, column: offset - lineStart + 1, near: source.slice(from, to).replace(/\r/g, '') };
}
