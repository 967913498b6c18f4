"""English as read in Europe: day before month, 24-hour clock.

Django's own English formats are American ("Dec. 1, 2026", "12/01/2026 8:58 a.m.").
Only output formats change here; everything else comes from Django's English module.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
