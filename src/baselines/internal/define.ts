import type { Currency } from '../../model/currency.js';
import type { Counterfactual } from '../../model/result.js';
import type { Series } from '../../model/series.js';
import type { Baseline, BaselineContext } from '../baseline.js';
import type { CommonSettings } from './options.js';

/** How the default fit window reads in settings before a series is seen. */
export const DEFAULT_FIT_LABEL = 'first observed period to 2022-01 (monthly) or 2021 (annual)';

/** The settings every baseline reports before seeing data. */
export function commonSettings(common: CommonSettings): Record<string, unknown> {
  return {
    fit: common.fit ?? DEFAULT_FIT_LABEL,
    ...(common.exclude.length > 0 ? { exclude: common.exclude } : {}),
    level: common.level,
    seed: common.seed,
    draws: common.draws,
  };
}

/** Build a frozen {@link Baseline} from its name, resolved settings and fit function. */
export function defineBaseline(
  name: string,
  settings: Readonly<Record<string, unknown>>,
  fitFn: <C extends Currency>(
    target: Series<C>,
    context: BaselineContext<C> | undefined,
  ) => Counterfactual<C>,
): Baseline {
  return Object.freeze({
    name,
    settings: Object.freeze({ ...settings }),
    fit<C extends Currency>(target: Series<C>, context?: BaselineContext<NoInfer<C>>): Counterfactual<C> {
      return fitFn(target, context);
    },
  });
}
