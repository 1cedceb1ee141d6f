/**
 * One result line of the batch protocol:
 * {"host","rc","scalar","comment","duration"} followed by a newline.
 */

/** Comments longer than this are cut (consumers may truncate anyway; short lines stay atomic pipe writes). */
export const MAX_COMMENT_CHARS = 1000;

/** The comment as one line: runs of whitespace and control characters become one space, then trimmed and capped. */
export function flattenComment(comment) {
  // eslint-disable-next-line no-control-regex
  const flat = String(comment ?? '').replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX_COMMENT_CHARS ? `${flat.slice(0, MAX_COMMENT_CHARS - 1)}…` : flat;
}

/**
 * The JSON line for one host. `scalar` is rounded to an integer (0 when not
 * a finite number); `duration` (ms) is rounded and left out when unknown.
 */
export function resultLine(host, { rc, scalar, comment, duration }) {
  const record = {
    host,
    rc,
    scalar: Number.isFinite(scalar) ? Math.round(scalar) : 0,
    comment: flattenComment(comment),
  };
  if (Number.isFinite(duration)) record.duration = Math.max(0, Math.round(duration));
  return `${JSON.stringify(record)}\n`;
}
