// Tests make clients in-process (breakers, look-alikes, checks' look-ups): every service's SDK is loaded for them.
import { loadServices, SERVICE_NAMES } from '../../lab-runner/clients.js';

await loadServices(SERVICE_NAMES);
