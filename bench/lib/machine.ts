/** Facts about the machine a run happened on, for the table's caption and the JSON. */
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';

export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  date: string;
  commit: string | null;
}

export function machineFacts(): MachineFacts {
  return {
    cpuModel: cpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${osName()} (${os.type()} ${os.release()})`,
    date: new Date().toISOString(),
    commit: gitCommit(),
  };
}

function cpuModel(): string {
  const model = os.cpus()[0]?.model?.trim();
  if (model) {
    const mhz = os.cpus()[0]?.speed;
    return mhz ? `${model} @ ${(mhz / 1000).toFixed(2)} GHz` : model;
  }
  return 'unknown';
}

function osName(): string {
  try {
    const match = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
    return match?.[1] ?? os.platform();
  } catch {
    return os.platform();
  }
}

/** The checked-out commit, marked when server/ or shared/ have uncommitted changes. */
export function gitCommit(): string | null {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', 'server', 'shared'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head} (server/shared modified)` : head;
  } catch {
    return null;
  }
}
