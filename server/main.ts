/** Entry point for `npm start`: reads configuration, starts the server, stops cleanly on signals. */
import { ConfigError, loadConfig } from './config.ts';
import { startServer } from './app.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await startServer(config);
  if (running.created.adminToken) {
    const keptIn = config.storage.kind === 'postgres' ? 'the database, shared by every node' : `${config.dataDir}/admin-token`;
    process.stdout.write(`\nAPI token for automation (shown once; also kept in ${keptIn}):\n  ${running.adminToken}\n`);
  }
  if (running.created.inviteUrl) {
    process.stdout.write(`\nInvite link for your team (sign in with a display name):\n  ${running.created.inviteUrl}\n\n`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.logger.info({ signal }, 'stopping');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
