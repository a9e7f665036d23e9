"""What absence announces to the apps built on it.

`sickness_changed` is sent after every write that changes an employee's sickness or leave (an
episode reported, recovered or corrected; a pregnancy and maternity leave recorded or deleted;
an import), inside that write's transaction, so a receiver that fails rolls the write back.
Arguments: ``employee_ids`` (the employees whose records changed) and ``today`` (the day it is;
None for ``timezone.localdate()``). The reintegration file keeps its cases in step with the
chains of sickness this way; absence does not know who listens."""

from django.dispatch import Signal

sickness_changed = Signal()
