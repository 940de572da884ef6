/**
 * Wraps a Kysely dialect so that every query's success or failure reaches the store's health: a query that
 * fails because the database is unusable turns /healthz to 503 with the reason; the next one that succeeds
 * (or the health probe) clears it. Nothing is cached: each query goes to the database.
 */
import type { DatabaseConnection, Dialect, Driver, QueryResult, TransactionSettings } from 'kysely';

export interface QueryObserver {
  succeeded(): void;
  failed(error: unknown): void;
}

function observedConnection(connection: DatabaseConnection, observer: QueryObserver): DatabaseConnection {
  return {
    async executeQuery<R>(query: Parameters<DatabaseConnection['executeQuery']>[0]): Promise<QueryResult<R>> {
      try {
        const result = await connection.executeQuery<R>(query);
        observer.succeeded();
        return result;
      } catch (error) {
        observer.failed(error);
        throw error;
      }
    },
    streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
  };
}

export function observeDialect(dialect: Dialect, observer: QueryObserver): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver(): Driver {
      const driver = dialect.createDriver();
      const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
      const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
      const unwrap = (c: DatabaseConnection) => inner.get(c) ?? c;
      return {
        init: async () => {
          try {
            await driver.init();
          } catch (error) {
            observer.failed(error);
            throw error;
          }
        },
        async acquireConnection() {
          let connection: DatabaseConnection;
          try {
            connection = await driver.acquireConnection();
          } catch (error) {
            observer.failed(error);
            throw error;
          }
          let outer = wrapped.get(connection);
          if (!outer) {
            outer = observedConnection(connection, observer);
            wrapped.set(connection, outer);
            inner.set(outer, connection);
          }
          return outer;
        },
        beginTransaction: (c, settings: TransactionSettings) => driver.beginTransaction(unwrap(c), settings),
        commitTransaction: (c) => driver.commitTransaction(unwrap(c)),
        rollbackTransaction: (c) => driver.rollbackTransaction(unwrap(c)),
        releaseConnection: (c) => driver.releaseConnection(unwrap(c)),
        destroy: () => driver.destroy(),
        ...(driver.savepoint
          ? {
              savepoint: (c, name, compile) => driver.savepoint?.(unwrap(c), name, compile) ?? Promise.resolve(),
              rollbackToSavepoint: (c, name, compile) =>
                driver.rollbackToSavepoint?.(unwrap(c), name, compile) ?? Promise.resolve(),
              releaseSavepoint: (c, name, compile) =>
                driver.releaseSavepoint?.(unwrap(c), name, compile) ?? Promise.resolve(),
            }
          : {}),
      };
    },
  };
}
