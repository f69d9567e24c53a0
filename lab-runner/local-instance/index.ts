// Local boots of EC2 instances for targets where an instance is only a record: boot, find, stop.
export { bootLocalInstance, type LocalInstance, type LocalInstanceSpec, type LocalPlacement, liveLocalInstance } from './boot.js';
export { type LocalInstanceRecord, readRecord as readLocalInstance } from './records.js';
export { stopLocalInstance } from './stop.js';
