// The outbox's IndexedDB store for page modules: database "steady-outbox", store
// "items" keyed by uuid. The code lives in core.js, which the worker shares.
import "./core.js";

const { store, DB_NAME, DB_VERSION } = globalThis.steadyOutboxCore;

export { DB_NAME, DB_VERSION };
export const {
  put, get, all, pending, count, remove, markAttention, markConflict, clearOwner, clearAll, nextTryAt,
} = store;
