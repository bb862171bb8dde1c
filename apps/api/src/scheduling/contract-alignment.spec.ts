import {
  courseFormatValues,
  focusAreaValues,
  iptPhaseValues,
  memberRelationValues,
  rosterStatusValues,
} from '@hearth/contracts';
import {
  courseFormats,
  focusAreas,
  iptPhases,
  memberRelations,
  rosterStatuses,
} from '@hearth/domain';

// The contracts may not import the domain, so they spell these lists out; the api sees both and
// keeps them equal (the migration's CHECK constraints spell them out a third time).
describe('scheduling contract and domain agree', () => {
  it.each([
    ['formats', courseFormatValues, courseFormats],
    ['focus areas', focusAreaValues, focusAreas],
    ['relations', memberRelationValues, memberRelations],
    ['roster statuses', rosterStatusValues, rosterStatuses],
    ['IPT phases', iptPhaseValues, iptPhases],
  ])('on %s', (_, contract, domain) => {
    expect([...contract]).toEqual([...domain]);
  });
});
