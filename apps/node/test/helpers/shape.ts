/** Compares JSON shapes: same keys at every level, same JS types, compatible string formats. */
function stringKinds(s: string): Set<string> {
  const kinds = new Set<string>();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(s)) kinds.add('time');
  if (/^-?\d+$/.test(s)) kinds.add('int');
  if (/^([0-9A-F]{2})*$/.test(s)) kinds.add('HEX');
  if (/^[0-9a-f]{40}$/.test(s)) kinds.add('node-id');
  if (kinds.size === 0) kinds.add('text');
  return kinds;
}

export function shapeDifferences(ours: unknown, theirs: unknown, path = '$'): string[] {
  if (theirs === null || ours === null) return theirs === ours ? [] : [`${path}: ${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`];
  if (Array.isArray(theirs)) {
    if (!Array.isArray(ours)) return [`${path}: expected an array`];
    if (theirs.length === 0 || ours.length === 0) return [];
    return ours.flatMap((item, i) => shapeDifferences(item, theirs[0], `${path}[${i}]`));
  }
  if (typeof theirs === 'object') {
    if (typeof ours !== 'object' || Array.isArray(ours)) return [`${path}: expected an object`];
    const a = Object.keys(ours as object);
    const b = Object.keys(theirs as object);
    const out: string[] = [];
    if (a.join(',') !== b.join(',')) out.push(`${path}: keys [${a}] vs [${b}]`);
    for (const k of b) {
      if (k in (ours as object)) {
        out.push(...shapeDifferences((ours as Record<string, unknown>)[k], (theirs as Record<string, unknown>)[k], `${path}.${k}`));
      }
    }
    return out;
  }
  if (typeof ours !== typeof theirs) return [`${path}: ${typeof ours} vs ${typeof theirs}`];
  if (typeof theirs === 'string') {
    const ok = [...stringKinds(ours as string)].some((k) => stringKinds(theirs).has(k)) || (ours === '' && stringKinds(theirs).has('HEX'));
    if (!ok) return [`${path}: ${JSON.stringify(ours)} is not formatted like ${JSON.stringify(theirs)}`];
  }
  return [];
}
