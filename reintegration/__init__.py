"""The reintegration file under the Gatekeeper Act (Wet verbetering poortwachter).

One case per chain of sickness that runs past sick day 7, with its deadlines (the pure schedule
in poortwachter.py), what was recorded (consultations, the problem analysis, the action plan,
evaluations, reports to UWV) with PDF documents, the employee's own view, reminders to the case
owner, the file as one PDF, its pages and API, and the owner's deadlines in their calendar.

It is built on `absence`: it reads sickness through absence.selectors, follows every change to
it through absence.signals, and adds its sections to absence's pages through
absence.extensions. absence knows nothing of it."""
