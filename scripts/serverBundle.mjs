/**
 * How a server is bundled to run under plain Node: our server by ensure-build.mjs for `npm start`,
 * and the bench's reference servers with the very same settings, so start-up and memory figures
 * compare servers built alike. Callers add the entry point, the output file and the working folder.
 */
export const SERVER_BUNDLE_OPTIONS = Object.freeze({
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies load from node_modules at run time, as under tsx: native modules and
  // packages that find their own files keep working, and the bundle holds only our code.
  packages: 'external',
  sourcemap: 'linked',
  // Function and class names as written (tsx keeps them too): stack traces, logs and CPU profiles.
  keepNames: true,
  logLevel: 'warning',
});
