import type { DomainError, Err, Result } from "../lib/result";

class Refused extends Error {
  constructor(readonly result: Err<DomainError>) {
    super(result.error.detail);
  }
}

/**
 * Runs a verb in one SQLite transaction and rolls it back when the verb returns an error, so a
 * refused call leaves neither counts nor ledger entries behind. transactionSync takes a
 * synchronous closure: there is no way to await (and so to let another call in) half-way through.
 */
export function transact<T>(storage: Pick<DurableObjectStorage, "transactionSync">, verb: () => Result<T>): Result<T> {
  try {
    return storage.transactionSync(() => {
      const result = verb();
      if (!result.ok) throw new Refused(result);
      return result;
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    throw error;
  }
}
