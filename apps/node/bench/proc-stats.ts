/** CPU time and resident memory of a process, from Linux /proc (the benchmark's per-node figures). */
import { readFileSync } from 'node:fs';

/** USER_HZ: /proc reports CPU times in these ticks (100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface ProcSample {
  cpuSeconds: number;
  rssBytes: number;
  atMs: number;
}

export function sampleProcess(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  return { cpuSeconds: (utime + stime) / TICKS_PER_SECOND, rssBytes: rssPages * 4096, atMs: Date.now() };
}
