// The whole schema, one file per module.
export * from './catalog';
export * from './events';
export * from './identity';
export * from './inventory';
