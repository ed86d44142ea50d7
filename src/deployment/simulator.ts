/** The simulator of an analysed spec: its SCPs and RCPs, its organization id and management account. */
import { createSimulator, type Simulator } from '../../scp/simulate.ts';
import type { Analysis } from './analyze.ts';

export function simulatorOf(analysis: Analysis): Simulator {
  const { spec, index } = analysis.loaded;
  return createSimulator(analysis.scps, index, spec.organization.id, { rcps: analysis.rcps, managementAccountId: spec.organization.managementAccountId });
}
