/** One line per step with its time; the first failure stops the run with everything we know. */
import { SmokeFailure } from "./client.ts";

export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  note: string;
}

/** Thrown after a failed step has been printed: the run stops, cleanup still happens. */
export class RunStopped extends Error {}

export class Runner {
  readonly results: StepResult[] = [];
  private readonly started = performance.now();

  /** Runs one step; `work` resolves with the line to print about what it saw. */
  async step(name: string, work: () => Promise<string>): Promise<void> {
    const started = performance.now();
    try {
      const note = await work();
      this.record({ name, ok: true, ms: performance.now() - started, note });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.record({ name, ok: false, ms: performance.now() - started, note: message });
      if (error instanceof SmokeFailure && error.details) console.log(indent(error.details));
      else if (!(error instanceof SmokeFailure) && error instanceof Error && error.stack)
        console.log(indent(error.stack));
      throw new RunStopped(`${name}: ${message}`);
    }
  }

  private record(result: StepResult): void {
    this.results.push(result);
    const mark = result.ok ? "ok  " : "FAIL";
    console.log(`${mark} ${result.name.padEnd(20)} ${formatMs(result.ms).padStart(8)}  ${result.note}`);
  }

  get passed(): boolean {
    return this.results.length > 0 && this.results.every((r) => r.ok);
  }

  summary(planned: string[]): string {
    const ok = this.results.filter((r) => r.ok).length;
    const failed = this.results.filter((r) => !r.ok).map((r) => r.name);
    const notRun = planned.filter((name) => !this.results.some((r) => r.name === name));
    const total = formatMs(performance.now() - this.started);
    if (failed.length === 0 && notRun.length === 0) return `smoke: all ${ok} steps passed in ${total}`;
    const parts = [`${ok} passed`, `failed: ${failed.join(", ") || "none"}`];
    if (notRun.length > 0) parts.push(`not run: ${notRun.join(", ")}`);
    return `smoke: FAILED in ${total} (${parts.join("; ")})`;
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

export function indent(text: string, prefix = "       | "): string {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}
