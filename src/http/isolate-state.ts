/** State that outlives a request but not the isolate. Filled in by the features that need it. */
export interface IsolateState {
  createdAt: number;
}

export function createIsolateState(): IsolateState {
  return { createdAt: Date.now() };
}
