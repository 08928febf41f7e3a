// The capacity clock's part: one event kind for the timers of every replica set (failures, repairs,
// spot reclaims, provisioning, autoscaler ticks, scale-to-zero), the subject naming set and timer.
// The clock itself sits in capacity/, below the parts, so it is handed its kind rather than registering.

import type { Kernel } from '../../kernel.js';
import { CapacityClock } from '../capacity/capacity-clock.js';
import type { EventTable } from './event-table.js';

export function capacityTimers(kernel: Kernel, table: EventTable): CapacityClock {
  const clock: CapacityClock = new CapacityClock(kernel, table.register('capacity timer', (subject) => clock.fire(subject)));
  return clock;
}
