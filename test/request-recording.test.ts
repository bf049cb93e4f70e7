import { describe, expect, it } from "vitest";
import { REQUEST_RECORDING } from "../src/config";
import { recordingPolicy, recordingWeight } from "../src/http/request-recording";

const everyTenth = { readRate: 0.1, slowMs: 500 };
const read = { method: "GET", status: 200, durationMs: 12 };

describe("which requests are logged and measured, and with what weight", () => {
  it("keeps every write, server error and slow read, whatever the sample says", () => {
    const never = () => 0.999;
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(recordingWeight({ ...read, method }, everyTenth, never)).toBe(1);
    }
    expect(recordingWeight({ ...read, status: 503 }, everyTenth, never)).toBe(1);
    expect(recordingWeight({ ...read, durationMs: 500 }, everyTenth, never)).toBe(1);
  });

  it("keeps a fast read drawn into the sample with the weight of the reads it stands for, and drops the rest", () => {
    expect(recordingWeight(read, everyTenth, () => 0.05)).toBe(10);
    expect(recordingWeight({ ...read, status: 404, method: "HEAD" }, everyTenth, () => 0.05)).toBe(10);
    expect(recordingWeight(read, everyTenth, () => 0.1)).toBe(0);
    expect(recordingWeight(read, { ...everyTenth, readRate: 0 }, () => 0)).toBe(0);
    expect(recordingWeight(read, { ...everyTenth, readRate: 1 }, () => 0.999)).toBe(1);
  });

  it("estimates the whole traffic: weights over many reads sum to about their number", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let total = 0;
    for (let i = 0; i < 100_000; i++) total += recordingWeight(read, everyTenth, random);
    expect(Math.abs(total - 100_000) / 100_000).toBeLessThan(0.03);
  });

  it("samples in production, records everything in development and tests, and takes a valid override", () => {
    expect(recordingPolicy({ ENVIRONMENT: "production" }).readRate).toBe(REQUEST_RECORDING.readRate);
    expect(recordingPolicy({}).readRate).toBe(REQUEST_RECORDING.readRate);
    expect(recordingPolicy({ ENVIRONMENT: "development" }).readRate).toBe(1);
    expect(recordingPolicy({ ENVIRONMENT: "test" }).readRate).toBe(1);
    expect(recordingPolicy({ ENVIRONMENT: "production", REQUEST_SAMPLE_RATE: "0.25" }).readRate).toBe(0.25);
    expect(recordingPolicy({ ENVIRONMENT: "test", REQUEST_SAMPLE_RATE: "0" }).readRate).toBe(0);
    // A typo does not switch logging off, or on everywhere.
    for (const typo of ["", "1.5", "-1", "ten percent", "0,1"]) {
      expect(recordingPolicy({ ENVIRONMENT: "production", REQUEST_SAMPLE_RATE: typo }).readRate).toBe(
        REQUEST_RECORDING.readRate,
      );
    }
  });
});
