// The whole schema, one file per module.
export * from './cart';
export * from './catalog';
export * from './channels';
export * from './events';
export * from './fulfilment';
export * from './identity';
export * from './inventory';
export * from './logistics';
export * from './orders';
export * from './payments';
export * from './points';
export * from './promotions';
export * from './purchasing';
export * from './reviews';
export * from './settings';
export * from './simulators';
