/**
 * Analyses: named studies composed from the library's parts.
 *
 * @module
 */

export type { ControlsTest, RealTermsOptions } from './internal/options.js';
export { type BaselineName, type RoundaboutData, type RoundaboutOptions, roundabout } from './roundabout.js';
export type * from './types.js';
