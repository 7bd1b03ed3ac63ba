/**
 * CPU time, write system calls and peak memory of a process, from /proc: utime+stime of
 * /proc/<pid>/stat (clock ticks, `getconf CLK_TCK`), `syscw` of /proc/<pid>/io (every write and
 * writev the process made: on these processes, a message sent on a socket, or a log line) and
 * VmHWM of /proc/<pid>/status (peak resident set since start). The load generator reads its CPU
 * with process.cpuUsage(). Linux only; elsewhere every figure is null.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessSample {
  readonly cpuMs: number | null;
  readonly writeCalls: number | null;
  readonly peakRssKb: number | null;
}

let clockTicks: number | undefined;

function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

export function sampleProcess(pid: number | 'self'): ProcessSample {
  return { cpuMs: pid === 'self' ? selfCpuMs() : cpuMsOf(pid), writeCalls: writeCallsOf(pid), peakRssKb: peakRssKbOf(pid) };
}

function selfCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at state (field 3).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
    return ((utime + stime) * 1000) / ticksPerSecond();
  } catch {
    return null;
  }
}

function writeCallsOf(pid: number | 'self'): number | null {
  try {
    const calls = Number(/^syscw:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1]);
    return Number.isFinite(calls) ? calls : null;
  } catch {
    return null;
  }
}

function peakRssKbOf(pid: number | 'self'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb : null;
  } catch {
    return null;
  }
}

/** True when `pid` is a process of this machine whose command line matches `pattern`. */
export function isLocalProcess(pid: number, pattern: RegExp): boolean {
  try {
    return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
  } catch {
    return false;
  }
}
