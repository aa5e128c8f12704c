import { buildApp } from './app';
import { ConfigError, loadConfig } from './config/load';
import type { ServiceConfig } from './config/schema';
import { openSqliteStore } from './store/sqlite/sqliteStore';
import { SERVICE_VERSION } from './version';

/** Exit codes: 0 clean shutdown, 1 runtime failure, 2 bad configuration. */
const EXIT_RUNTIME_FAILURE = 1;
const EXIT_BAD_CONFIG = 2;

function readConfigOrExit(): ServiceConfig {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`foresight-backend: ${err.message}\n`);
      process.exit(EXIT_BAD_CONFIG);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfigOrExit();
  let opened: ReturnType<typeof openSqliteStore>;
  try {
    opened = openSqliteStore({ path: config.db });
  } catch (err) {
    process.stderr.write(
      `foresight-backend: cannot open the SQLite store at ${config.db} (FORESIGHT_DB): ${(err as Error).message}\n`
    );
    process.exit(EXIT_RUNTIME_FAILURE);
  }
  const { store, migration } = opened;
  const { app, beginShutdown } = buildApp({ config, store });

  app.log.info(
    {
      version: SERVICE_VERSION,
      store: store.kind,
      location: store.location,
      migrationsApplied: migration.applied,
      schemaVersion: migration.schemaVersion,
    },
    'store ready'
  );
  if (config.apiKey === undefined) {
    app.log.warn('FORESIGHT_ALLOW_NO_KEY=1: /api/* is open to anyone who can reach this port');
  }

  let shuttingDown = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    beginShutdown();
    app.log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
    const forceExit = setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(EXIT_RUNTIME_FAILURE);
    }, config.shutdownTimeoutMs);
    forceExit.unref();
    try {
      await app.close();
      await store.close();
      app.log.info('shutdown complete');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(EXIT_RUNTIME_FAILURE);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => {
    app.log.error({ err: reason }, 'unhandled promise rejection');
  });

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    app.log.fatal({ err }, `cannot listen on ${config.host}:${config.port} (FORESIGHT_HOST/FORESIGHT_PORT)`);
    await store.close();
    process.exit(EXIT_RUNTIME_FAILURE);
  }
}

void main();
