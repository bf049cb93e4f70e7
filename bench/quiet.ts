import { machineBusySeconds, processCpuSeconds } from "./worker.ts";

/**
 * Waits (up to `maxSeconds`) until other processes use less than `threshold` of a core, sampled
 * over one second at a time. The machine is shared; this does not make it quiet, it only avoids
 * starting a scenario in the middle of someone else's burst. Returns the last sample.
 */
export async function waitForQuiet(workerdPid: number | null, maxSeconds = 20, threshold = 0.25): Promise<number> {
  let others = Number.NaN;
  for (let waited = 0; waited < maxSeconds; waited++) {
    const machine = machineBusySeconds();
    const workerd = processCpuSeconds(workerdPid) ?? 0;
    const own = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 1000));
    const after = machineBusySeconds();
    if (machine === null || after === null) return Number.NaN;
    const mine = process.cpuUsage(own);
    others = after - machine - ((processCpuSeconds(workerdPid) ?? 0) - workerd) - (mine.user + mine.system) / 1e6;
    if (others < threshold) return others;
  }
  return others;
}
