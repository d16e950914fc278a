export { BudgetGuard, fitsStatus, startOfDay, startOfMonth } from './budgetGuard';
export type { BudgetLimits, BudgetPeriod, BudgetReservation, BudgetStatus, PeriodStatus } from './budgetGuard';
export { InMemorySpendLedger } from './spendSource';
export type { AttemptSink, SpendSource } from './spendSource';
