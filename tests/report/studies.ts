// Study results the HTML report is checked on, all from the shipped (real) datasets, seeded: the roundabout with
// its defaults, the UK → United Arab Emirates and Türkiye case (ONS uk-trade-monthly), a study of our own with other
// destinations and only two of the roundabout's legs, and a screen() of the shipped CN8 extract as a one-leg study.
import {
  loadDataset,
  ROUNDABOUT_LEGS,
  roundabout,
  roundaboutStudy,
  runStudy,
  type StudyResult,
  screen,
  screenStudy,
  toSeriesSet,
} from '../../src/index.js';

/** The roundabout with every default (EU and UK → Kazakhstan, Armenia, Kyrgyzstan). */
export function defaultStudy(): Promise<StudyResult> {
  return roundabout();
}

/** The UK → United Arab Emirates and Türkiye case, from the shipped ONS data. */
export function ukGulfStudy(): Promise<StudyResult> {
  return roundabout({ exporters: ['GB'], destinations: ['AE', 'TR'] });
}

/** A study of our own: other destinations, and two of the roundabout's legs in another order. */
export async function otherStudy(): Promise<StudyResult> {
  const { legStates: _, ...run } = await runStudy(
    { ...roundaboutStudy, id: 'two-legs', legs: [ROUNDABOUT_LEGS[2], ROUNDABOUT_LEGS[0]] },
    { destinations: ['AZ', 'UZ'], otherNeighbours: ['GE'] },
  );
  return run;
}

/** A screen of every CN8 sanctioned code × destination in the shipped Comext extract: its study and full table. */
export async function screenCase(): Promise<{ study: StudyResult; full: StudyResult }> {
  const loaded = await loadDataset('eu-sanctioned-exports-monthly');
  const set = toSeriesSet(
    loaded.observations.filter((o) => o.product.level === 8),
    { by: ['product', 'partner'], flow: 'export' },
  );
  const result = await screen({ series: set });
  return {
    study: screenStudy(result, { top: 200, provenance: loaded.provenance }),
    full: screenStudy(result, { top: result.rows.length, provenance: loaded.provenance }),
  };
}
