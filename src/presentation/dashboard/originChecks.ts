import type * as core from '../../core/metrics/attemptRecord';
import type * as wire from '../../protocol/dashboardProtocol';

/**
 * The core records where each call came from and the dashboard protocol offers the same list as a
 * filter; each spells it on its own (the protocol is a leaf). This fails to compile when they drift.
 */
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type OriginChecks = [Assert<Equal<core.AttemptOrigin, wire.AttemptOrigin>>, Assert<Equal<readonly core.AttemptOrigin[], readonly wire.AttemptOrigin[]>>];
