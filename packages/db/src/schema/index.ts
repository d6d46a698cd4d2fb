// The whole schema, one file per module.
export * from './events';
export * from './identity';
