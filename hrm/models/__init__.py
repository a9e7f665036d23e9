"""People, teams, contract periods, role assignments and organisation settings.

Deliberately absent: BSN, date of birth, private address and anything medical."""

from hrm.models.organisation import WEEKDAYS as WEEKDAYS
from hrm.models.organisation import OrganisationSettings as OrganisationSettings
from hrm.models.organisation import email_list as email_list
from hrm.models.people import MAX_HOURS_PER_WEEK as MAX_HOURS_PER_WEEK
from hrm.models.people import NAME_PREFIXES as NAME_PREFIXES
from hrm.models.people import ContractPeriod as ContractPeriod
from hrm.models.people import Employee as Employee
from hrm.models.people import EmployeeQuerySet as EmployeeQuerySet
from hrm.models.people import RoleAssignment as RoleAssignment
from hrm.models.people import Team as Team
from hrm.models.people import sort_name as sort_name
