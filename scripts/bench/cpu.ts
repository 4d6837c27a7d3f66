import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time (ms) spent by process groups during a phase, read from Linux /proc: the app's server
 * processes (and their cluster workers), the PostgreSQL server's processes, this load generator,
 * and the whole machine. Divided by deliveries it is the cost of one delivery, a figure that does
 * not depend on how busy the machine was.
 */
const TICK_MS = 10; // USER_HZ is 100 on Linux

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return 0;
  }
}

/** A process's children (a cluster primary's workers). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim().startsWith("postgres")) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

function machineBusyTicks(): number {
  const [cpu] = readFileSync("/proc/stat", "utf8").split("\n");
  const [user, nice, system, , , irq, softirq, steal] = cpu.trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + steal;
}

export interface CpuSnapshot {
  server: number;
  postgres: Map<number, number>;
  generator: number;
  machine: number;
}

export function cpuSnapshot(serverPids: number[]): CpuSnapshot {
  let server = 0;
  for (const pid of serverPids) for (const p of [pid, ...childrenOf(pid)]) server += processTicks(p);
  const postgres = new Map(postgresPids().map((pid) => [pid, processTicks(pid)]));
  return { server, postgres, generator: processTicks(process.pid), machine: machineBusyTicks() };
}

/** CPU ms per unit of work between two snapshots (backends that started in between count whole). */
export function cpuPerUnit(before: CpuSnapshot, after: CpuSnapshot, units: number) {
  let postgres = 0;
  for (const [pid, ticks] of after.postgres) postgres += ticks - (before.postgres.get(pid) ?? 0);
  const per = (ticks: number) => Math.round(((ticks * TICK_MS) / Math.max(1, units)) * 100) / 100;
  return {
    server: per(after.server - before.server),
    postgres: per(postgres),
    generator: per(after.generator - before.generator),
    machine: per(after.machine - before.machine),
  };
}

/** Peak resident memory of a server and its cluster workers, in MB. */
export function peakRssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    let kb = 0;
    for (const p of [pid, ...childrenOf(pid)]) {
      kb += Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    }
    return Math.round(kb / 1024);
  } catch {
    return null;
  }
}
