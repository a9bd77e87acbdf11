import type { BuildOptions } from 'esbuild';

/** Types for the bench, which imports serverBundle.mjs from TypeScript. */
export declare const SERVER_BUNDLE_OPTIONS: Readonly<BuildOptions>;
