export { costOf, tierStartsOf, type Cost, type CostOptions, type CostSource, type PricedModel } from './costOf';
export { catalogLookupFor, type CatalogLookup } from './providerIds';
export { ratesOf, type RatesOptions, type TokenRates } from './ratesOf';
